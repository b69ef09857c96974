import { strict as assert } from "node:assert";
import { odata, TableClient } from "@azure/data-tables";
import { isPlanTrackerError } from "../../src/errors";
import type { App } from "../../src/index";
import { testConnectionString } from "./testApp";

/** The row keys in a plan's partition that start with a prefix, read straight from the table. */
export async function rowsUnder(app: App, planId: string, prefix: string): Promise<string[]> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}plans`, { allowInsecureConnection: true });
  const keys: string[] = [];
  for await (const entity of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${planId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}` } })) keys.push(entity.rowKey!);
  return keys;
}

/** The PlanTrackerError a call is refused with; the test fails if the call succeeds or fails otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; problems: readonly string[] }> {
  try {
    await promise;
  } catch (error) {
    if (isPlanTrackerError(error)) return { code: error.code, message: error.message, problems: error.problems };
    throw error;
  }
  assert.fail("expected a refusal");
}

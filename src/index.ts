import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { odata, TableClient } from "@azure/data-tables";
import { PlanService } from "./app/planService";
import type { Config } from "./config";
import { CatalogRepository } from "./storage/catalogRepository";
import { embeddedRecoveryPolicy } from "./storage/embeddedRecoveryPolicy";
import { openEmbeddedTables, type EmbeddedTables } from "./storage/embeddedTables";
import { PlanRepository } from "./storage/planRepository";
import { RequestCounter } from "./storage/requestCounter";

/**
 * The composition root: the one place that builds configuration-dependent I/O —
 * the table store (embedded Azurite or Azure), the table clients, the repositories
 * and the services. The CLI and the bot both start here.
 */

export interface AppOptions {
  /** A long-running process (the bot) takes over the embedded store if its host exits; a CLI command does not. */
  longRunning: boolean;
  log: (message: string) => void;
}

export interface App {
  config: Config;
  plans: PlanService;
  requestCounter: RequestCounter;
  /** Where the data is, for start-up messages: "embedded store in .data (host)" or the Azure endpoint. */
  describeStorage(): string;
  /** Answers when storage does (readiness). */
  checkStorage(): Promise<void>;
  close(): Promise<void>;
}

/** The tables, each behind one repository; names are TABLE_PREFIX + this. */
type TableName = "plans" | "catalog";

export async function openApp(config: Config, options: AppOptions): Promise<App> {
  let embedded: EmbeddedTables | undefined;
  let connectionString = config.tablesConnectionString;
  if (connectionString === undefined) {
    embedded = await openEmbeddedTables({ dataDir: config.dataDir, port: config.embeddedTablesPort, takeOver: options.longRunning, log: options.log });
    connectionString = embedded.connectionString;
  }
  try {
    return await compose(config, options, connectionString, embedded);
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}

async function compose(config: Config, options: AppOptions, connectionString: string, embedded: EmbeddedTables | undefined): Promise<App> {
  // Plain http is allowed only for a local emulator (the embedded store, or Azurite in tests).
  const clientOptions = { allowInsecureConnection: /TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(connectionString) || /UseDevelopmentStorage=true/.test(connectionString) };
  const requestCounter = new RequestCounter();
  const client = (name: TableName) => {
    const table = TableClient.fromConnectionString(connectionString, `${config.tablePrefix}${name}`, clientOptions);
    table.pipeline.addPolicy(requestCounter.policy);
    if (embedded) table.pipeline.addPolicy(embeddedRecoveryPolicy(embedded));
    return table;
  };
  const planTable = client("plans");
  const catalogTable = client("catalog");
  await Promise.all([planTable.createTable(), catalogTable.createTable()]);

  const plans = new PlanService(new PlanRepository(planTable), new CatalogRepository(catalogTable), config.defaultPlanId);
  if (embedded) {
    // Only the embedded default is seeded: a real deployment starts from the plan its team imports.
    const seeded = await plans.seedIfEmpty(async () => {
      const path = resolve(config.samplePlanFile);
      return { fileName: basename(path), text: await readFile(path, "utf8") };
    });
    if (seeded) options.log(`Loaded the sample plan ${seeded.planId} into the empty embedded store`);
  }

  return {
    config,
    plans,
    requestCounter,
    describeStorage: () => (embedded ? `embedded table store in ${config.dataDir} (${embedded.role()}, port ${config.embeddedTablesPort})` : `Azure Tables at ${new URL(planTable.url).origin}`),
    checkStorage: async () => {
      // The cheapest request that proves the table answers: one page of at most one row.
      await planTable.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${""}` } }).byPage({ maxPageSize: 1 }).next();
    },
    close: async () => {
      await embedded?.close();
    },
  };
}

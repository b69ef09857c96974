import { strict as assert } from "node:assert";
import { odata, TableServiceClient } from "@azure/data-tables";
import { admin, openTestApp, sampleText, testConnectionString } from "../support/testApp";

describe("tables at start (Azurite)", () => {
  const service = () => TableServiceClient.fromConnectionString(testConnectionString(), { allowInsecureConnection: true });
  const tablesOf = async (prefix: string) => {
    const names: string[] = [];
    for await (const table of service().listTables({ queryOptions: { filter: odata`TableName ge ${prefix} and TableName lt ${`${prefix}~`}` } })) names.push(table.name!);
    return names.sort();
  };

  it("the first start creates every table; a later start creates only a missing one and keeps the rest as they are", async () => {
    const prefix = `starttables${Date.now().toString(36)}`;
    // Another table whose name starts with the prefix: it is listed too, and left alone.
    const neighbour = `${prefix}xother`;
    await service().createTable(neighbour);
    try {
      const first = await openTestApp({ tablePrefix: prefix });
      await first.plans.importFile("somerset-app.json", sampleText(), admin);
      await first.close();
      const created = await tablesOf(prefix);
      assert.equal(created.filter((name) => name !== neighbour).length, 11, `every table: ${created.join(", ")}`);

      await service().deleteTable(`${prefix}memberships`);
      const second = await openTestApp({ tablePrefix: prefix });
      try {
        assert.deepEqual(await tablesOf(prefix), created, "the missing table is created again");
        assert.equal((await second.plans.view("somerset-app")).plan.id, "somerset-app", "the other tables keep their rows");
      } finally {
        await second.close();
      }
    } finally {
      await service().deleteTable(neighbour);
    }
  });
});

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
    // Opening makes no other request through the table clients here (no embedded store, so no sample to load).
    const first = await openTestApp({ tablePrefix: prefix });
    assert.deepEqual(first.requestCounter.byMethod(), { POST: 11 }, "a create for each of the eleven tables");
    await first.plans.importFile("somerset-app.json", sampleText(), admin);
    await first.close();
    const created = await tablesOf(prefix);
    assert.equal(created.length, 11, created.join(", "));
    try {
      const unchanged = await openTestApp({ tablePrefix: prefix });
      assert.deepEqual(unchanged.requestCounter.byMethod(), {}, "every table exists: no create");
      await unchanged.close();

      await service().deleteTable(`${prefix}memberships`);
      const second = await openTestApp({ tablePrefix: prefix });
      try {
        assert.deepEqual(second.requestCounter.byMethod(), { POST: 1 }, "only the missing table is created");
        assert.deepEqual(await tablesOf(prefix), created);
        assert.equal((await second.plans.view("somerset-app")).plan.id, "somerset-app", "the other tables keep their rows");
      } finally {
        await second.close();
      }
    } finally {
      for (const name of created) await service().deleteTable(name);
    }
  });
});

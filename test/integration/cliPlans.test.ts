import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import { openApp } from "../../src/index";
import { runCli } from "../support/cli";
import { PROJECT_ROOT, SAMPLE_PLAN } from "../support/paths";
import { testConfig, testConnectionString, uniquePrefix } from "../support/testApp";

const NORTHSHIRE = resolve(PROJECT_ROOT, "data", "northshire-wsoa.json");

describe("plan-tracker CLI with several plans: prompts for each, admins, bind", function () {
  this.timeout(120_000);
  let env: Record<string, string>;

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix(), PLAN_ADMIN_IDS: "aad-seed" };
    for (const file of [SAMPLE_PLAN, NORTHSHIRE]) {
      const imported = await runCli(["import", file], env);
      assert.equal(imported.code, 0, imported.stderr);
    }
  });

  it("prompts --dry-run without --plan lists each plan's due owners", async () => {
    const result = await runCli(["prompts", "--dry-run", "--as-of", "2023-11-01", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { plans: { planId: string; prompts: { owner: { id: string } }[] }[] };
    assert.deepEqual(json.plans.map((p) => p.planId).sort(), ["northshire-wsoa", "somerset-app"]);
    const northshire = json.plans.find((p) => p.planId === "northshire-wsoa")!;
    assert.deepEqual(northshire.prompts.map((p) => p.owner.id).sort(), ["ben-sample", "cara-placeholder"]);
    assert.ok(json.plans.find((p) => p.planId === "somerset-app")!.prompts.some((p) => p.owner.id === "gemma-reeves"));
    const text = await runCli(["prompts", "--dry-run", "--as-of", "2023-11-01"], env);
    assert.match(text.stdout, /Plan somerset-app:/);
    assert.match(text.stdout, /Plan northshire-wsoa:[\s\S]*Ben Sample/);
  });

  it("admins: seeded, added and removed with history; the last one is never removed", async () => {
    let result = await runCli(["admins", "--plan", "northshire-wsoa"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Admins of northshire-wsoa:\n {2}aad-seed/);
    result = await runCli(["admins", "add", "aad-ada", "--plan", "northshire-wsoa", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { admins: string[] }).admins, ["aad-seed", "aad-ada"]);
    assert.equal((await runCli(["admins", "remove", "aad-seed", "--plan", "northshire-wsoa"], env)).code, 0);
    result = await runCli(["admins", "remove", "aad-ada", "--plan", "northshire-wsoa"], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /last admin of plan northshire-wsoa/);
    assert.equal((await runCli(["admins", "--plan", "no-such-plan"], env)).code, 3);
    const config = testConfig({ tablesConnectionString: testConnectionString(), tablePrefix: env.TABLE_PREFIX! });
    const app = await openApp({ ...config, bot: { ...config.bot, adminIds: ["aad-seed"] } }, { longRunning: false, log: () => undefined });
    try {
      assert.deepEqual(await app.admins.list("northshire-wsoa"), ["aad-ada"]);
      assert.deepEqual((await app.admins.history("northshire-wsoa")).map((c) => [c.change, c.aadObjectId]), [["add", "aad-ada"], ["remove", "aad-seed"]]);
      // The other plan still has its seed.
      assert.deepEqual(await app.admins.list("somerset-app"), ["aad-seed"]);
    } finally {
      await app.close();
    }
  });

  it("bind: a channel serves the plan named; a plan not stored is refused", async () => {
    const result = await runCli(["bind", "19:send-board@thread.tacv2;messageid=42", "--plan", "northshire-wsoa"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /19:send-board@thread.tacv2 now serves plan northshire-wsoa/);
    assert.equal((await runCli(["bind", "19:other@thread.tacv2", "--plan", "no-such-plan"], env)).code, 3);
    const app = await openApp(testConfig({ tablesConnectionString: testConnectionString(), tablePrefix: env.TABLE_PREFIX! }), { longRunning: false, log: () => undefined });
    try {
      assert.equal(await app.bindings.planOf("19:send-board@thread.tacv2"), "northshire-wsoa");
      assert.equal(await app.bindings.planOf("19:other@thread.tacv2"), undefined);
    } finally {
      await app.close();
    }
  });
});

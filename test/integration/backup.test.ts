import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { exportBackup } from "../../src/backup/exportBackup";
import { readBackup } from "../../src/backup/readBackup";
import { restoreBackup, tablesWithRows } from "../../src/backup/restoreBackup";
import { isPlanTrackerError } from "../../src/errors";
import { openApp, type App } from "../../src/index";
import { freePort, runCli } from "../support/cli";
import { populateStore } from "../support/populateStore";
import { admin, openTestApp, sampleText, testConfig } from "../support/testApp";

/** Every Plan Tracker table a backup holds (all but the leases). */
const TABLES = ["admins", "backups", "bindings", "catalog", "conversations", "digests", "links", "memberships", "plans", "prompts"];

const lines = (file: string) => gunzipSync(readFileSync(file)).toString("utf8").split("\n");

describe("export and restore", function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-backup-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("round trip on the embedded store: every table, the same rows, the same status and history (the CLI restores into a store nothing seeded)", async () => {
    const first = { DATA_DIR: join(dir, "first"), EMBEDDED_TABLES_PORT: String(await freePort()) };
    const second = { DATA_DIR: join(dir, "second"), EMBEDDED_TABLES_PORT: String(await freePort()) };
    const config = { ...testConfig({ dataDir: first.DATA_DIR, embeddedTablesPort: Number(first.EMBEDDED_TABLES_PORT), tablePrefix: "plantracker" }), tablesConnectionString: undefined };
    const app = await openApp(config, { longRunning: false, log: () => undefined });
    const file = join(dir, "b.jsonl.gz");
    try {
      await populateStore(app);
      assert.deepEqual(await app.backupTables.names(), TABLES);
      assert.deepEqual(await tablesWithRows(app.backupTables), TABLES, "no table is empty");
      await exportBackup(app.backupTables, file, { appVersion: app.appVersion });
    } finally {
      await app.close();
    }

    const restored = await runCli(["restore", file], second);
    assert.equal(restored.code, 0, restored.stderr);
    assert.doesNotMatch(restored.stderr, /Loaded the sample plan/);
    const again = join(dir, "again.jsonl.gz");
    const exported = await runCli(["export", "--out", again], second);
    assert.equal(exported.code, 0, exported.stderr);
    const [before, after] = [lines(file), lines(again)];
    const header = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), createdAt: undefined });
    assert.deepEqual(header(after[0]!), header(before[0]!));
    assert.equal(after.length, before.length);
    assert.deepEqual(after.slice(1), before.slice(1), "the same rows, table for table (the store's own Timestamp and ETag are not in a backup)");
    for (const table of TABLES) assert.ok(before.some((line) => line.startsWith(`{"kind":"end","table":"${table}","rows":`) && !line.includes('"rows":0,')), `${table} has rows`);

    for (const command of [["status", "--as-of", "2023-11-20", "--json"], ["history", "--json"], ["history", "1.3", "--json"]]) {
      const [a, b] = await Promise.all([runCli(command, first), runCli(command, second)]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.equal(b.stdout, a.stdout, command.join(" "));
      assert.ok(a.stdout.length > 100);
    }
  });

  describe("refusals: nothing is written", () => {
    let source: App;
    let target: App;
    let good: string;
    const damaged = (name: string, bytes: Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const rewritten = (name: string, edit: (lines: string[]) => string[]) => damaged(name, gzipSync(edit(lines(good)).join("\n")));

    before(async () => {
      source = await openTestApp();
      await source.plans.importFile("somerset-app.json", sampleText(), admin);
      await source.links.link("somerset-app", "gemma-reeves", { aadObjectId: "aad-gemma", name: "Gemma Reeves", tenantId: "t1" }, "manual", "test");
      good = join(dir, "good.jsonl.gz");
      await exportBackup(source.backupTables, good, { appVersion: source.appVersion });
      target = await openTestApp();
    });
    after(async () => {
      await source.close();
      await target.close();
    });

    const refuses = async (file: string, message: RegExp) => {
      await assert.rejects(restoreBackup(target.backupTables, file, { appVersion: "test" }), (error) => isPlanTrackerError(error, "invalid-input") && message.test(error.message) && /Nothing was written/.test(error.message));
      assert.deepEqual(await tablesWithRows(target.backupTables), []);
    };

    it("a truncated file", async () => {
      const bytes = readFileSync(good);
      await refuses(damaged("truncated.gz", bytes.subarray(0, Math.floor(bytes.length / 2))), /truncated or damaged/);
      // Cut at a line boundary and compressed again: gzip is whole, the file is not.
      await refuses(rewritten("cut.gz", (all) => all.slice(0, Math.floor(all.length / 2))), /truncated|ends inside/);
    });

    it("a flipped byte", async () => {
      const bytes = Buffer.from(readFileSync(good));
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      await refuses(damaged("flipped.gz", bytes), /damaged/);
      // A changed value in a row, compressed again so that gzip's own check passes: the table's SHA-256 does not.
      await refuses(rewritten("edited.gz", (all) => all.map((line) => line.replace('"Gemma Reeves"', '"Gemma Reevez"'))), /checksum of table links/);
    });

    it("a missing table", async () => {
      const file = rewritten("missing.gz", (all) => {
        const start = all.findIndex((line) => line === '{"kind":"table","table":"links"}');
        const end = all.findIndex((line) => line.startsWith('{"kind":"end","table":"links"'));
        return [...all.slice(0, start), ...all.slice(end + 1)];
      });
      await refuses(file, /table links is missing/);
    });

    it("a newer format version, and a foreign file", async () => {
      await refuses(rewritten("newer.gz", ([head, ...rest]) => [head!.replace('"formatVersion":1', '"formatVersion":2'), ...rest]), /format version 2, newer/);
      await refuses(damaged("foreign.gz", gzipSync('{"hello":"world"}\n')), /not a Plan Tracker backup/);
      await refuses(damaged("plain.json", Buffer.from('{"kind":"header"}\n')), /not a complete gzip file/);
    });

    it("a store that holds data, unless --replace (which exports it first)", async () => {
      const rowsBefore = lines(good).length;
      await assert.rejects(restoreBackup(source.backupTables, good, { appVersion: "test" }), (error) => isPlanTrackerError(error, "conflict") && /already holds Plan Tracker data/.test(error.message));
      const check = join(dir, "check.jsonl.gz");
      await exportBackup(source.backupTables, check, { appVersion: "test" });
      assert.equal(lines(check).length, rowsBefore, "nothing written");
      const preRestoreFile = join(dir, "pre-restore.jsonl.gz");
      const result = await restoreBackup(source.backupTables, good, { appVersion: "test", replace: { preRestoreFile } });
      assert.equal(result.preRestore?.rows, result.restored.rows);
      assert.equal((await readBackup(preRestoreFile)).rows, result.restored.rows);
    });

    it("the command line: exit 2 for a bad file, 4 for a store with data, 2 for --replace without --yes", async () => {
      const env = { AZURE_TABLES_CONNECTION_STRING: process.env.TEST_TABLES_CONNECTION_STRING!, TABLE_PREFIX: target.config.tablePrefix };
      const truncated = await runCli(["restore", join(dir, "truncated.gz")], env);
      assert.equal(truncated.code, 2, truncated.stderr);
      assert.match(truncated.stderr, /cannot be restored: .*Nothing was written/);
      const sourceEnv = { ...env, TABLE_PREFIX: source.config.tablePrefix };
      assert.equal((await runCli(["restore", good], sourceEnv)).code, 4);
      const unconfirmed = await runCli(["restore", good, "--replace"], sourceEnv);
      assert.equal(unconfirmed.code, 2);
      assert.match(unconfirmed.stderr, /--yes/);
      assert.deepEqual(await tablesWithRows(target.backupTables), []);
    });
  });

  it("export --plan holds the plan's rows and its people's conversations and team memberships, not another plan's", async () => {
    const app = await openTestApp();
    try {
      await app.plans.importFile("somerset-app.json", sampleText(), admin);
      const other = JSON.parse(sampleText()) as { id: string };
      await app.plans.importFile("other.json", JSON.stringify({ ...other, id: "other-plan" }), admin);
      await app.links.link("somerset-app", "gemma-reeves", { aadObjectId: "aad-gemma", name: "Gemma Reeves", tenantId: "t1" }, "manual", "test");
      await app.links.link("other-plan", "julia-ridge", { aadObjectId: "aad-julia", name: "Julia Ridge", tenantId: "t1" }, "manual", "test");
      for (const aad of ["aad-gemma", "aad-julia"]) {
        await app.conversations.record("t1", `user|${aad}`, { scope: "personal", installed: true, reference: { format: 1, channelId: "msteams", serviceUrl: "http://127.0.0.1:9/", conversation: { id: `a:${aad}`, conversationType: "personal", tenantId: "t1", isGroup: false, name: "" }, bot: { id: "28:b", name: "Plan Tracker" }, user: { id: `29:${aad}`, name: aad } } });
      }
      for (const aad of ["aad-gemma", "aad-julia"]) await app.memberships.record("t1", aad, { teamId: "19:team@thread.tacv2", state: "removed", at: "2023-11-02T09:00:00.000Z" });
      const file = join(dir, "plan.jsonl.gz");
      const summary = await exportBackup(app.backupTables, file, { appVersion: "test", plan: "somerset-app" });
      const text = lines(file).join("\n");
      assert.match(text, /aad-gemma/);
      assert.doesNotMatch(text, /aad-julia|other-plan/);
      assert.deepEqual(summary.tables.find((t) => t.table === "catalog")?.rows, 1);
      assert.deepEqual(summary.tables.find((t) => t.table === "conversations")?.rows, 2, "Gemma's chat and the tenant's head");
      assert.deepEqual(summary.tables.find((t) => t.table === "memberships")?.rows, 2, "Gemma's team memberships and their history row");
      const restoredInto = await openTestApp();
      try {
        await restoreBackup(restoredInto.backupTables, file, { appVersion: "test" });
        assert.deepEqual((await restoredInto.plans.listPlans()).map((p) => p.id), ["somerset-app"]);
        assert.equal(await restoredInto.links.personFor("somerset-app", "aad-gemma"), "gemma-reeves");
      } finally {
        await restoredInto.close();
      }
    } finally {
      await app.close();
    }
  });
});

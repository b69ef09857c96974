import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { readBackup } from "../../src/backup/readBackup";
import type { Config } from "../../src/config";
import { openApp, startBot, type App } from "../../src/index";
import { startTableServerProcess } from "../../src/storage/tableServerProcess";
import { startBlobServerProcess } from "../support/blobServerProcess";
import { admin, sampleText, testConfig, uniquePrefix } from "../support/testApp";

const today = () => new Date().toISOString().slice(0, 10);

describe("daily backup", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-daily-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const withBackupTo = (destination: NonNullable<Config["backup"]>["destination"], overrides: Partial<Config> = {}): Config => testConfig({ backup: { schedule: false, checkEveryMinutes: 60, destination }, ...overrides });

  it("runs once a day across two instances", async () => {
    const folder = join(dir, "backups");
    const config = withBackupTo({ folder });
    const apps: App[] = [await openApp(config, { longRunning: false, log: () => undefined }), await openApp(config, { longRunning: false, log: () => undefined })];
    try {
      await apps[0]!.plans.importFile("somerset-app.json", sampleText(), admin);
      const [a, b] = await Promise.all(apps.map(async (app) => (await app.dailyBackup()).run()));
      assert.deepEqual([a!.outcome, b!.outcome].filter((o) => o === "done"), ["done"], `one of them wrote it: ${a!.outcome}, ${b!.outcome}`);
      assert.deepEqual(readdirSync(folder), [`plan-tracker-${today()}.jsonl.gz`]);
      for (const app of apps) assert.equal((await (await app.dailyBackup()).run()).outcome, "already done");
      const [record] = await apps[1]!.backupRecords.recent(5);
      assert.deepEqual([record?.day, record?.state, record?.attempts], [today(), "done", 1]);
      const verified = await readBackup(join(folder, `plan-tracker-${today()}.jsonl.gz`));
      assert.equal(verified.rows, record?.rows);
      assert.ok(verified.tables.find((t) => t.table === "plans")!.rows > 100);
    } finally {
      for (const app of apps) await app.close();
    }
  });

  it("survives the store being unreachable for a while: the failure is logged with a reference, the next check writes it", async () => {
    const data = join(dir, "store");
    mkdirSync(data);
    let server = await startTableServerProcess({ port: 0, dataDir: data });
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const config = withBackupTo({ folder: join(dir, "backups") }, { tablesConnectionString: server.connectionString, tablePrefix: uniquePrefix(), storageDeadlineMs: 1000 });
    const app = await openApp(config, { longRunning: false, log: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }) });
    try {
      await app.plans.importFile("somerset-app.json", sampleText(), admin);
      const backup = await app.dailyBackup();
      const port = server.port;
      await server.close();
      const failed = await backup.run();
      assert.equal(failed.outcome, "failed");
      assert.match(failed.reference ?? "", /^[0-9a-f]{8}$/);
      assert.ok(logged.some((l) => l.message.includes(`reference ${failed.reference}`) && l.fields?.level === "error"), "logged with its reference");
      server = await startTableServerProcess({ port, dataDir: data });
      const done = await backup.run();
      assert.equal(done.outcome, "done", JSON.stringify(done));
      assert.equal((await app.backupRecords.get(today()))?.state, "done");
    } finally {
      await app.close();
      await server.close();
    }
  });

  it("a failing backup leaves the bot ready: /readyz 200, the failure in `backups` with its reference", async () => {
    // A file where the backups folder should be: every write of a backup fails.
    const blocked = join(dir, "not-a-folder");
    writeFileSync(blocked, "");
    const config = withBackupTo({ folder: join(blocked, "backups") });
    const logged: string[] = [];
    const bot = await startBot({ ...config, backup: { ...config.backup!, schedule: true } }, (message) => logged.push(message));
    try {
      await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
      const report = await bot.backups!.check();
      assert.equal(report.outcome, "failed");
      assert.ok(logged.some((m) => m.includes(`reference ${report.reference}`)));
      const readyz = await fetch(bot.url.replace("/api/messages", "/readyz"));
      assert.equal(readyz.status, 200);
      const [record] = await bot.app.backupRecords.recent(1);
      assert.deepEqual([record?.state, record?.reference], ["failed", report.reference]);
    } finally {
      await bot.close();
    }
  });

  it("writes to a blob container (Azurite's blob service) and records where", async () => {
    const blobs = await startBlobServerProcess();
    const config = withBackupTo({ connectionString: blobs.connectionString, container: "plan-tracker-backups" });
    const app = await openApp(config, { longRunning: false, log: () => undefined });
    try {
      await app.plans.importFile("somerset-app.json", sampleText(), admin);
      const report = await (await app.dailyBackup()).run();
      assert.equal(report.outcome, "done", JSON.stringify(report));
      const container = BlobServiceClient.fromConnectionString(blobs.connectionString).getContainerClient("plan-tracker-backups");
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat()) names.push(blob.name);
      assert.deepEqual(names, [`plan-tracker-${today()}.jsonl.gz`]);
      const file = join(dir, "downloaded.jsonl.gz");
      await container.getBlobClient(names[0]!).downloadToFile(file);
      assert.equal((await readBackup(file)).rows, report.rows);
      assert.equal((await app.backupRecords.get(today()))?.location, container.getBlobClient(names[0]!).url);
    } finally {
      await app.close();
      await blobs.close();
    }
  });
});

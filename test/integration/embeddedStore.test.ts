import { strict as assert } from "node:assert";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openApp, type App } from "../../src/index";
import { freePort, runCli } from "../support/cli";
import { CLI, PROJECT_ROOT } from "../support/paths";
import { testConfig } from "../support/testApp";

const HOLDER = resolve(PROJECT_ROOT, "dist", "test", "support", "holdEmbeddedStore.js");

/** Starts a long-running process that hosts the embedded store, like the bot does. */
async function startHolder(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolveReady, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolveReady());
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

const exited = (child: ChildProcess) => new Promise((r) => child.once("exit", r));

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The store processes started for a data folder (found in /proc by their environment), Linux only. */
function storeProcessesFor(dataDir: string): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      return command.includes("tableServerProcess") && environment.includes(`DATA_DIR=${dataDir}`) ? [Number(pid)] : [];
    } catch {
      return []; // the process ended while it was read
    }
  });
}

describe("the embedded table store shared by several processes", function () {
  this.timeout(60_000);
  let dataDir: string;
  let env: Record<string, string>;
  let port: number;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "plan-tracker-shared-"));
    port = await freePort();
    env = { DATA_DIR: dataDir, EMBEDDED_TABLES_PORT: String(port) };
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it("a CLI command and a running process see the same data; the running process takes over when the host stops", async () => {
    const holder = await startHolder(env);
    let app: App | undefined;
    try {
      const update = await runCli(["update", "1.2.1", "--status", "amber", "--note", "from the CLI"], env);
      assert.equal(update.code, 0, update.stderr);
      assert.match(update.stderr, /Sharing the embedded table store of process \d+/);

      const logs: string[] = [];
      app = await openApp(
        { ...testConfig({ dataDir, embeddedTablesPort: port, tablePrefix: "plantracker" }), tablesConnectionString: undefined },
        { longRunning: true, log: (m) => logs.push(m) },
      );
      assert.match(app.describeStorage(), /guest/);
      assert.equal((await app.plans.view("somerset-app")).milestones.get("1.2.1")?.note, "from the CLI");

      holder.kill("SIGTERM");
      await exited(holder);
      await waitFor(() => app!.describeStorage().includes("host"), 5000);
      assert.ok(logs.some((l) => /serves it now/.test(l)), logs.join("\n"));
      assert.equal((await app.plans.view("somerset-app")).milestones.get("1.2.1")?.note, "from the CLI", "the data survived the hand-over");
    } finally {
      holder.kill("SIGKILL");
      await app?.close();
    }
  });

  it("a host killed without warning loses no write it acknowledged more than a moment before, and its stale lock is taken over", async () => {
    const holder = await startHolder(env);
    const update = await runCli(["update", "2.3.6", "--status", "green", "--note", "before the crash"], env);
    assert.equal(update.code, 0, update.stderr);
    await new Promise((r) => setTimeout(r, 600)); // longer than the store's 250 ms save interval
    holder.kill("SIGKILL");
    await exited(holder);
    const after = await runCli(["status", "2.3", "--json"], env);
    assert.equal(after.code, 0, after.stderr);
    const milestones = (JSON.parse(after.stdout) as { action: { milestones: { id: string; note?: string }[] } }).action.milestones;
    assert.equal(milestones.find((m) => m.id === "2.3.6")?.note, "before the crash");
  });

  it("a command refused before it opens the store exits at once, and the store process it started ahead ends with it", async function () {
    if (!existsSync("/proc/self/environ")) this.skip(); // how the test finds the store's processes
    // A file that cannot be read is refused after the arguments are parsed, and the command then ends by
    // itself (no process.exit): held open by the process it started ahead, it would never end.
    const refused = await new Promise<{ code: number | string | null; stderr: string }>((resolveRun) =>
      execFile(process.execPath, [CLI, "import", join(dataDir, "missing.json")], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 15_000 }, (error, _stdout, stderr) =>
        resolveRun({ code: error ? (error.killed ? "killed after 15 s" : (error.code ?? null)) : 0, stderr }),
      ),
    );
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /cannot read .*missing\.json/);
    await waitFor(() => storeProcessesFor(dataDir).length === 0, 10_000);
    // A command that opens the store takes such a process up, and it ends with the command.
    const status = await runCli(["status", "--json"], env);
    assert.equal(status.code, 0, status.stderr);
    await waitFor(() => storeProcessesFor(dataDir).length === 0, 10_000);
  });

  it("two commands started together do not corrupt the store", async () => {
    const results = await Promise.all([
      runCli(["update", "1.1.2", "--status", "blue"], env),
      runCli(["update", "1.1.4", "--status", "amber"], env),
      runCli(["status", "--json"], env),
    ]);
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse((await runCli(["status", "1.1", "--json"], env)).stdout) as { action: { milestones: { id: string; status: string }[] } };
    const statuses = Object.fromEntries(status.action.milestones.map((m) => [m.id, m.status]));
    assert.deepEqual([statuses["1.1.2"], statuses["1.1.4"]], ["blue", "amber"]);
  });
});

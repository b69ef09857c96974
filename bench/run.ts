import { execFile, execSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from "node:os";
import { odata, TableClient } from "@azure/data-tables";
import { join } from "node:path";
import { expandCard } from "../src/bot/cards";
import { digestCard } from "../src/bot/digestCard";
import { buildDigest } from "../src/domain/digest";
import { planSchema } from "../src/domain/plan";
import { viewOfPlan } from "../src/domain/view";
import { loadConfig } from "../src/config";
import { openApp, withPromptCycle, type App } from "../src/index";
import { startTableServerProcess } from "../src/storage/tableServerProcess";
import { personalActivity } from "../test/support/activities";
import { freePort } from "../test/support/cli";
import { FakeConnector } from "../test/support/fakeConnector";
import { busiestSecond, LimitedConnector } from "../test/support/limitedConnector";
import { CLI, PROJECT_ROOT } from "../test/support/paths";
import { BOT_NODE_FLAGS, PlanTrackerProcess } from "../test/support/planTrackerProcess";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { admin, sampleText } from "../test/support/testApp";
import { CountingProxy } from "./countingProxy";
import { sdkComparison } from "./sdkComparison";
import { latency, timed, type Latency } from "./stats";
import { recognitionBench } from "./recognition";
import { packBench } from "./pack";
import { exportBench } from "./exportBench";

/**
 * `npm run bench [-- --quick]`: how fast and how cheap Plan Tracker is as plans, people and
 * tenants grow, each figure beside a peer measured in the same run on the same machine: a
 * minimal botbuilder + restify echo bot answering with a small Adaptive Card
 * (bench/echoBot.ts), and a raw @azure/data-tables read of the same partition. Real Azurite
 * (in memory, in a child process; the embedded store with its files for imports and cold
 * start), a loopback fake of the Bot Connector service, Plan Tracker itself in a child
 * process (so its memory and CPU are its own), synthetic plans of the sample's shape.
 * Writes bench/results.json (a quick run: bench/results.quick.json) and prints a table; a
 * full run also rewrites README's table. Nothing here fails on a slow machine: these are
 * figures.
 */

const quick = process.argv.includes("--quick");
const TENANT = "tenant-bench";
const ASOF = "2023-11-01";
const USERS = 50;
/** Plan sizes (milestones); BENCH_SIZES="47,500" runs only those. */
const PARTS = process.env.BENCH_PARTS?.split(",");
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : quick ? [47, 500] : [47, 500, 5000, 20000];
const log = (message: string) => process.stderr.write(`${message}\n`);
/** The storage deadline for setting up a case (imports, links): not what is measured. */
const SETUP_DEADLINE_MS = 300_000;

const user = (i: number) => ({ id: `29:user-${i}`, aadObjectId: `aad-${i}`, name: `Owner ${i}` });

/** Links owner-i to Teams user aad-i and records their personal chat, as installs would. */
async function installUsers(app: App, planId: string, connectorUrl: string, count: number): Promise<void> {
  const work = Array.from({ length: count }, (_, k) => k + 1);
  // A few at a time: setup, not measured.
  for (let i = 0; i < work.length; i += 20) {
    await Promise.all(
      work.slice(i, i + 20).map(async (n) => {
        await app.links.link(planId, `owner-${n}`, { aadObjectId: `aad-${n}`, name: `Owner ${n}`, tenantId: TENANT }, "manual", "bench");
        const reference = { format: 1 as const, channelId: "msteams", serviceUrl: connectorUrl, conversation: { id: `a:personal-${n}`, conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" }, user: { id: `29:user-${n}`, name: `Owner ${n}` } };
        await app.conversations.record(TENANT, `user|aad-${n}`, { scope: "personal", installed: true, reference });
      }),
    );
  }
}

const planOf = (milestones: number, owners: number, id: string) => syntheticPlan({ milestones, owners, actions: Math.max(10, Math.round(milestones / 50)), id });

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** CPU time (user + system) a process has used, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A bot in a child process, whatever it is: where to send, and its pid. */
interface BotUnderTest {
  url: string;
  pid: number;
}

function sendTo(bot: BotUnderTest, connectorUrl: string) {
  return (n: number, activity: Record<string, unknown>) =>
    fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connectorUrl, TENANT, user(n), activity)) }).then(async (response) => {
      if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
}

interface TurnFigures {
  latency: Latency;
  requestsPerTurn: number;
  cpuMsPerTurn: number;
}

/**
 * Rounds of `users` people each asking `status` at once. `beforeRound` runs before each
 * round and is not timed (a write from another instance, for the "changed" case).
 */
async function rounds(bot: BotUnderTest, connectorUrl: string, proxy: CountingProxy | undefined, users: number, count: number, beforeRound?: () => Promise<void>): Promise<TurnFigures> {
  const send = sendTo(bot, connectorUrl);
  const samples: number[] = [];
  let requests = 0;
  let cpu = 0;
  for (let r = 0; r < count; r++) {
    await beforeRound?.();
    const requestsBefore = proxy?.requests ?? 0;
    const cpuBefore = cpuMs(bot.pid);
    samples.push(...(await timed(users, 1, (u) => send(u + 1, { text: "status" }))));
    cpu += cpuMs(bot.pid) - cpuBefore;
    requests += (proxy?.requests ?? 0) - requestsBefore;
  }
  const turns = users * count;
  return { latency: latency(samples), requestsPerTurn: round1(requests / turns), cpuMsPerTurn: round1(cpu / turns) };
}

// One user: 100 turns, so that p95 is the sixth slowest rather than the second (40 gave ratios that moved by half between runs).
// Fifty users: 20 rounds. With 4, p95 was the slowest round's tail, and the same bot's ratio moved from × 0.8 to × 1.8 between
// runs; with 20 it stayed within × 0.83 to × 1.26 over four runs at 500 milestones (the echo bot gets the same rounds).
const roundsFor = (users: number) => (users === 1 ? (quick ? 10 : 100) : quick ? 2 : 20);

/** The peer: a minimal botbuilder + restify bot answering every message with a small Adaptive Card. */
async function echoPeer(connector: FakeConnector) {
  const port = await freePort();
  const child = spawn(process.execPath, ["dist/bench/echoBot.js", String(port)], { cwd: PROJECT_ROOT, stdio: "ignore" });
  const bot = { url: `http://127.0.0.1:${port}/api/messages`, pid: child.pid! };
  try {
    while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 50));
    await sendTo(bot, connector.url)(1, { text: "status" });
    const figures: Record<number, TurnFigures> = {};
    for (const users of [1, USERS]) figures[users] = await rounds(bot, connector.url, undefined, users, roundsFor(users));
    connector.sent.length = 0;
    return { figures, peakRssMb: peakRssMb(bot.pid) };
  } finally {
    child.kill("SIGTERM");
  }
}

interface StatusResult {
  milestones: number;
  entities: number;
  /** The raw @azure/data-tables read of the same partition's state rows: p50 of a few, ms. */
  rawReadMs: number;
  firstTurnMs: number;
  cases: { users: number; plan: "unchanged" | "changed"; figures: TurnFigures }[];
  peakRssMb: number;
}

/**
 * `status` through /api/messages at each plan size, 1 and 50 users at once, on an unchanged
 * plan (warm) and with a milestone updated by another instance before each round (the plan
 * changed: the bot reads what changed). Storage requests are counted by a proxy in front
 * of the store, CPU from /proc.
 */
async function statusTurns(server: { connectionString: string }, proxy: CountingProxy, connector: FakeConnector): Promise<StatusResult[]> {
  const results: StatusResult[] = [];
  for (const size of SIZES) {
    const prefix = `bench${size}`;
    const planId = `bench-${size}`;
    // Setup, not measured: a 100-row transaction into a 20,000-milestone partition can take Azurite longer than the default deadline on a loaded machine.
    const app = await openApp({ ...loadConfig({}), tablesConnectionString: server.connectionString, tablePrefix: prefix, storageDeadlineMs: SETUP_DEADLINE_MS }, { longRunning: false, log });
    try {
      const plan = planOf(size, USERS, planId);
      await app.plans.importPlan(plan, admin);
      await installUsers(app, planId, connector.url, USERS);
      const raw = TableClient.fromConnectionString(proxy.connectionString(server.connectionString), `${prefix}plans`, { allowInsecureConnection: true });
      const rawSamples: number[] = [];
      let entities = 0;
      for (let i = 0; i < (size >= 5000 ? 3 : 7); i++) {
        const start = performance.now();
        entities = 0;
        for await (const page of raw.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${planId} and RowKey ge ${"s|"} and RowKey lt ${"s}"}` } }).byPage({ maxPageSize: 1000 })) entities += page.length;
        rawSamples.push(performance.now() - start);
      }
      // BENCH_PROFILE=<dir> writes a CPU profile of the bot at each plan size there (open it in Chrome DevTools).
      const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=bot-${size}.cpuprofile`] : [];
      const bot = await PlanTrackerProcess.start(await freePort(), { AZURE_TABLES_CONNECTION_STRING: proxy.connectionString(server.connectionString), TABLE_PREFIX: prefix, PLAN_TRACKER_TODAY: ASOF, PROMPT_SCHEDULE: "off" }, profile);
      try {
        const firstStart = performance.now();
        await sendTo(bot, connector.url)(1, { text: "status" });
        const firstTurnMs = round1(performance.now() - firstStart);
        const milestones = plan.actions.flatMap((a) => a.milestones.map((m) => m.id));
        let writes = 0;
        const writeElsewhere = async () => {
          const id = milestones[writes++ % milestones.length]!;
          const version = (await app.plans.view(planId)).milestones.get(id)!.version;
          await app.plans.recordMilestoneUpdate(planId, id, { status: writes % 2 ? "amber" : "green", note: `bench ${writes}` }, admin, version);
        };
        const cases: StatusResult["cases"] = [];
        for (const users of [1, USERS]) {
          for (const state of ["unchanged", "changed"] as const) {
            const figures = await rounds(bot, connector.url, proxy, users, roundsFor(users), state === "changed" ? writeElsewhere : undefined);
            cases.push({ users, plan: state, figures });
            log(`status: ${size} milestones, ${users} users, plan ${state}: p50 ${figures.latency.p50} p95 ${figures.latency.p95} ms, ${figures.requestsPerTurn} requests, ${figures.cpuMsPerTurn} ms CPU per turn`);
          }
        }
        connector.sent.length = 0;
        results.push({ milestones: size, entities, rawReadMs: latency(rawSamples).p50, firstTurnMs, cases, peakRssMb: peakRssMb(bot.pid) });
      } finally {
        await bot.stop();
      }
    } finally {
      await app.close();
    }
  }
  return results;
}

/** Importing each size into a fresh embedded store (Azurite with its files, as `npm start` uses), then again unchanged. */
async function imports() {
  const figures: { milestones: number; seconds: number; reimportSeconds: number; reimportWrites: number }[] = [];
  for (const size of SIZES) {
    const dataDir = mkdtempSync(join(tmpdir(), "plan-tracker-bench-"));
    try {
      const app = await openApp({ ...loadConfig({}), dataDir, embeddedTablesPort: await freePort() }, { longRunning: false, log });
      try {
        const plan = planOf(size, USERS, `import-${size}`);
        let start = performance.now();
        await app.plans.importPlan(plan, admin);
        const seconds = (performance.now() - start) / 1000;
        const before = app.requestCounter.byMethod();
        start = performance.now();
        await app.plans.importPlan(plan, admin);
        const reimportSeconds = (performance.now() - start) / 1000;
        const after = app.requestCounter.byMethod();
        const reimportWrites = Object.keys(after).filter((method) => method !== "GET").reduce((n, method) => n + (after[method]! - (before[method] ?? 0)), 0);
        figures.push({ milestones: size, seconds: round1(seconds), reimportSeconds: round1(reimportSeconds), reimportWrites });
        log(`import: ${size} milestones in ${round1(seconds)} s; unchanged again in ${round1(reimportSeconds)} s, ${reimportWrites} writes`);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return figures;
}

/** Milliseconds from spawning `args` until GET `readyUrl` answers 200. */
async function untilReady(args: string[], port: number, env: Record<string, string>, connectorUrl: string): Promise<{ readyMs: number; firstTurnMs: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) }, stdio: "ignore" });
  try {
    while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false))) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited (${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - start;
    // The first question, as soon as it is ready: what a turn pays for what was loaded after readiness.
    await sendTo({ url: `http://127.0.0.1:${port}/api/messages`, pid: child.pid ?? 0 }, connectorUrl)(1, { text: "status" });
    return { readyMs, firstTurnMs: performance.now() - start };
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

/** Milliseconds a command takes from spawn to exit. */
function runTimed(args: string[], env: Record<string, string>): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...env } }, (error) => (error ? reject(error) : resolve(performance.now() - start)));
  });
}

/**
 * Cold start on an existing embedded store holding the sample plan: /readyz against the
 * echo bot's, and the CLI's `status` against starting the store and reading the plan's
 * partition with the raw client (bench/storeRead.ts). Each the median of a few.
 */
async function coldStart(connector: FakeConnector) {
  const dataDir = mkdtempSync(join(tmpdir(), "plan-tracker-cold-"));
  const runs = quick ? 1 : 5;
  try {
    const storePort = await freePort();
    const env = { DATA_DIR: dataDir, EMBEDDED_TABLES_PORT: String(storePort), PROMPT_SCHEDULE: "off" };
    await runTimed([CLI, "status"], env); // creates the store and loads the sample plan
    const median = (values: number[]) => round1([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
    const ready: number[] = [];
    const firstTurn: number[] = [];
    const echo: number[] = [];
    const echoFirstTurn: number[] = [];
    const status: number[] = [];
    const storeRead: number[] = [];
    for (let i = 0; i < runs; i++) {
      const bot = await untilReady([...BOT_NODE_FLAGS, "dist/src/index.js"], await freePort(), env, connector.url);
      ready.push(bot.readyMs);
      firstTurn.push(bot.firstTurnMs);
      const echoPort = await freePort();
      const echoBot = await untilReady(["dist/bench/echoBot.js", String(echoPort)], echoPort, {}, connector.url);
      echo.push(echoBot.readyMs);
      echoFirstTurn.push(echoBot.firstTurnMs);
      status.push(await runTimed([CLI, "status"], env));
      storeRead.push(await runTimed(["dist/bench/storeRead.js", dataDir, "plantracker", "somerset-app"], {}));
    }
    return { readyzMs: median(ready), echoReadyzMs: median(echo), firstTurnMs: median(firstTurn), echoFirstTurnMs: median(echoFirstTurn), cliStatusMs: median(status), storeStartAndReadMs: median(storeRead), runs, loadAverage: round1(loadavg()[0]!) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Requests each operation makes, counted by the pipeline policy on every table client. */
async function storageCost(connectionString: string, connector: FakeConnector) {
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: "benchcost", bot: { ...loadConfig({}).bot, prompts: { ...loadConfig({}).bot.prompts, leaseSeconds: 300 } } }, { longRunning: false, log });
  try {
    const size = quick ? 500 : 5000;
    const owners = quick ? 50 : 200;
    const planId = "bench-cost";
    const plan = planOf(size, owners, planId);
    // The SEND Partnership Board meets on the second Tuesday, so a digest is due on 7 Nov 2023.
    plan.boards = plan.boards.map((b) => (b.id === "send-partnership-board" ? { ...b, meetingRule: "second Tuesday of the month" } : b));
    await app.plans.importPlan(plan, admin);
    await installUsers(app, planId, connector.url, owners);
    const view = await app.plans.view(planId);
    const entities = 1 + plan.actions.length + plan.actions.reduce((n, a) => n + a.milestones.length, 0) + plan.people.length + plan.kpis.length + plan.risks.length;
    // A whole-plan read: what an instance that holds nothing of the plan yet makes.
    const reader = await openApp({ ...app.config }, { longRunning: false, log });
    const statusRead = await reader.requestCounter.measure(() => reader.plans.view(planId)).finally(() => reader.close());
    const milestone = plan.actions[0]!.milestones[0]!.id;
    const update = await app.requestCounter.measure(() => app.plans.recordMilestoneUpdate(planId, milestone, { status: "amber", note: "bench" }, admin, view.milestones.get(milestone)!.version));
    await app.digestRecords.registerChannel(planId, { boardId: "send-partnership-board", tenantId: TENANT, conversationId: "19:board@thread.tacv2", reference: { format: 1 as const, channelId: "msteams", serviceUrl: connector.url, conversation: { id: "19:board@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: TENANT, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" } }, registeredBy: "bench", registeredAt: new Date().toISOString() });
    return await withPromptCycle(app, log, async (prompts, digests) => {
      const cycle = await app.requestCounter.measure(() => prompts.run(planId, ASOF));
      const digest = await app.requestCounter.measure(() => digests.run(planId, "2023-11-07"));
      return {
        plan: { milestones: size, entities },
        statusRead: { requests: statusRead.requests, entities, requestsPer1000Entities: Math.round((statusRead.requests / entities) * 1000 * 100) / 100 },
        acceptedUpdate: { requests: update.requests },
        promptCycle: { owners, sent: cycle.result.sent.length, requests: cycle.requests, goal: 2 * owners },
        digest: { posted: digest.result.posted.length, requests: digest.requests },
      };
    });
  } finally {
    await app.close();
  }
}

/**
 * A cycle for N owners across N conversations, against a connector (on a thread of its own,
 * so that this process's event loop cannot delay its count) enforcing 30 requests a second
 * and answering after `delayMs`.
 */
async function throughput(connectionString: string, delayMs: number) {
  const owners = quick ? 60 : 600;
  const connector = new LimitedConnector({ perSecond: 30, perConversationPerSecond: 7, delayMs });
  await connector.start();
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: `benchrate${delayMs}` }, { longRunning: false, log });
  try {
    const planId = "bench-rate";
    await app.plans.importPlan(planOf(owners, owners, planId), admin);
    await installUsers(app, planId, connector.url, owners);
    const report = await withPromptCycle(app, log, (prompts) => prompts.run(planId, ASOF));
    const stats = await connector.stats();
    const times = stats.accepted.map((a) => a.at);
    const seconds = (times.at(-1)! - times[0]!) / 1000;
    const achieved = (times.length - 1) / seconds;
    const received = new Set(stats.accepted.map((s) => s.conversationId));
    log(`prompts: ${owners} owners, connector answering in ${delayMs} ms: ${round1(achieved)}/s, ${stats.throttledAt.length} answered 429`);
    return {
      connectorMs: delayMs,
      owners,
      allowedPerSecond: 30,
      achievedPerSecond: round1(achieved),
      ratio: Math.round((achieved / 30) * 100) / 100,
      seconds: round1(seconds),
      throttled: stats.throttledAt.length,
      throttledAfterFirstSecond: stats.throttledAt.filter((t) => t > times[0]! + 1000).length,
      busiestSecond: busiestSecond(stats),
      lost: owners - received.size,
      duplicates: stats.accepted.length - received.size,
      reportedSent: report.sent.length,
      loadAverage: loadavg()[0]!,
    };
  } finally {
    await app.close();
    await connector.stop();
  }
}

/** Building the digest (content, card, JSON) is pure: timed in this process. */
function digestFigures() {
  const sample = planSchema.parse(JSON.parse(sampleText()));
  const figures = [];
  for (const [name, plan] of [["sample (47 milestones)", sample], ["5,000 milestones", planOf(5000, USERS, "bench-digest")]] as const) {
    const view = viewOfPlan(plan);
    const board = plan.boards.find((b) => b.id === "send-partnership-board")!;
    const runs = quick ? 5 : 20;
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const card = expandCard(digestCard(buildDigest({ view, board, asOf: ASOF })));
      samples.push(performance.now() - start);
      bytes = Buffer.byteLength(JSON.stringify(card));
    }
    figures.push({ plan: name, buildMs: latency(samples), cardBytes: bytes });
  }
  return figures;
}

function machine() {
  const cpu = cpus();
  return { cpus: cpu.length, cpuModel: cpu[0]?.model ?? "unknown", memoryGb: Math.round(totalmem() / 2 ** 30), os: `${osType()} ${release()}`, node: process.version };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);

function table(results: Awaited<ReturnType<typeof collect>>): string {
  const echo = results.echo.figures;
  const lines = [
    `Measured ${results.date} with \`${results.command}\` (${results.seconds} s) on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, commit ${results.commit}.`,
    "",
    "**`status` through /api/messages** (ms, round trip on loopback including the reply to the connector; *× echo* is p95 over the echo bot's p95 with the same number of users; requests and CPU per turn; *unchanged*: nothing written since the last turn; *changed*: another instance updated a milestone before each round):",
    "",
    "| milestones | users | plan | p50 | p95 | × echo | storage requests | CPU ms | peak RSS MB |",
    "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    `| echo bot | 1 | | ${echo[1]!.latency.p50} | ${echo[1]!.latency.p95} | 1 | 0 | ${echo[1]!.cpuMsPerTurn} | ${results.echo.peakRssMb} |`,
    `| echo bot | ${USERS} | | ${echo[USERS]!.latency.p50} | ${echo[USERS]!.latency.p95} | 1 | 0 | ${echo[USERS]!.cpuMsPerTurn} | |`,
    ...results.status.flatMap((s) =>
      s.cases.map((c) => `| ${s.milestones} | ${c.users} | ${c.plan} | ${c.figures.latency.p50} | ${c.figures.latency.p95} | ${ratio(c.figures.latency.p95, echo[c.users]!.latency.p95)} | ${c.figures.requestsPerTurn} | ${c.figures.cpuMsPerTurn} | ${s.peakRssMb} |`),
    ),
    "",
    "**The first turn after start** (the whole plan read) against **a raw `@azure/data-tables` read** of the same partition's state rows (p50, ms): " +
      results.status.map((s) => `${s.milestones} milestones (${s.entities} entities): ${s.firstTurnMs} against ${s.rawReadMs}`).join("; ") + ".",
    "",
    "**Prompt throughput** (30/s allowed per tenant, 7/s per conversation; goal ≥ 0.9 of the limit): " +
      results.throughput.map((t) => `connector answering in ${t.connectorMs} ms: ${t.owners} owners in ${t.seconds} s, ${t.achievedPerSecond}/s, **${t.ratio}** of the limit, 429s ${t.throttled} (after the first second ${t.throttledAfterFirstSecond}), lost ${t.lost}, duplicates ${t.duplicates}`).join("; ") + ".",
    "",
    "**Import into the embedded store** (goal: 20,000 milestones under 20 s; then the same plan again, which should write nothing): " +
      results.imports.map((i) => `${i.milestones} milestones: ${i.seconds} s (again: ${i.reimportSeconds} s, ${i.reimportWrites} writes)`).join("; ") + ".",
    "",
    `**Cold start** on an existing embedded store with the sample plan (median of ${results.cold.runs}, load average ${results.cold.loadAverage}): /readyz 200 after ${results.cold.readyzMs} ms (echo bot: ${results.cold.echoReadyzMs} ms, × ${ratio(results.cold.readyzMs, results.cold.echoReadyzMs)}; goal ≤ 1,000 ms); the first \`status\` answered ${results.cold.firstTurnMs} ms after start (the echo bot's first answer: ${results.cold.echoFirstTurnMs} ms); CLI \`status\` ${results.cold.cliStatusMs} ms against ${results.cold.storeStartAndReadMs} ms to start the store and read the plan with the raw client (× ${ratio(results.cold.cliStatusMs, results.cold.storeStartAndReadMs)}; goal ≤ 1.5).`,
    "",
    "**Storage requests** of other operations (pipeline policy on every table client):",
    "",
    "| operation | requests | goal |",
    "|---|---:|---|",
    `| status read, whole plan (${results.storage.statusRead.entities} entities) | ${results.storage.statusRead.requests} | the head + 1 per 1,000 entities |`,
    `| accepted update | ${results.storage.acceptedUpdate.requests} | 1 entity-group transaction |`,
    `| prompt cycle, ${results.storage.promptCycle.owners} owners | ${results.storage.promptCycle.requests} | ≤ 2N + a constant (${results.storage.promptCycle.goal} + c) |`,
    `| digest (build and post) | ${results.storage.digest.requests} | |`,
    "",
    "**Digest**: " + results.digest.map((d) => `${d.plan}: built in ${d.buildMs.p50} ms (p50), card ${d.cardBytes} bytes`).join("; ") + ".",
  ];
  return lines.join("\n");
}

async function collect() {
  const began = performance.now();
  const server = await startTableServerProcess({ port: 0 });
  const proxy = new CountingProxy(server.port);
  await proxy.start();
  const connector = new FakeConnector();
  await connector.start();
  try {
    // A partial run (BENCH_PARTS=turns,imports,throughput,cold,pack, any of them) leaves the other parts out: for adding
    // a size to a full run's figures, or re-measuring one part.
    const part = (name: string) => !PARTS || PARTS.includes(name);
    const echo = part("turns") ? await echoPeer(connector) : undefined!;
    const status = part("turns") ? await statusTurns(server, proxy, connector) : [];
    const storage = PARTS ? undefined! : await storageCost(server.connectionString, connector);
    const rates = [];
    if (part("throughput")) for (const delayMs of [0, 100, 500]) rates.push(await throughput(server.connectionString, delayMs));
    const importFigures = part("imports") ? await imports() : [];
    const cold = part("cold") ? await coldStart(connector) : undefined!;
    // The board pack: the sample and 5,000 milestones (500 in a quick run), Word and Excel.
    const pack = part("pack") ? await packBench(server.connectionString, [{ size: 47, plan: planSchema.parse(JSON.parse(sampleText())) }, { size: quick ? 500 : 5000, plan: planOf(quick ? 500 : 5000, USERS, "bench-pack") }], quick ? 1 : 3, log) : [];
    const exported = part("export") ? await exportBench(quick, log) : undefined;
    return {
      date: new Date().toISOString().slice(0, 10),
      command: `${process.env.BENCH_SIZES ? `BENCH_SIZES=${process.env.BENCH_SIZES} ` : ""}${process.env.BENCH_PARTS ? `BENCH_PARTS=${process.env.BENCH_PARTS} ` : ""}${quick ? "npm run bench -- --quick" : "npm run bench"}`,
      quick,
      seconds: Math.round((performance.now() - began) / 1000),
      machine: machine(),
      commit: execSync("git rev-parse --short HEAD", { cwd: PROJECT_ROOT }).toString().trim(),
      echo,
      status,
      storage,
      throughput: rates,
      imports: importFigures,
      cold,
      pack,
      export: exported,
      digest: digestFigures(),
      sdks: PARTS ? undefined : await sdkComparison(server.connectionString, connector, quick, log),
    };
  } finally {
    await connector.stop();
    await proxy.stop();
    await server.close();
  }
}

async function main(): Promise<void> {
  if (!PARTS || PARTS.includes("recognition")) recognitionBench(quick);
  const results = await collect();
  mkdirSync(join(PROJECT_ROOT, "bench"), { recursive: true });
  // A quick run (CI's) does not replace the full figures README quotes.
  const partial = PARTS !== undefined || process.env.BENCH_SIZES !== undefined;
  const file = quick ? "results.quick.json" : partial ? `results.${SIZES.join("-")}${PARTS ? `.${PARTS.join("-")}` : ""}.json` : "results.json";
  writeFileSync(join(PROJECT_ROOT, "bench", file), `${JSON.stringify(results, null, 2)}\n`);
  if (PARTS) {
    process.stdout.write(`${JSON.stringify({ echo: results.echo, status: results.status, throughput: results.throughput, imports: results.imports, cold: results.cold, export: results.export, pack: results.pack }, null, 2)}\n`);
    return;
  }
  const text = table(results);
  process.stdout.write(`${text}\n`);
  if (!quick && !partial) {
    const readmePath = join(PROJECT_ROOT, "README.md");
    const readme = readFileSync(readmePath, "utf8");
    const updated = readme.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${text}\n<!-- bench:end -->`);
    if (updated !== readme) writeFileSync(readmePath, updated);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

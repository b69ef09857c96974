import { execSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, totalmem, type as osType, release } from "node:os";
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
import { PROJECT_ROOT } from "../test/support/paths";
import { PlanTrackerProcess } from "../test/support/planTrackerProcess";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { admin, sampleText } from "../test/support/testApp";
import { latency, timed, type Latency } from "./stats";
import { recognitionBench } from "./recognition";

/**
 * `npm run bench [-- --quick]`: how fast and how cheap Plan Tracker is as plans, people and
 * tenants grow. Real Azurite (in memory, in a child process), a loopback fake of the Bot
 * Connector service, Plan Tracker itself in a child process (so its memory is its own), and
 * synthetic plans of the sample's shape. Writes bench/results.json (a quick run:
 * bench/results.quick.json) and prints a table; a full run also rewrites README's table.
 * Nothing here fails on a slow machine: these are figures.
 */

const quick = process.argv.includes("--quick");
const TENANT = "tenant-bench";
const ASOF = "2023-11-01";
const USERS = 50;
const SIZES = quick ? [50, 500] : [50, 500, 5000];
const log = (message: string) => process.stderr.write(`${message}\n`);

const COMMANDS: { name: string; activity: (user: number) => Record<string, unknown> }[] = [
  { name: "status", activity: () => ({ text: "status" }) },
  { name: "status 1.2", activity: () => ({ text: "status 1.2" }) },
  { name: "mine", activity: () => ({ text: "mine" }) },
  { name: "overdue", activity: () => ({ text: "overdue" }) },
  { name: "kpis", activity: () => ({ text: "kpis" }) },
  { name: "card button", activity: () => ({ type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.2" } }, trigger: "manual" } }) },
];

interface TurnResult {
  milestones: number;
  users: number;
  command: string;
  latency: Latency;
  replyBytes: { max: number };
}

const user = (i: number) => ({ id: `29:user-${i}`, aadObjectId: `aad-${i}`, name: `Owner ${i}` });

/** Links owner-i to Teams user aad-i and records their personal chat, as installs would. */
async function installUsers(app: App, planId: string, connectorUrl: string, count: number): Promise<void> {
  const work = Array.from({ length: count }, (_, k) => k + 1);
  // A few at a time: setup, not measured.
  for (let i = 0; i < work.length; i += 20) {
    await Promise.all(
      work.slice(i, i + 20).map(async (n) => {
        await app.links.link(planId, `owner-${n}`, { aadObjectId: `aad-${n}`, name: `Owner ${n}`, tenantId: TENANT }, "manual", "bench");
        const reference = { channelId: "msteams", serviceUrl: connectorUrl, conversation: { id: `a:personal-${n}`, conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" }, user: { id: `29:user-${n}`, name: `Owner ${n}` } };
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

async function turns(connectionString: string, connector: FakeConnector): Promise<{ turns: TurnResult[]; memory: { milestones: number; peakRssMb: number }[] }> {
  const results: TurnResult[] = [];
  const memory: { milestones: number; peakRssMb: number }[] = [];
  for (const size of SIZES) {
    const prefix = `bench${size}`;
    const planId = `bench-${size}`;
    const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: prefix }, { longRunning: false, log });
    await app.plans.importPlan(planOf(size, USERS, planId), admin);
    await installUsers(app, planId, connector.url, USERS);
    await app.close();
    // BENCH_PROFILE=<dir> writes a CPU profile of the bot at each plan size there (open it in Chrome DevTools).
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=bot-${size}.cpuprofile`] : [];
    const bot = await PlanTrackerProcess.start(await freePort(), { AZURE_TABLES_CONNECTION_STRING: connectionString, TABLE_PREFIX: prefix, PLAN_TRACKER_TODAY: ASOF, PROMPT_SCHEDULE: "off" }, profile);
    try {
      const send = (n: number, activity: Record<string, unknown>) =>
        fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, user(n), activity)) }).then(async (response) => {
          if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        });
      // Warm up: the first turns load the bot's modules and templates.
      for (const command of COMMANDS) await send(1, command.activity(1));
      for (const users of [1, USERS]) {
        for (const command of COMMANDS) {
          const from = connector.sent.length;
          const perUser = users === 1 ? (quick ? 10 : 40) : quick ? 2 : 6;
          const samples = await timed(users, perUser, (u) => send(u + 1, command.activity(u + 1)));
          const replies = connector.sent.slice(from).map((s) => Buffer.byteLength(JSON.stringify(s.activity)));
          results.push({ milestones: size, users, command: command.name, latency: latency(samples), replyBytes: { max: Math.max(0, ...replies) } });
          log(`turns: ${size} milestones, ${users} users, ${command.name}: p95 ${results.at(-1)!.latency.p95} ms`);
        }
      }
      connector.sent.length = 0;
      memory.push({ milestones: size, peakRssMb: peakRssMb(bot.pid) });
    } finally {
      await bot.stop();
    }
  }
  return { turns: results, memory };
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
    const statusRead = await app.requestCounter.measure(() => app.plans.view(planId, { fresh: true }));
    const milestone = plan.actions[0]!.milestones[0]!.id;
    const update = await app.requestCounter.measure(() => app.plans.recordMilestoneUpdate(planId, milestone, { status: "amber", note: "bench" }, admin, view.milestones.get(milestone)!.version));
    await app.digestRecords.registerChannel(planId, { boardId: "send-partnership-board", tenantId: TENANT, conversationId: "19:board@thread.tacv2", reference: { channelId: "msteams", serviceUrl: connector.url, conversation: { id: "19:board@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: TENANT, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" } }, registeredBy: "bench", registeredAt: new Date().toISOString() });
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

/** A cycle for N owners across N conversations, against a connector enforcing 30 requests a second. */
async function throughput(connectionString: string) {
  const owners = quick ? 100 : 1000;
  const connector = new FakeConnector();
  connector.limits = { perSecond: 30, perConversationPerSecond: 7 };
  await connector.start();
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: "benchrate" }, { longRunning: false, log });
  try {
    const planId = "bench-rate";
    await app.plans.importPlan(planOf(owners, owners, planId), admin);
    await installUsers(app, planId, connector.url, owners);
    const report = await withPromptCycle(app, log, (prompts) => prompts.run(planId, ASOF));
    const times = connector.acceptedAt;
    const seconds = (times.at(-1)! - times[0]!) / 1000;
    const achieved = (times.length - 1) / seconds;
    const received = new Set(connector.sent.map((s) => s.conversationId));
    return {
      owners,
      allowedPerSecond: 30,
      achievedPerSecond: Math.round(achieved * 10) / 10,
      ratio: Math.round((achieved / 30) * 100) / 100,
      seconds: Math.round(seconds * 10) / 10,
      throttled: connector.throttled,
      throttledAfterFirstSecond: connector.throttledAt.filter((t) => t > times[0]! + 1000).length,
      lost: owners - received.size,
      duplicates: connector.sent.length - received.size,
      reportedSent: report.sent.length,
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

function table(results: Awaited<ReturnType<typeof collect>>): string {
  const lines = [
    `Measured ${results.date} with \`${results.command}\` on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}.`,
    "",
    "**Turns through /api/messages** (ms, round trip on loopback including the reply to the connector):",
    "",
    "| milestones | users | command | p50 | p95 | p99 | largest reply (bytes) |",
    "|---:|---:|---|---:|---:|---:|---:|",
    ...results.turns.map((t) => `| ${t.milestones} | ${t.users} | ${t.command} | ${t.latency.p50} | ${t.latency.p95} | ${t.latency.p99} | ${t.replyBytes.max} |`),
    "",
    "**Storage requests** (pipeline policy on every table client):",
    "",
    "| operation | requests | goal |",
    "|---|---:|---|",
    `| status read (${results.storage.statusRead.entities} entities) | ${results.storage.statusRead.requests} | 1 per 1,000 entities |`,
    `| accepted update | ${results.storage.acceptedUpdate.requests} | 1 entity-group transaction |`,
    `| prompt cycle, ${results.storage.promptCycle.owners} owners | ${results.storage.promptCycle.requests} | ≤ 2N + a constant (${results.storage.promptCycle.goal} + c) |`,
    `| digest (build and post) | ${results.storage.digest.requests} | |`,
    "",
    `**Prompt throughput**: ${results.throughput.owners} owners in ${results.throughput.seconds} s: ${results.throughput.achievedPerSecond}/s of 30/s allowed (ratio ${results.throughput.ratio}, goal ≥ 0.9); 429s after the first second: ${results.throughput.throttledAfterFirstSecond}; lost: ${results.throughput.lost}; duplicates: ${results.throughput.duplicates}.`,
    "",
    "**Digest**: " + results.digest.map((d) => `${d.plan}: built in ${d.buildMs.p50} ms (p50), card ${d.cardBytes} bytes`).join("; ") + ".",
    "",
    "**Peak memory of the bot** (VmHWM): " + results.memory.map((m) => `${m.milestones} milestones: ${m.peakRssMb} MB`).join("; ") + ".",
  ];
  return lines.join("\n");
}

async function collect() {
  const server = await startTableServerProcess({ port: 0 });
  const connector = new FakeConnector();
  await connector.start();
  try {
    const { turns: turnResults, memory } = await turns(server.connectionString, connector);
    const storage = await storageCost(server.connectionString, connector);
    const rate = await throughput(server.connectionString);
    return {
      date: new Date().toISOString().slice(0, 10),
      command: quick ? "npm run bench -- --quick" : "npm run bench",
      quick,
      machine: machine(),
      commit: execSync("git rev-parse --short HEAD", { cwd: PROJECT_ROOT }).toString().trim(),
      turns: turnResults,
      storage,
      throughput: rate,
      digest: digestFigures(),
      memory,
    };
  } finally {
    await connector.stop();
    await server.close();
  }
}

async function main(): Promise<void> {
  recognitionBench(quick);
  const results = await collect();
  mkdirSync(join(PROJECT_ROOT, "bench"), { recursive: true });
  // A quick run (CI's) does not replace the full figures README quotes.
  writeFileSync(join(PROJECT_ROOT, "bench", quick ? "results.quick.json" : "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const text = table(results);
  process.stdout.write(`${text}\n`);
  if (!quick) {
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

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config";
import { openApp } from "../src/index";
import { BOT_SDKS, type BotSdk } from "../src/teams/createRuntime";
import { personalActivity } from "../test/support/activities";
import { freePort } from "../test/support/cli";
import type { FakeConnector } from "../test/support/fakeConnector";
import { PROJECT_ROOT } from "../test/support/paths";
import { PlanTrackerProcess } from "../test/support/planTrackerProcess";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { admin } from "../test/support/testApp";
import { latency, timed, type Latency } from "./stats";

const TENANT = "tenant-bench";
const USERS = 50;

export interface SdkFigures {
  sdk: BotSdk;
  /** `status`, one user at a time. */
  alone: Latency;
  /** `status`, fifty users at once. */
  together: Latency;
  peakRssMb: number;
}

export interface SdkComparison {
  command: "status";
  milestones: number;
  rounds: number;
  figures: SdkFigures[];
  /** agents ÷ botbuilder: below 1, the Agents SDK is faster or smaller. */
  ratio: { aloneP50: number; aloneP95: number; togetherP50: number; togetherP95: number; peakRss: number };
}

function peakRssMb(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/**
 * The `status` turn under each SDK, side by side: the same plan and store, Plan Tracker started
 * as `npm start` starts it with BOT_SDK set, one user at a time and fifty at once, and the bot
 * process's peak RSS. The SDKs take turns (botbuilder, agents, botbuilder, agents…) so that a
 * machine growing busier or quieter does not favour one; each round's samples are pooled.
 */
export async function sdkComparison(connectionString: string, connector: FakeConnector, quick: boolean, log: (message: string) => void): Promise<SdkComparison> {
  const milestones = 500;
  const rounds = quick ? 1 : 3;
  const prefix = "benchsdk";
  const planId = "bench-sdk";
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: prefix }, { longRunning: false, log });
  try {
    await app.plans.importPlan(syntheticPlan({ milestones, owners: USERS, id: planId }), admin);
    // Linked already, as people are after their first turn: no turn asks Teams who they are.
    for (let n = 1; n <= USERS; n++) await app.links.link(planId, `owner-${n}`, { aadObjectId: `aad-${n}`, name: `Owner ${n}`, tenantId: TENANT }, "manual", "bench");
  } finally {
    await app.close();
  }
  const samples = new Map<BotSdk, { alone: number[]; together: number[]; rss: number[] }>(BOT_SDKS.map((sdk) => [sdk, { alone: [], together: [], rss: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const sdk of BOT_SDKS) {
      const bot = await PlanTrackerProcess.start(await freePort(), { AZURE_TABLES_CONNECTION_STRING: connectionString, TABLE_PREFIX: prefix, PLAN_TRACKER_TODAY: "2023-11-01", PROMPT_SCHEDULE: "off", BOT_SDK: sdk });
      try {
        const status = (n: number) =>
          fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, { id: `29:user-${n}`, aadObjectId: `aad-${n}`, name: `Owner ${n}` }, { text: "status" })) }).then(async (response) => {
            if (response.status !== 200) throw new Error(`${sdk}: ${response.status} ${await response.text()}`);
            await response.arrayBuffer();
          });
        for (let i = 0; i < 5; i++) await status(1); // warm-up: modules, templates, the plan read
        const figures = samples.get(sdk)!;
        figures.alone.push(...(await timed(1, quick ? 20 : 60, () => status(1))));
        figures.together.push(...(await timed(USERS, quick ? 2 : 6, (u) => status(u + 1))));
        figures.rss.push(peakRssMb(bot.pid));
        connector.sent.length = 0;
      } catch (error) {
        throw new Error(`${sdk}: ${String(error)} (cause: ${String((error as Error).cause)})\n${bot.output.slice(-3000)}`, { cause: error });
      } finally {
        await bot.stop();
      }
    }
  }
  const figures = BOT_SDKS.map((sdk) => {
    const s = samples.get(sdk)!;
    return { sdk, alone: latency(s.alone), together: latency(s.together), peakRssMb: Math.max(...s.rss) };
  });
  const [botbuilder, agents] = [figures.find((f) => f.sdk === "botbuilder")!, figures.find((f) => f.sdk === "agents")!];
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const result: SdkComparison = {
    command: "status",
    milestones,
    rounds,
    figures,
    ratio: {
      aloneP50: ratio(agents.alone.p50, botbuilder.alone.p50),
      aloneP95: ratio(agents.alone.p95, botbuilder.alone.p95),
      togetherP50: ratio(agents.together.p50, botbuilder.together.p50),
      togetherP95: ratio(agents.together.p95, botbuilder.together.p95),
      peakRss: ratio(agents.peakRssMb, botbuilder.peakRssMb),
    },
  };
  for (const f of figures) log(`sdk ${f.sdk}: status alone p50 ${f.alone.p50} ms p95 ${f.alone.p95} ms; ${USERS} at once p50 ${f.together.p50} ms p95 ${f.together.p95} ms; peak RSS ${f.peakRssMb} MB`);
  log(`sdk agents ÷ botbuilder: ${JSON.stringify(result.ratio)}`);
  if (!quick) writeFileSync(join(PROJECT_ROOT, "bench", "sdk.json"), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), ...result }, null, 2)}\n`);
  return result;
}

/** `node dist/bench/sdkComparison.js [--quick]` (after `npm run build`): this comparison alone, on its own store and fake connector. */
if (require.main === module) {
  void (async () => {
    const { startTableServerProcess } = await import("../src/storage/tableServerProcess.js");
    const { FakeConnector } = await import("../test/support/fakeConnector.js");
    const server = await startTableServerProcess({ port: 0 });
    const connector = new FakeConnector();
    await connector.start();
    try {
      const result = await sdkComparison(server.connectionString, connector, process.argv.includes("--quick"), (message) => process.stderr.write(`${message}\n`));
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await connector.stop();
      await server.close();
    }
    process.exit(0);
  })().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

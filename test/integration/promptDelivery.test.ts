import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { openApp, startBot, type App, type RunningBot } from "../../src/index";
import { SEND_CONCURRENCY } from "../../src/app/promptCycle";
import { runCli } from "../support/cli";
import { FakeConnector } from "../support/fakeConnector";
import { busiestSecond, LimitedConnector } from "../support/limitedConnector";
import { CLI, PROJECT_ROOT } from "../support/paths";
import { syntheticPlan } from "../support/syntheticPlan";
import { admin, testConfig } from "../support/testApp";

const TENANT = "tenant-synthetic";
const PLAN = "synthetic-prompts";

/** Links plan people to Teams users and records their personal chats, as installs and auto-linking would. */
async function installOwners(app: App, connectorUrl: string, owners: number[]): Promise<void> {
  for (const i of owners) {
    await app.links.link(PLAN, `owner-${i}`, { aadObjectId: `aad-${i}`, name: `Owner ${i}`, tenantId: TENANT }, "manual", "test");
    const reference = { format: 1 as const, channelId: "msteams", serviceUrl: connectorUrl, conversation: { id: `a:personal-${i}`, conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" }, user: { id: `29:${i}`, name: `Owner ${i}` } };
    await app.conversations.record(TENANT, `user|aad-${i}`, { scope: "personal", installed: true, reference });
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("prompt delivery at scale (fake connector enforcing Teams' limits)", function () {
  this.timeout(120_000);
  let connector: FakeConnector;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
  });
  afterEach(async () => connector.stop());

  /** A full cycle for 60 owners against a connector (on its own thread) that answers 429 to any send over the rate in any second, and answers accepted sends after `delayMs`. */
  const fullCycle = (delayMs: number) => async () => {
    const RATE = 20;
    const limited = new LimitedConnector({ perSecond: RATE, perConversationPerSecond: 7, toleranceMs: 50, delayMs });
    await limited.start();
    const config = testConfig();
    const bot: RunningBot = await startBot({ ...config, bot: { ...config.bot, port: 0, rates: { perTenantPerSecond: RATE, perConversationPerSecond: 7 } } }, () => undefined);
    try {
      // 60 owners with two overdue milestones each; owners 51-60 are linked but never installed the app.
      await bot.app.plans.importPlan(syntheticPlan({ milestones: 120, owners: 60, id: PLAN }), admin);
      await installOwners(bot.app, limited.url, range(1, 50));
      for (const i of range(51, 60)) await bot.app.links.link(PLAN, `owner-${i}`, { aadObjectId: `aad-${i}`, name: `Owner ${i}`, tenantId: TENANT }, "manual", "test");
      const report = await bot.prompts.run(PLAN, "2023-11-01");
      assert.equal(report.ran, true);
      const stats = await limited.stats();
      const perConversation = new Map<string, number>();
      for (const s of stats.accepted) perConversation.set(s.conversationId, (perConversation.get(s.conversationId) ?? 0) + 1);
      assert.deepEqual([...perConversation.keys()].sort(), range(1, 50).map((i) => `a:personal-${i}`).sort(), "every installed owner");
      assert.ok([...perConversation.values()].every((n) => n === 1), "exactly once each");
      assert.deepEqual(stats.throttledAt, [], "Teams never had to throttle the bot");
      assert.ok(busiestSecond(stats, 50) <= RATE, `busiest second: ${busiestSecond(stats, 50)}`);
      // The owners who cannot be reached went to their action leads, or are recorded as unreachable when no lead can be reached either.
      const records = await bot.app.promptRecords.listCycle(PLAN, "2023-11");
      assert.equal(records.length, 60);
      for (const i of range(51, 60)) assert.equal(records.find((r) => r.ownerId === `owner-${i}`)?.state, "unreachable", `owner-${i}`);
      // Sending 50 messages at 20 a second takes at least two seconds: the limiter waited rather than bursting.
      assert.ok(stats.accepted.at(-1)!.at - stats.accepted[0]!.at >= 2000);
    } finally {
      await bot.close();
      await limited.stop();
    }
  };

  it("a full cycle for 60 owners: each reachable owner prompted exactly once, the others recorded, never above the configured rate", fullCycle(0));

  // A slow answer is where counting a request from anything but its arrival shows: the limiter frees a slot before the answer.
  it("the same with Teams answering each send after 300 ms: still never a 429", fullCycle(300));

  it("killing the process in the middle of a cycle and restarting: no owner skipped, a duplicate only for a message in flight", async () => {
    const config = testConfig();
    const app = await openApp(config, { longRunning: false, log: () => undefined });
    const env = { AZURE_TABLES_CONNECTION_STRING: config.tablesConnectionString!, TABLE_PREFIX: config.tablePrefix, PROMPT_LEASE_SECONDS: "5" };
    try {
      await app.plans.importPlan(syntheticPlan({ milestones: 120, owners: 60, id: PLAN }), admin);
      await installOwners(app, connector.url, range(1, 60));
      // Teams takes a while to answer: the process is killed while a message has been accepted but not yet answered.
      connector.delayMs = 150;
      const child = spawn(process.execPath, [CLI, "prompts", "--plan", PLAN, "--as-of", "2023-11-01", "--json"], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await connector.waitFor(0, 6, 30_000);
      child.kill("SIGKILL");
      await exited;
      const beforeRestart = connector.sent.length;
      const pending = (await app.promptRecords.listCycle(PLAN, "2023-11")).filter((r) => r.state === "pending").map((r) => r.ownerId);
      assert.ok(beforeRestart < 60, "killed mid-cycle");
      // The dead run's lease lasts five seconds; the restarted run waits for it, then finishes the cycle.
      connector.delayMs = 0;
      let report: { ran: boolean; sent: { ownerId: string }[] } = { ran: false, sent: [] };
      for (let attempt = 0; attempt < 20 && !report.ran; attempt++) {
        const result = await runCli(["prompts", "--plan", PLAN, "--as-of", "2023-11-01", "--json"], env);
        assert.equal(result.code, 0, result.stderr);
        report = JSON.parse(result.stdout) as typeof report;
        if (!report.ran) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      assert.equal(report.ran, true);
      const received = new Map<string, number>();
      for (const s of connector.sent) received.set(s.conversationId, (received.get(s.conversationId) ?? 0) + 1);
      assert.deepEqual([...received.keys()].sort(), range(1, 60).map((i) => `a:personal-${i}`).sort(), "no owner skipped");
      const duplicates = [...received.entries()].filter(([, n]) => n > 1).map(([conversation]) => conversation.replace("a:personal-", "owner-"));
      // Sends run concurrently: at most the messages in flight when the process died are sent twice.
      assert.ok(duplicates.length <= SEND_CONCURRENCY, `at most the messages in flight are sent twice: ${duplicates.join(", ")}`);
      // A duplicate can only be an owner whose record the dead run left pending (sent, not yet marked).
      for (const owner of duplicates) assert.ok(pending.includes(owner), `${owner} was duplicated but had been marked`);
      assert.ok((await app.promptRecords.listCycle(PLAN, "2023-11")).every((r) => r.state === "sent"));
    } finally {
      await app.close();
    }
  });

  it("an owner who has the app only through a team gets a personal chat created in the tenant, stored for next time", async () => {
    const config = testConfig();
    const bot = await startBot({ ...config, bot: { ...config.bot, port: 0 } }, () => undefined);
    try {
      await bot.app.plans.importPlan(syntheticPlan({ milestones: 3, owners: 3, id: PLAN }), admin);
      // Plan Tracker is installed in the board's team; owner 1 is a member of it, owner 2 is not; neither has a personal chat.
      const team = { id: "19:board@thread.tacv2", conversationType: "channel", tenantId: TENANT, isGroup: true };
      const installed = await fetch(bot.url, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "installationUpdate", action: "add", id: "install-team", channelId: "msteams", serviceUrl: connector.url, from: { id: "29:admin", aadObjectId: "aad-admin" }, recipient: { id: "28:plan-tracker", name: "Plan Tracker" }, conversation: team, channelData: { tenant: { id: TENANT }, team: { id: team.id } } }),
      });
      assert.equal(installed.status, 200);
      await connector.waitFor(0); // the welcome in the channel
      for (const i of [1, 2]) await bot.app.links.link(PLAN, `owner-${i}`, { aadObjectId: `aad-${i}`, name: `Owner ${i}`, tenantId: TENANT }, "manual", "test");
      connector.members.set("aad-1", { id: "29:owner-1", name: "Owner 1", aadObjectId: "aad-1" });
      connector.sent.length = 0;
      const report = await bot.prompts.run(PLAN, "2023-11-01");
      assert.deepEqual(connector.created.map((c) => ({ members: c.members?.map((m) => m.id), isGroup: c.isGroup, tenantId: c.tenantId })), [{ members: ["29:owner-1"], isGroup: false, tenantId: TENANT }]);
      assert.deepEqual(connector.sent.map((s) => s.conversationId), ["a:created-29:owner-1"], "the prompt goes to the new chat");
      assert.deepEqual(report.sent.map((s) => s.ownerId), ["owner-1"]);
      assert.match(report.unreachable.find((u) => u.ownerId === "owner-2")?.reason ?? "", /nor in a team of theirs/);
      const stored = await bot.app.conversations.get(TENANT, "user|aad-1");
      assert.equal(stored?.reference.conversation?.id, "a:created-29:owner-1");
      // The reminder uses the stored chat: no second conversation is created.
      await bot.prompts.run(PLAN, "2023-11-06");
      assert.equal(connector.created.length, 1);
      assert.deepEqual(connector.sent.map((s) => s.conversationId), ["a:created-29:owner-1", "a:created-29:owner-1"]);
    } finally {
      await bot.close();
    }
  });
});

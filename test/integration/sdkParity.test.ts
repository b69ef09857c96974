import { strict as assert } from "node:assert";
import { TableClient } from "@azure/data-tables";
import { startBot, type RunningBot } from "../../src/index";
import { BOT_SDKS, type BotSdk } from "../../src/teams/createRuntime";
import { FakeConnector } from "../support/fakeConnector";
import { syntheticPlan } from "../support/syntheticPlan";
import { admin, sampleText, testConfig, testConnectionString, uniquePrefix } from "../support/testApp";

const TENANT = "tenant-somerset";
const USER = { id: "29:user-ann", aadObjectId: "aad-ann", name: "Ann Example" };
const ADMIN_AAD = "aad-ann";

const activity = (serviceUrl: string, overrides: Record<string, unknown>) => ({
  type: "message",
  id: `act-${Math.random().toString(36).slice(2)}`,
  channelId: "msteams",
  serviceUrl,
  timestamp: new Date().toISOString(),
  from: USER,
  recipient: { id: "28:plan-tracker", name: "Plan Tracker" },
  conversation: { id: "a:personal-ann", conversationType: "personal", tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  ...overrides,
});

/** What Teams would show: each reply's type, text and attachments, and each invoke's HTTP answer; no ids or timestamps. */
interface Conversation {
  replies: unknown[];
  answers: { status: number; body: unknown }[];
}

/** Idempotency keys on cards are fresh UUIDs: the one thing allowed to differ. */
const withoutIds = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")) as T;

/** The same turns, from the same user, against a bot on `sdk`: installation, typed commands, buttons (Action.Execute and the Submit fallback), an admin command and a refusal. */
async function converse(sdk: BotSdk): Promise<Conversation> {
  const connector = new FakeConnector();
  await connector.start();
  const config = testConfig();
  const bot = await startBot({ ...config, bot: { ...config.bot, sdk, port: 0, fixedToday: "2023-11-01", adminIds: [ADMIN_AAD] } }, () => undefined);
  try {
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    const turns: Record<string, unknown>[] = [
      { type: "installationUpdate", action: "add" },
      ...["help", "status", "status 1.2", "overdue", "mine", "kpis", "kpi 7", "risks", "find autism", "people", "boards", "digest", "update 1.2.4", "no such thing at all"].map((text) => ({ text })),
      { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.2" } } } },
      { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "command", data: { command: "status", extra: 1 } } } },
      { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Submit", verb: "command" } } },
      { type: "invoke", name: "composeExtension/query", value: {} },
      { value: { command: "risks" } },
      { text: "<at>Plan Tracker</at> status", entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }] },
    ];
    const answers: Conversation["answers"] = [];
    for (const turn of turns) {
      const before = connector.sent.length;
      const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(connector.url, turn)) });
      const text = await response.text();
      answers.push({ status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined });
      if (turn.type !== "invoke") await connector.waitFor(before);
    }
    // The conversation as the connector decoded it (botbuilder escapes ":" in the path, the Agents SDK does not), and whether it is a reply.
    const replies = connector.sent.map((sent) => ({ conversationId: sent.conversationId, reply: /\/activities\/[^/]+$/.test(sent.path), type: sent.activity.type, text: sent.activity.text, attachments: sent.activity.attachments }));
    return withoutIds({ replies, answers });
  } finally {
    await bot.close();
    await connector.stop();
  }
}

describe("the same bot under both SDKs", function () {
  this.timeout(120_000);

  it("answers the same turns with the same cards, texts and invoke responses (ids and timestamps aside)", async () => {
    const [botbuilder, agents] = [await converse("botbuilder"), await converse("agents")];
    assert.ok(botbuilder.replies.length >= 16, `replies: ${botbuilder.replies.length}`);
    assert.deepEqual(agents.answers, botbuilder.answers);
    assert.deepEqual(agents.replies, botbuilder.replies);
  });
});

/**
 * BOT_SDK can be switched on a live store: a personal chat recorded by a bot on one SDK — or a row
 * in either SDK's own reference shape, as rows were stored before Plan Tracker had its own — is
 * where the bot on the other SDK delivers the owner's prompt.
 */
describe("conversation references across SDKs", function () {
  this.timeout(60_000);
  const PLAN = "synthetic-prompts";
  let connector: FakeConnector;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
  });
  afterEach(() => connector.stop());

  const owner = { id: "29:owner-1", aadObjectId: "aad-1", name: "Owner 1" };
  const start = (sdk: BotSdk, prefix: string): Promise<RunningBot> => {
    const config = testConfig({ tablePrefix: prefix });
    return startBot({ ...config, bot: { ...config.bot, sdk, port: 0 } }, () => undefined);
  };

  for (const [from, to] of [["botbuilder", "agents"], ["agents", "botbuilder"]] as [BotSdk, BotSdk][]) {
    it(`an installation recorded under ${from} delivers a prompt under ${to}`, async () => {
      const prefix = uniquePrefix();
      const first = await start(from, prefix);
      try {
        await first.app.plans.importPlan(syntheticPlan({ milestones: 3, owners: 3, id: PLAN }), admin);
        await first.app.links.link(PLAN, "owner-1", { aadObjectId: owner.aadObjectId, name: owner.name, tenantId: TENANT }, "manual", "test");
        const installed = await fetch(first.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(connector.url, { type: "installationUpdate", action: "add", from: owner, conversation: { id: "a:personal-owner-1", conversationType: "personal", tenantId: TENANT } })) });
        assert.equal(installed.status, 200);
      } finally {
        await first.close();
      }
      connector.sent.length = 0;
      const second = await start(to, prefix);
      try {
        const report = await second.prompts.run(PLAN, "2023-11-01");
        assert.deepEqual(report.sent.map((s) => s.ownerId), ["owner-1"]);
        assert.deepEqual(connector.sent.map((s) => s.conversationId), ["a:personal-owner-1"]);
      } finally {
        await second.close();
      }
    });
  }

  const legacyRows: [string, Record<string, unknown>][] = [
    ["botbuilder's", { bot: { id: "28:plan-tracker", name: "Plan Tracker" } }],
    ["the Agents SDK's", { agent: { id: "28:plan-tracker", name: "Plan Tracker" } }],
  ];
  for (const [shape, account] of legacyRows) {
    for (const sdk of BOT_SDKS) {
      it(`a row stored in ${shape} reference shape delivers under ${sdk}`, async () => {
        const prefix = uniquePrefix();
        const bot = await start(sdk, prefix);
        try {
          await bot.app.plans.importPlan(syntheticPlan({ milestones: 3, owners: 3, id: PLAN }), admin);
          await bot.app.links.link(PLAN, "owner-1", { aadObjectId: owner.aadObjectId, name: owner.name, tenantId: TENANT }, "manual", "test");
          // Written as Plan Tracker wrote rows before it had a reference shape of its own (a real table client on the test Azurite).
          const reference = { activityId: "act-1", user: { id: owner.id, name: owner.name, aadObjectId: owner.aadObjectId }, ...account, conversation: { id: "a:personal-owner-1", conversationType: "personal", tenantId: TENANT }, channelId: "msteams", locale: "en-GB", serviceUrl: connector.url };
          const table = TableClient.fromConnectionString(testConnectionString(), `${prefix}conversations`, { allowInsecureConnection: true });
          await table.createEntity({ partitionKey: TENANT, rowKey: "user~7Caad-1", reference: JSON.stringify(reference), scope: "personal", installed: true, updatedAt: new Date().toISOString() });
          const report = await bot.prompts.run(PLAN, "2023-11-01");
          assert.deepEqual(report.sent.map((s) => s.ownerId), ["owner-1"]);
          assert.deepEqual(connector.sent.map((s) => s.conversationId), ["a:personal-owner-1"]);
        } finally {
          await bot.close();
        }
      });
    }
  }
});

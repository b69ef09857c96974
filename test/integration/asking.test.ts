import { strict as assert } from "node:assert";
import { TableClient } from "@azure/data-tables";
import { startBot, type RunningBot } from "../../src/index";
import { PHRASINGS } from "../unit/phrasings";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector, type SentActivity } from "../support/fakeConnector";
import { admin, sampleText, testConfig, testConnectionString } from "../support/testApp";

const TENANT = "tenant-somerset";
const ADMIN_AAD = "aad-admin-asker";
const TABLES = ["plans", "catalog", "conversations", "links", "prompts", "digests", "leases"];

/**
 * The questions of issue 20, typed over the Bot Framework protocol (real HTTP to
 * /api/messages, replies to a fake Bot Connector on loopback), with the sample plan at
 * 2023-11-01; and every phrasing of the test table sent by a plan admin, after which
 * storage is exactly as it was: free text never writes.
 */
describe("Asking Plan Tracker (Bot Framework protocol, fake connector)", function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  let bot: RunningBot;
  let prefix: string;

  const activity = (text: string) => ({
    type: "message",
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: "msteams",
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: "29:user-admin", aadObjectId: ADMIN_AAD, name: "Plan Admin" },
    recipient: { id: "28:plan-tracker", name: "Plan Tracker" },
    conversation: { id: "a:personal-admin", conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
  });

  async function ask(text: string): Promise<{ card: Record<string, unknown>; texts: string[]; buttons: string[] }> {
    const before = connector.sent.length;
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(text)) });
    assert.equal(response.status, 200, text);
    const [reply] = await connector.waitFor(before);
    const card = cardOf(reply!);
    return { card, texts: textsOf(card), buttons: ((card.actions ?? []) as { data?: { command?: string } }[]).map((a) => a.data?.command ?? "") };
  }

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    prefix = config.tablePrefix;
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01", adminIds: [ADMIN_AAD] } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("how's action 2.2 getting on → action 2.2", async () => {
    const { texts } = await ask("how's action 2.2 getting on");
    assert.ok(texts.some((t) => t.startsWith("Action 2.2: ") && t.includes("identify up to 60 children")), texts.join(" | "));
    assert.ok(texts.some((t) => t.startsWith("Lead: Paul Shallcross")));
  });

  it("what's late → overdue milestones", async () => {
    const { texts } = await ask("what's late");
    assert.ok(texts.includes("Overdue milestones"));
    assert.ok(texts.some((t) => /^15 overdue milestones as of 1 Nov 2023$/.test(t)), texts.join(" | "));
  });

  it("what has Will Barnwell got overdue → overdue for one person", async () => {
    const { texts } = await ask("what has Will Barnwell got overdue");
    assert.ok(texts.includes("Overdue for Will Barnwell"));
    assert.ok(texts.some((t) => t.startsWith("Nothing is overdue for Will Barnwell")));
  });

  it("Sam's actions → Did you mean Sam Mannion or Sam Baker", async () => {
    const { texts, buttons } = await ask("Sam's actions");
    assert.ok(texts.includes("Did you mean …"));
    assert.deepEqual(buttons.sort(), ["what does Sam Baker own", "what does Sam Mannion own"]);
    const baker = await ask("what does Sam Baker own");
    assert.ok(baker.texts.some((t) => t.startsWith("Sam Baker leads no action and owns 1 milestone, 1 overdue")), baker.texts.join(" | "));
    assert.ok(baker.texts.some((t) => t.includes("2.4.1")));
  });

  it("which milestones are amber → milestones filtered by status", async () => {
    const { texts } = await ask("which milestones are amber");
    assert.ok(texts.includes("Amber milestones"));
    assert.ok(texts.some((t) => t.startsWith("12 Amber milestones")), texts.join(" | "));
  });

  it("status 1.2.4 → one milestone", async () => {
    const { texts, buttons } = await ask("status 1.2.4");
    assert.ok(texts.includes("Milestone 1.2.4"));
    assert.ok(texts.includes("Amber"));
    assert.ok(texts.includes("Gemma Reeves"));
    assert.ok(buttons.includes("update 1.2.4"));
  });

  it("show me risk R5 → one risk", async () => {
    const { texts } = await ask("show me risk R5");
    assert.ok(texts.includes("Risk R5"));
    assert.ok(texts.some((t) => t.startsWith("3 (Low likelihood × High impact)")));
    assert.ok(texts.includes("Mitigation"));
  });

  it("progress on KPI 3 → one KPI", async () => {
    const { card } = await ask("progress on KPI 3");
    assert.match(JSON.stringify(card), /KPI 3/);
  });

  it("when does the board next meet → boards", async () => {
    const { texts } = await ask("when does the board next meet");
    assert.ok(texts.includes("Boards and their digests") || texts.some((t) => t.includes("Progress review with DfE and NHS England")), texts.join(" | "));
    assert.ok(texts.some((t) => t.includes("4 Jan 2024")));
  });

  it("mark 2.4.1 complete → the update card for 2.4.1 with Blue chosen, nothing recorded", async () => {
    const { card } = await ask("mark 2.4.1 complete");
    const json = JSON.stringify(card);
    assert.match(json, /Update milestone 2\.4\.1/);
    // The card has no status input (each answer's Save carries its status): it says which answer was asked for.
    assert.match(json, /You asked for 2\.4\.1 to be Blue \(complete\): choose Done, then Save 2\.4\.1 as Blue/);
    const view = await bot.app.plans.view(await bot.app.plans.resolvePlanId(), { fresh: true });
    assert.equal(view.milestones.get("2.4.1")?.status, "amber", "still Amber until someone saves");
  });

  it("stats → status", async () => {
    const { card } = await ask("stats");
    assert.match(JSON.stringify(card), /47 milestones/);
  });

  it("thank you → a short reply, not a search", async () => {
    const { texts, buttons } = await ask("thank you");
    assert.deepEqual(texts, ["You're welcome. Ask me any time."]);
    assert.deepEqual(buttons, []);
  });

  it("free text never writes: every phrasing of the table, sent by a plan admin, leaves storage as it was", async () => {
    const before = await snapshot();
    for (const [text] of PHRASINGS) await ask(text);
    assert.deepEqual(await snapshot(), before);
  });

  /** Every entity of every table of this bot, without the server's timestamps. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const tables: Record<string, unknown[]> = {};
    for (const name of TABLES) {
      const client = TableClient.fromConnectionString(testConnectionString(), `${prefix}${name}`, { allowInsecureConnection: true });
      const rows: unknown[] = [];
      try {
        for await (const entity of client.listEntities()) {
          const { timestamp: _timestamp, ...rest } = entity as Record<string, unknown>;
          rows.push(rest);
        }
      } catch (error) {
        // A table nobody has written to yet does not exist: that is "nothing stored".
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
      tables[name] = rows;
    }
    return tables;
  }
});

function cardOf(sent: SentActivity): Record<string, unknown> {
  const attachment = sent.activity.attachments?.[0];
  assert.equal(attachment?.contentType, "application/vnd.microsoft.card.adaptive", `expected a card, got ${JSON.stringify(sent.activity)}`);
  const card = attachment!.content as Record<string, unknown>;
  assert.deepEqual(cardProblems(card), []);
  return card;
}

function textsOf(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "text" || key === "value") && typeof value === "string") found.push(value);
        else if (key !== "actions") walk(value);
      }
    }
  };
  walk((card as { body?: unknown }).body);
  return found;
}

import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector, type SentActivity } from "../support/fakeConnector";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
let connector: FakeConnector;

function activity(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "message",
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: "msteams",
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: "29:user-ann", aadObjectId: "aad-ann", name: "Ann Example" },
    recipient: { id: "28:plan-tracker", name: "Plan Tracker" },
    conversation: { id: "a:personal-ann", conversationType: "personal", tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...overrides,
  };
}

async function post(bot: RunningBot, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(bot.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Sends a message as a user would and returns the card the bot answered with. */
async function ask(bot: RunningBot, text: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const before = connector.sent.length;
  const response = await post(bot, activity({ text, ...overrides }));
  assert.equal(response.status, 200);
  const [reply] = await connector.waitFor(before);
  return cardOf(reply!);
}

function cardOf(sent: SentActivity): Record<string, unknown> {
  const attachment = sent.activity.attachments?.[0];
  assert.equal(attachment?.contentType, "application/vnd.microsoft.card.adaptive", `expected a card, got ${JSON.stringify(sent.activity)}`);
  const card = attachment!.content;
  assert.deepEqual(cardProblems(card), []);
  return card;
}

const texts = (card: unknown): string[] => {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "text" || key === "value" || key === "title") && typeof value === "string") found.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return found;
};

describe("Plan Tracker in Teams (Bot Framework protocol, fake connector)", function () {
  this.timeout(30_000);
  let bot: RunningBot;

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("status: the progress table of seed 003, per area", async () => {
    const card = await ask(bot, "status");
    const all = texts(card);
    assert.ok(all.includes("Status as of 1 Nov 2023 · 47 milestones · 15 overdue"), all.join(" | "));
    const json = JSON.stringify(card);
    for (const row of SEED_003_TABLE) {
      assert.ok(json.includes(`"**${row.action}**`), `action ${row.action}`);
    }
    const rows = (card.body as { items?: { rows?: { cells: { items: { text: string }[] }[] }[] }[] }[])
      .flatMap((container) => container.items ?? [])
      .flatMap((item) => item.rows?.slice(1) ?? [])
      .map((row) => row.cells.map((cell) => cell.items[0]!.text));
    assert.deepEqual(
      rows.map(([title, b, g, a, r, overall]) => [title!.slice(2, 5), +b!, +g!, +a!, +r!, overall!.toLowerCase()]),
      SEED_003_TABLE.map((row) => [row.action, row.counts.blue, row.counts.green, row.counts.amber, row.counts.red, row.overall]),
    );
  });

  for (const phrase of ["status 1.2", "action 1.2", "1.2", "how is 1.2 doing?"]) {
    it(`"${phrase}": action 1.2 with its five milestones`, async () => {
      const card = await ask(bot, phrase);
      const all = texts(card);
      assert.ok(all.some((t) => t.startsWith("Action 1.2:")));
      for (const id of ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5"]) assert.ok(all.some((t) => t.startsWith(`**${id}**`)), id);
      assert.ok(all.includes("Red"));
      assert.ok(all.some((t) => /185 days overdue/.test(t)));
    });
  }

  it("strips the @mention in a channel before reading the command", async () => {
    const card = await ask(bot, "<at>Plan Tracker</at> status 2.4", {
      conversation: { id: "19:board-channel@thread.tacv2", conversationType: "channel", tenantId: TENANT, isGroup: true },
      entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }],
    });
    assert.ok(texts(card).some((t) => t.startsWith("Action 2.4:")));
  });

  it("overdue: grouped by owner", async () => {
    const all = texts(await ask(bot, "overdue"));
    assert.ok(all.includes("15 overdue milestones as of 1 Nov 2023"), all.join(" | "));
    assert.ok(all.includes("Gemma Reeves (2)"));
  });

  it("kpis and kpi 7", async () => {
    const kpis = texts(await ask(bot, "kpis"));
    assert.ok(kpis.some((t) => t.startsWith("**KPI 14**")));
    const kpi7 = texts(await ask(bot, "kpi 7"));
    assert.ok(kpi7.includes("KPI 7: Rolling 12-month number of exclusions for all pupils"));
    assert.ok(kpi7.includes("108.8 (85% of baseline)"));
  });

  it("risks: highest score first", async () => {
    const all = texts(await ask(bot, "risks"));
    assert.ok(all.includes("As of 1 Nov 2023 · 8 of 8 due for review"));
    assert.ok(all.findIndex((t) => t.startsWith("**R1**")) < all.findIndex((t) => t.startsWith("**R5**")));
  });

  it("find, and free text that names no command, search the plan", async () => {
    const found = texts(await ask(bot, "autism"));
    assert.ok(found.some((t) => t.startsWith("**1.4** (action)")), found.join(" | "));
    const explicit = texts(await ask(bot, "find Outcome Star"));
    assert.ok(explicit.some((t) => t.startsWith("**2.2.4**")));
  });

  it("text it cannot place gets a short answer with suggestions", async () => {
    const card = await ask(bot, "xyzzy plugh");
    assert.ok(texts(card).some((t) => t.includes("I'm not sure what you're asking")));
    // Three questions that work, as buttons, and help.
    const commands = (card.actions as { data: { command: string } }[]).map((a) => a.data.command);
    assert.deepEqual(commands, ["what's overdue?", "how's action 1.2 getting on?", "which milestones are red?", "help"]);
  });

  it("mine: says plainly that the user is not linked to a plan person yet", async () => {
    assert.ok(texts(await ask(bot, "mine")).some((t) => t.includes("I don't know which person in the plan you are")));
  });

  it("help lists the commands with buttons", async () => {
    const card = await ask(bot, "help");
    assert.ok(texts(card).includes("status 1.2"));
    assert.ok((card.actions as { type: string }[]).every((a) => a.type === "Action.Execute"));
  });

  it("a card button (Action.Execute) answers like typing: the card is replaced by the answer", async () => {
    const response = await post(bot, activity({ type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.6" } }, trigger: "manual" } }));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
    assert.equal(body.type, "application/vnd.microsoft.card.adaptive");
    assert.deepEqual(cardProblems(body.value), []);
    assert.ok(texts(body.value).some((t) => t.startsWith("Action 1.6:")));
  });

  it("the Action.Submit fallback sends the same command as a message value", async () => {
    const before = connector.sent.length;
    await post(bot, activity({ text: undefined, value: { command: "overdue" } }));
    const [reply] = await connector.waitFor(before);
    assert.ok(texts(cardOf(reply!)).includes("15 overdue milestones as of 1 Nov 2023"));
  });

  it("a forged button payload is refused with a 400 and no answer", async () => {
    const before = connector.sent.length;
    const response = await post(bot, activity({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "command", data: { command: 42 } } } }));
    const body = (await response.json()) as { statusCode: number };
    assert.equal(body.statusCode, 400);
    assert.equal(connector.sent.length, before);
  });

  it("install: a welcome card, and the conversation is stored for later", async () => {
    const before = connector.sent.length;
    await post(bot, activity({ type: "installationUpdate", action: "add", text: undefined, conversation: { id: "a:personal-new", conversationType: "personal", tenantId: TENANT }, from: { id: "29:new", aadObjectId: "aad-new", name: "New User" } }));
    const [welcome] = await connector.waitFor(before);
    assert.ok(texts(cardOf(welcome!)).includes("Hello, I'm Plan Tracker"));
    const stored = await bot.app.conversations.get(TENANT, "user|aad-new");
    assert.equal(stored?.installed, true);
    assert.equal(stored?.reference.conversation?.id, "a:personal-new");
    await post(bot, activity({ type: "installationUpdate", action: "remove", text: undefined, conversation: { id: "a:personal-new", conversationType: "personal", tenantId: TENANT }, from: { id: "29:new", aadObjectId: "aad-new", name: "New User" } }));
    assert.equal((await bot.app.conversations.get(TENANT, "user|aad-new"))?.installed, false);
  });

  it("install in a team channel: stored, with a welcome in the channel", async () => {
    const before = connector.sent.length;
    const channel = { id: "19:board@thread.tacv2", conversationType: "channel", tenantId: TENANT, isGroup: true };
    await post(bot, activity({ type: "installationUpdate", action: "add", text: undefined, conversation: channel }));
    const [welcome] = await connector.waitFor(before);
    assert.equal(welcome!.conversationId, channel.id);
    const stored = await bot.app.conversations.get(TENANT, channel.id);
    assert.deepEqual([stored?.scope, stored?.installed], ["channel", true]);
  });

  it("a group chat that adds the bot (conversationUpdate) is recorded, and removing it is too", async () => {
    const chat = { id: "19:group-chat@thread.v2", conversationType: "groupChat", tenantId: TENANT, isGroup: true };
    const bot28 = { id: "28:plan-tracker", name: "Plan Tracker" };
    await post(bot, activity({ type: "conversationUpdate", text: undefined, conversation: chat, membersAdded: [bot28] }));
    assert.deepEqual(await bot.app.conversations.get(TENANT, chat.id).then((c) => [c?.scope, c?.installed]), ["groupChat", true]);
    await post(bot, activity({ type: "conversationUpdate", text: undefined, conversation: chat, membersRemoved: [bot28] }));
    assert.equal((await bot.app.conversations.get(TENANT, chat.id))?.installed, false);
  });

  it("/healthz and /readyz answer", async () => {
    const base = bot.url.replace("/api/messages", "");
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.deepEqual(await (await fetch(`${base}/readyz`)).json(), { status: "ready" });
  });
});

describe("tenant filter", function () {
  this.timeout(30_000);

  it("drops activities from tenants not allowed, before any storage write or reply", async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    const bot = await startBot({ ...config, bot: { ...config.bot, port: 0, allowedTenantIds: ["tenant-allowed"] } }, () => undefined);
    try {
      await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
      const outsider = { conversation: { id: "a:outsider", conversationType: "personal", tenantId: "tenant-other" }, channelData: { tenant: { id: "tenant-other" } }, from: { id: "29:x", aadObjectId: "aad-x", name: "X" } };
      assert.equal((await post(bot, activity({ type: "installationUpdate", action: "add", text: undefined, ...outsider }))).status, 200);
      assert.equal((await post(bot, activity({ text: "status", ...outsider }))).status, 200);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(connector.sent.length, 0);
      assert.equal(await bot.app.conversations.get("tenant-other", "user|aad-x"), undefined);
      const allowed = { conversation: { id: "a:insider", conversationType: "personal", tenantId: "tenant-allowed" }, channelData: { tenant: { id: "tenant-allowed" } } };
      await post(bot, activity({ text: "status", ...allowed }));
      await connector.waitFor(0);
    } finally {
      await bot.close();
      await connector.stop();
    }
  });
});

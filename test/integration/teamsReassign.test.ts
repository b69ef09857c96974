import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-reassign";
const ADMIN = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada Admin" };
const MEMBER = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma R" };
const PLAN = "somerset-app";

describe("reassign in Teams (real HTTP, Azurite)", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let connector: FakeConnector;

  async function say(from: TeamsUser, text: string): Promise<{ json: string; confirm?: Record<string, unknown> }> {
    const before = connector.sent.length;
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, from, { text })) });
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return { json: JSON.stringify(card), confirm: confirmData(card) };
  }

  /** The Confirm reassign button's data, as Teams would send it back. */
  function confirmData(card: unknown): Record<string, unknown> | undefined {
    let found: Record<string, unknown> | undefined;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      const element = node as Record<string, unknown>;
      if (element.type === "Action.Execute" && element.verb === "confirmReassign") found = element.data as Record<string, unknown>;
      Object.values(element).forEach(walk);
    };
    walk(card);
    return found;
  }

  async function press(from: TeamsUser, data: Record<string, unknown>): Promise<string> {
    const body = personalActivity(connector.url, TENANT, from, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "confirmReassign", data }, trigger: "manual" } });
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { value: unknown };
    assert.deepEqual(cardProblems(answer.value), []);
    return JSON.stringify(answer.value);
  }

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("a non-admin is refused centrally, by typing and by pressing, and nothing moves", async () => {
    const head = await bot.app.plans.headTag(PLAN);
    const typed = await say(MEMBER, "reassign Claire Merchant-Jones to Rose Firth because she left");
    assert.match(typed.json, /Only plan admins can reassign people's work/);
    assert.equal(typed.confirm, undefined);
    assert.match(await press(MEMBER, { planId: PLAN, fromId: "claire-merchant-jones", toId: "rose-firth", reason_reassign: "left" }), /Only plan admins can reassign people's work/);
    assert.equal(await bot.app.plans.headTag(PLAN), head);
  });

  it("an unknown person and a move to the same person are refused, with no Confirm button", async () => {
    let answer = await say(ADMIN, "reassign Nobody Known to Rose Firth");
    assert.match(answer.json, /no \\"Nobody Known\\" among the plan's people/);
    assert.equal(answer.confirm, undefined);
    answer = await say(ADMIN, "reassign Rose Firth to rose-firth");
    assert.match(answer.json, /cannot be reassigned to themselves/);
    assert.equal(answer.confirm, undefined);
    assert.match(await press(ADMIN, { planId: PLAN, fromId: "no-such-person", toId: "rose-firth", reason_reassign: "left" }), /no-such-person is not a person in plan somerset-app/);
  });

  it("an admin sees what would move, confirms, and each moved item gets a history entry; a button without a reason is refused", async () => {
    const head = await bot.app.plans.headTag(PLAN);
    const card = await say(ADMIN, "reassign Claire Merchant-Jones to Rose Firth because she left the council");
    assert.match(card.json, /Reassign Claire Merchant-Jones to Rose Firth/);
    assert.match(card.json, /action 1\.1 \(lead\)/);
    assert.match(card.json, /risk R1 \(owner\)/);
    assert.match(card.json, /she left the council/, "the typed reason is the input's value");
    assert.deepEqual({ ...card.confirm }, { fromId: "claire-merchant-jones", toId: "rose-firth", planId: PLAN });
    assert.equal(await bot.app.plans.headTag(PLAN), head, "the card writes nothing");

    assert.match(await press(ADMIN, { ...card.confirm }), /Give a reason on the card/, "no reason: refused");
    assert.match(await press(ADMIN, { ...card.confirm, reason_reassign: "she left", extra: "x" }), /could not be read/);
    assert.equal(await bot.app.plans.headTag(PLAN), head);

    const done = await press(ADMIN, { ...card.confirm, reason_reassign: "she left the council" });
    assert.match(done, /Reassigned Claire Merchant-Jones to Rose Firth/);
    const plan = (await bot.app.plans.view(PLAN, { fresh: true })).plan;
    assert.equal(plan.actions.find((a) => a.id === "1.1")!.lead, "rose-firth");
    for (const target of ["1.1", "KPI 1", "a1-qi1", "R1"]) {
      const entry = (await bot.app.records.history(PLAN, target)).entries.at(-1)!;
      assert.deepEqual([entry.source, entry.by, entry.byName], ["teams", ADMIN.aadObjectId, ADMIN.name], target);
      assert.match(entry.note ?? "", /she left the council/);
    }
    const report = await bot.app.plans.importFile("somerset-app.json", sampleText(), admin, { dryRun: true });
    assert.ok(report.conflicts.some((c) => c.kind === "action" && c.id === "1.1" && c.kept === "app"), "a later import of the old file lists the conflict");
  });
});

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { PROJECT_ROOT } from "../support/paths";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-multi";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
/** In both plans: Gemma Reeves in the sample, Ben Sample in Northshire. */
const BEN = { id: "29:ben", aadObjectId: "aad-ben", name: "Ben Both" };
/** In the sample plan only. */
const AMY = { id: "29:amy", aadObjectId: "aad-amy", name: "Amy J" };
const SOMERSET_CHANNEL = "19:somerset@thread.tacv2";
const NORTHSHIRE_CHANNEL = "19:northshire@thread.tacv2";
const northshireText = () => readFileSync(resolve(PROJECT_ROOT, "data", "northshire-wsoa.json"), "utf8");

describe("several plans in one bot", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let connector: FakeConnector;

  const mentionOf = (user: { id: string; name: string }) => ({ type: "mention", text: `<at>${user.name}</at>`, mentioned: { id: user.id, name: user.name } });
  const inChannel = (channel: string, mentions: { id: string; name: string }[] = []) => ({
    conversation: { id: `${channel};messageid=${Math.floor(Math.random() * 1e6)}`, conversationType: "channel", tenantId: TENANT, isGroup: true },
    channelData: { tenant: { id: TENANT }, team: { id: `${channel}-team` }, channel: { id: channel } },
    entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }, ...mentions.map(mentionOf)],
  });

  async function say(from: TeamsUser, text: string, overrides: Record<string, unknown> = {}): Promise<{ json: string; card: Record<string, unknown> }> {
    const before = connector.sent.length;
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, from, { text, ...overrides })) });
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return { json: JSON.stringify(card), card };
  }

  async function press(from: TeamsUser, verb: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}): Promise<{ status: number; json: string }> {
    const body = personalActivity(connector.url, TENANT, from, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" }, ...overrides });
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, json: JSON.stringify(await response.json()) };
  }

  /** Every button's data on a card. */
  const buttonData = (card: unknown): Record<string, unknown>[] => {
    const found: Record<string, unknown>[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      const element = node as Record<string, unknown>;
      if ((element.type === "Action.Execute" || element.type === "Action.Submit") && element.data) found.push(element.data as Record<string, unknown>);
      Object.values(element).forEach(walk);
    };
    walk(card);
    return found;
  };

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    for (const member of [ADMIN, BEN, AMY]) connector.members.set(member.id, member);
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    await bot.app.plans.importFile("northshire-wsoa.json", northshireText(), admin);
    await bot.app.links.link("somerset-app", "gemma-reeves", { aadObjectId: BEN.aadObjectId, name: BEN.name, tenantId: TENANT }, "manual", "test");
    await bot.app.links.link("northshire-wsoa", "ben-sample", { aadObjectId: BEN.aadObjectId, name: BEN.name, tenantId: TENANT }, "manual", "test");
    await bot.app.links.link("somerset-app", "amy-joynes", { aadObjectId: AMY.aadObjectId, name: AMY.name }, "manual", "test");
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("a channel bound to no plan, with two stored, says how to bind it", async () => {
    const { json } = await say(AMY, "<at>Plan Tracker</at> status", inChannel(SOMERSET_CHANNEL));
    assert.match(json, /not bound to a plan yet, and 2 plans are stored/);
  });

  it("only a plan's admin binds a channel to it; a refusal writes nothing", async () => {
    const { json } = await say(AMY, "<at>Plan Tracker</at> use plan somerset-app here", inChannel(SOMERSET_CHANNEL));
    assert.match(json, /Only plan admins can bind a conversation to their plan/);
    assert.equal(await bot.app.bindings.planOf(SOMERSET_CHANNEL), undefined);
    assert.match((await say(ADMIN, "<at>Plan Tracker</at> use plan no-such-plan here", inChannel(SOMERSET_CHANNEL))).json, /There is no plan \\"no-such-plan\\" here/);
    assert.equal(await bot.app.bindings.planOf(SOMERSET_CHANNEL), undefined);
  });

  it("two channels bound to two plans: status in each shows its own plan", async () => {
    assert.match((await say(ADMIN, "<at>Plan Tracker</at> use plan somerset-app here", inChannel(SOMERSET_CHANNEL))).json, /now follows Somerset SEND Accelerated Progress Plan/);
    assert.match((await say(ADMIN, "<at>Plan Tracker</at> use plan northshire-wsoa here", inChannel(NORTHSHIRE_CHANNEL))).json, /now follows Northshire Written Statement of Action/);
    const somerset = await say(AMY, "<at>Plan Tracker</at> status", inChannel(SOMERSET_CHANNEL));
    const northshire = await say(AMY, "<at>Plan Tracker</at> status", inChannel(NORTHSHIRE_CHANNEL));
    assert.match(somerset.json, /Somerset SEND Accelerated Progress Plan/);
    assert.doesNotMatch(somerset.json, /Northshire/);
    assert.match(northshire.json, /Northshire Written Statement of Action/);
    assert.match(northshire.json, /Keep waiting families informed/);
    assert.doesNotMatch(northshire.json, /Somerset/);
    // Every button on each card carries its plan.
    assert.ok(buttonData(somerset.card).length > 0);
    assert.ok(buttonData(somerset.card).every((data) => data.planId === "somerset-app"));
    assert.ok(buttonData(northshire.card).every((data) => data.planId === "northshire-wsoa"));
  });

  it("a channel bound to one plan is moved to another only by an admin of both", async () => {
    // Ben becomes an admin of Northshire only; the Somerset channel stays Somerset's.
    await bot.app.admins.add("northshire-wsoa", BEN.aadObjectId, "test");
    assert.match((await say(BEN, "<at>Plan Tracker</at> use plan northshire-wsoa here", inChannel(SOMERSET_CHANNEL))).json, /This channel follows plan somerset-app. Only an admin of somerset-app can move it/);
    assert.equal(await bot.app.bindings.planOf(SOMERSET_CHANNEL), "somerset-app");
    await bot.app.admins.remove("northshire-wsoa", BEN.aadObjectId, "test");
  });

  it("a person in one plan is answered about it in their personal chat", async () => {
    assert.match((await say(AMY, "status")).json, /Somerset SEND Accelerated Progress Plan/);
    const plans = await say(AMY, "plans");
    assert.match(plans.json, /somerset-app/);
    assert.doesNotMatch(plans.json, /northshire-wsoa/);
  });

  it("a person in both plans is asked which, then `plan <id>` switches", async () => {
    const asked = await say(BEN, "status");
    assert.match(asked.json, /You are in 2 plans. Which one do you mean/);
    assert.deepEqual([...new Set(buttonData(asked.card).map((d) => d.command))].sort(), ["plan northshire-wsoa", "plan somerset-app"]);
    assert.match((await say(BEN, "plan northshire-wsoa")).json, /From now on I answer about Northshire Written Statement of Action/);
    assert.match((await say(BEN, "status")).json, /Northshire Written Statement of Action/);
    assert.match((await say(BEN, "mine")).json, /Ben Sample/);
    assert.match((await say(BEN, "plan somerset-app")).json, /From now on I answer about Somerset/);
    assert.match((await say(BEN, "mine")).json, /Gemma Reeves/);
    const plans = await say(BEN, "plans");
    assert.match(plans.json, /somerset-app/);
    assert.match(plans.json, /northshire-wsoa/);
  });

  it("`plan <id>` for a plan the sender is not in is refused, and the choice is not written", async () => {
    assert.match((await say(AMY, "plan northshire-wsoa")).json, /Only people in the plan can choose this plan/);
    assert.equal(await bot.app.bindings.choiceOf(AMY.aadObjectId), undefined);
  });

  it("a button carries its plan: in the channel of another plan, or from someone not in it, it is refused and writes nothing", async () => {
    const version = (await bot.app.plans.view("northshire-wsoa", { fresh: true })).milestones.get("1.1.2")!.version;
    const history = await bot.app.plans.milestoneHistory("northshire-wsoa", "1.1.2");
    const save = { milestoneId: "1.1.2", version: String(version), idempotencyKey: "forged-cross-plan-0001", status_1_1_2: "green", note_1_1_2: "forged" };
    // An admin of both plans, in the Somerset channel, with a Northshire button.
    const inSomerset = await press(ADMIN, "saveMilestone", { ...save, planId: "northshire-wsoa" }, inChannel(SOMERSET_CHANNEL));
    assert.equal(inSomerset.status, 200);
    assert.match(inSomerset.json, /That button belongs to plan northshire-wsoa, and this conversation serves plan somerset-app. Nothing was done/);
    // Amy is only in the Somerset plan: a forged Northshire button in her personal chat.
    const amy = await press(AMY, "saveMilestone", { ...save, planId: "northshire-wsoa" });
    assert.match(amy.json, /which you are not in/);
    // A plan that is not stored, and a plan id that is not one.
    assert.match((await press(ADMIN, "saveMilestone", { ...save, planId: "other-plan" })).json, /a plan that is not stored here/);
    assert.equal((await press(ADMIN, "saveMilestone", { ...save, planId: "../x" })).status, 400);
    assert.equal((await press(ADMIN, "saveMilestone", { ...save, planId: 7 })).status, 400);
    const after = await bot.app.plans.view("northshire-wsoa", { fresh: true });
    assert.equal(after.milestones.get("1.1.2")!.version, version);
    assert.equal((await bot.app.plans.milestoneHistory("northshire-wsoa", "1.1.2")).length, history.length);
  });

  it("the same button in its own plan's channel is pressed as usual", async () => {
    const version = (await bot.app.plans.view("northshire-wsoa", { fresh: true })).milestones.get("1.1.2")!.version;
    const save = { milestoneId: "1.1.2", version: String(version), idempotencyKey: "own-plan-press-0001", status_1_1_2: "green", note_1_1_2: "Letters sent", planId: "northshire-wsoa" };
    const [northshire, somerset] = await Promise.all(["northshire-wsoa", "somerset-app"].map((id) => bot.app.plans.milestoneHistory(id, "1.1.2")));
    const pressed = await press(ADMIN, "saveMilestone", save, inChannel(NORTHSHIRE_CHANNEL));
    assert.equal(pressed.status, 200);
    assert.doesNotMatch(pressed.json, /Not this plan/);
    assert.equal((await bot.app.plans.milestoneHistory("northshire-wsoa", "1.1.2")).length, northshire!.length + 1);
    assert.equal((await bot.app.plans.milestoneHistory("somerset-app", "1.1.2")).length, somerset!.length);
  });

  it("a command button carries its plan too: Ben's Northshire button answers about Northshire whatever he chose", async () => {
    const { status, json } = await press(BEN, "command", { command: "status", planId: "northshire-wsoa" });
    assert.equal(status, 200);
    assert.match(json, /Northshire Written Statement of Action/);
  });

  it("prompts run per plan: a person due in both plans gets one message per plan, each card's buttons carrying its plan", async () => {
    const reference = { format: 1 as const, channelId: "msteams", serviceUrl: connector.url, conversation: { id: "a:personal-ben", conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" }, user: { id: BEN.id, name: BEN.name } };
    await bot.app.conversations.record(TENANT, `user|${BEN.aadObjectId}`, { scope: "personal", installed: true, reference });
    const before = connector.sent.length;
    for (const planId of ["somerset-app", "northshire-wsoa"]) await bot.prompts.run(planId, "2023-11-01");
    const toBen = connector.sent.slice(before).filter((s) => s.conversationId === "a:personal-ben");
    assert.equal(toBen.length, 2, "one message per plan");
    const plansOnCards = toBen.map((s) => [...new Set(buttonData(s.activity.attachments![0]!.content).map((d) => d.planId))]);
    assert.deepEqual(plansOnCards.sort(), [["northshire-wsoa"], ["somerset-app"]]);
    // A second run of the same cycle sends nothing more (each plan's exactly-once keys).
    for (const planId of ["somerset-app", "northshire-wsoa"]) await bot.prompts.run(planId, "2023-11-01");
    assert.equal(connector.sent.slice(before).filter((s) => s.conversationId === "a:personal-ben").length, 2);
  });
});

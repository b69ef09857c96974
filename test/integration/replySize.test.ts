import { strict as assert } from "node:assert";
import { CARD_LIMIT_BYTES } from "../../src/cards/cards";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleJson, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
/** Teams refuses a bot message over about 28 KB. */
const MESSAGE_LIMIT_BYTES = 28_000;
/** The longest text a request may carry: the body limit (1 MB) less the rest of the activity. */
const LONGEST = "autism ".repeat(140_000); // 980,000 characters

describe("every command's answer to maximal input fits in a Teams message", function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let connector: FakeConnector;
  let milestoneIds: string[];

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    connector.members.set(ADMIN.id, ADMIN);
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    const plan = sampleJson();
    // The longest notes a milestone can hold, so every card that shows notes is at its fullest.
    for (const action of plan.actions) for (const milestone of action.milestones) milestone.title = `${String(milestone.title)} ${"x".repeat(300)}`;
    await bot.app.plans.importFile("somerset-app.json", JSON.stringify(plan), admin);
    milestoneIds = plan.actions.flatMap((a) => a.milestones.map((m) => String(m.id)));
    for (const id of milestoneIds.slice(0, 20)) {
      await bot.app.plans.recordMilestoneUpdate("somerset-app", id, { status: "amber", note: "n".repeat(2000) }, admin, (await bot.app.plans.view("somerset-app", { fresh: true })).milestones.get(id)?.version ?? 0);
    }
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  const send = (overrides: Record<string, unknown>) =>
    fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, ADMIN, overrides)) });

  function checkSize(what: string, activity: unknown, card: Record<string, unknown> | undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(activity));
    assert.ok(bytes <= MESSAGE_LIMIT_BYTES, `${what}: ${bytes} bytes`);
    if (card) {
      assert.ok(Buffer.byteLength(JSON.stringify(card)) <= CARD_LIMIT_BYTES, `${what}: card of ${Buffer.byteLength(JSON.stringify(card))} bytes`);
      assert.deepEqual(cardProblems(card), [], what);
    }
  }

  const messages: [string, string][] = [
    ["help", "help"], ["status", "status"], ["status 1.2", "status 1.2"], ["mine", "mine"], ["overdue", "overdue"], ["kpis", "kpis"], ["kpi 7", "kpi 7"],
    ["risks", "risks"], ["people", "people"], ["boards", "boards"], ["digest", "digest"], ["update 1.2.4", "update 1.2.4"],
    ["find with the longest text", `find ${LONGEST}`], ["free text, the longest", LONGEST], ["find with many hits", "find the"],
    ["link with the longest name", `link ${LONGEST} to`], ["digest for the longest board", `digest ${LONGEST}`], ["digest here for the longest board", `digest here for ${LONGEST}`],
  ];
  for (const [what, text] of messages) {
    it(`${what}`, async () => {
      const before = connector.sent.length;
      assert.equal((await send({ text })).status, 200);
      const [reply] = await connector.waitFor(before, 1, 30_000);
      checkSize(what, reply!.activity, reply!.activity.attachments?.[0]?.content);
      if (text.length > 1000) assert.doesNotMatch(JSON.stringify(reply!.activity), new RegExp(`(autism ){${Math.ceil(210 / 7)}}`), "at most 200 characters of the input are repeated");
    });
  }

  it("find with the longest text says it was cut", async () => {
    const before = connector.sent.length;
    await send({ text: `find ${LONGEST}` });
    const [reply] = await connector.waitFor(before, 1, 30_000);
    assert.match(JSON.stringify(reply!.activity), /cut to its first 200 characters/);
  });

  const invoke = async (what: string, verb: string, data: Record<string, unknown>) => {
    const response = await send({ type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
    assert.equal(response.status, 200, what);
    const body = (await response.json()) as { value: Record<string, unknown> };
    checkSize(what, body, body.value);
    return JSON.stringify(body.value);
  };

  it("the update card refreshed for every milestone is cut under the limit, with buttons for the rest", async () => {
    const card = await invoke("refresh of all milestones", "refreshMilestones", { milestoneIds });
    assert.match(card, new RegExp(`${milestoneIds.length} milestones need an update`));
    assert.match(card, /one Teams message holds no more/);
    assert.match(card, /"title":"Update \d+\.\d+\.\d+"/);
  });

  it("Save, Remind me and Not mine with the longest inputs", async () => {
    const key = "1_2_4";
    const base = { milestoneId: "1.2.4", version: 1, idempotencyKey: "maximal-inputs-key" };
    await invoke("save with the longest inputs", "saveMilestone", { ...base, [`status_${key}`]: LONGEST.slice(0, 100_000), [`note_${key}`]: LONGEST.slice(0, 300_000), [`evidence_${key}`]: `https://${LONGEST.slice(0, 300_000)}`, [`revisedDue_${key}`]: LONGEST.slice(0, 100_000) });
    await invoke("remind me with the longest date", "snoozeMilestone", { ...base, idempotencyKey: "maximal-snooze-key", [`remindOn_${key}`]: LONGEST.slice(0, 500_000) });
    await invoke("not mine with the longest reason", "notMine", { ...base, idempotencyKey: "maximal-notmine-key", [`reason_${key}`]: LONGEST.slice(0, 500_000) });
    // A button's command is at most 200 characters: a longer one is malformed button data (400, no answer).
    const response = await send({ type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb: "command", data: { command: LONGEST.slice(0, 500_000) } }, trigger: "manual" } });
    assert.equal(response.status, 400);
    assert.ok(Buffer.byteLength(await response.text()) < 1000);
  });
});

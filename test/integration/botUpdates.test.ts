import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const GEMMA = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" };
const SAM = { id: "29:sam", aadObjectId: "aad-sam", name: "Sam Baker" };
const STRANGER = { id: "29:x", aadObjectId: "aad-stranger", name: "Gemma Reeves" }; // same display name, not linked
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const CLAIRE = { id: "29:claire", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" };

type User = typeof GEMMA;

describe("updating a milestone from its card", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let connector: FakeConnector;

  const activity = (from: TeamsUser, overrides: Record<string, unknown>) => personalActivity(connector.url, TENANT, from, overrides);

  const post = (body: unknown) => fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  async function say(from: User, text: string): Promise<Record<string, unknown>> {
    const before = connector.sent.length;
    assert.equal((await post(activity(from, { text }))).status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return card;
  }

  /** The Save button's data on an update card: the version it was built from and its idempotency key. */
  function saveData(card: Record<string, unknown>): { milestoneId: string; version: number; idempotencyKey: string } {
    const json = JSON.stringify(card);
    const match = /"verb":"saveMilestone","data":(\{[^}]*\})/.exec(json);
    assert.ok(match, "the card has a Save button");
    return JSON.parse(match[1]!) as { milestoneId: string; version: number; idempotencyKey: string };
  }

  async function save(from: User, data: Record<string, unknown>, verb = "saveMilestone"): Promise<string> {
    const response = await post(activity(from, { type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { type: string; value: Record<string, unknown> };
    assert.equal(body.type, "application/vnd.microsoft.card.adaptive");
    assert.deepEqual(cardProblems(body.value), []);
    return JSON.stringify(body.value);
  }

  const historyOf = (id: string) => bot.app.plans.milestoneHistory("somerset-app", id);

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    await bot.app.links.link("somerset-app", "gemma-reeves", { ...GEMMA, tenantId: TENANT }, "manual", "test");
    await bot.app.links.link("somerset-app", "sam-baker", { ...SAM, tenantId: TENANT }, "manual", "test");
    // Claire, lead of action 1.2, has Plan Tracker in her personal chat.
    await bot.app.links.link("somerset-app", "claire-merchant-jones", { ...CLAIRE, tenantId: TENANT }, "manual", "test");
    const before = connector.sent.length;
    await post(activity(CLAIRE, { type: "installationUpdate", action: "add", text: undefined }));
    await connector.waitFor(before);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("the owner saves Amber with a note and a revised date; the card becomes the confirmation and status 1.2 shows it", async () => {
    const card = await say(GEMMA, "update 1.2.4");
    assert.match(JSON.stringify(card), /Update milestone 1\.2\.4/);
    const data = saveData(card);
    const reply = await save(GEMMA, { ...data, status_1_2_4: "amber", note_1_2_4: "Draft guidance with legal; out in December", revisedDue_1_2_4: "2023-12-15", evidence_1_2_4: "https://intranet.example.org/guidance" });
    assert.match(reply, /Update recorded/);
    assert.match(reply, /Milestone 1\.2\.4: still Amber/);
    const status = JSON.stringify(await say(GEMMA, "status 1.2"));
    assert.match(status, /Latest note: Draft guidance with legal; out in December/);
    assert.match(status, /due 15 Dec 2023 \(revised\)/);
    const last = (await historyOf("1.2.4")).at(-1)!;
    assert.deepEqual([last.by, last.byName, last.source, last.newStatus], [GEMMA.aadObjectId, "Gemma Reeves", "teams", "amber"]);
  });

  it("a milestone turning Red tells its action lead", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.2"));
    const before = connector.sent.length;
    assert.match(await save(GEMMA, { ...data, status_1_2_2: "red", note_1_2_2: "Two schools have not replied" }), /Update recorded/);
    const [told] = await connector.waitFor(before);
    assert.equal(told!.conversationId, `a:personal-${CLAIRE.aadObjectId}`);
    assert.match(JSON.stringify(told!.activity), /Gemma Reeves marked milestone 1\.2\.2 of action 1\.2 Red/);
    assert.match(JSON.stringify(told!.activity), /Two schools have not replied/);
  });

  it("Remind me: the owner is not asked again before that date; a bad date is refused", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.1"));
    assert.match(await save(GEMMA, { ...data, remindOn_1_2_1: "2023-10-01" }, "snoozeMilestone"), /must be after today/);
    assert.match(await save(GEMMA, { ...data, remindOn_1_2_1: "2024-03-01" }, "snoozeMilestone"), /the latest reminder date is 27 Dec 2023, when the next board digest goes out/);
    assert.match(await save(SAM, { ...data, remindOn_1_2_1: "2023-11-15" }, "snoozeMilestone"), /Only the owner of milestone 1\.2\.1/);
    assert.match(await save(GEMMA, { ...data, remindOn_1_2_1: "2023-11-15" }, "snoozeMilestone"), /won't ask about milestone 1\.2\.1 again before 15 Nov 2023/);
    const before = await bot.app.prompts.plan("somerset-app", "2023-11-02");
    assert.equal(before.skipped.find((s) => s.milestoneId === "1.2.1")?.reason, "snoozed");
    const after = await bot.app.prompts.plan("somerset-app", "2023-11-15");
    assert.ok(after.prompts.some((p) => p.milestones.includes("1.2.1")));
    assert.match((await historyOf("1.2.1")).at(-1)!.note ?? "", /Remind me on 2023-11-15/);
  });

  it("Not mine: the milestone goes to its action lead with the reason, and the claim is in its history", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.4"));
    assert.match(await save(GEMMA, { ...data, reason_1_2_4: "  " }, "notMine"), /Not sent: say in at most 500 characters/);
    const before = connector.sent.length;
    assert.match(await save(GEMMA, { ...data, reason_1_2_4: "Guidance is written by the Inclusion team" }, "notMine"), /has gone to Claire Merchant-Jones, the action's lead/);
    const [forwarded] = await connector.waitFor(before);
    assert.equal(forwarded!.conversationId, `a:personal-${CLAIRE.aadObjectId}`);
    const card = forwarded!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    assert.match(JSON.stringify(card), /Gemma Reeves says milestone 1\.2\.4 of action 1\.2 is not theirs: “Guidance is written by the Inclusion team”/);
    assert.equal((await historyOf("1.2.4")).at(-1)!.note, "Not mine: Guidance is written by the Inclusion team");
    assert.match(await save(GEMMA, { ...data, reason_1_2_4: "Guidance is written by the Inclusion team" }, "notMine"), /has gone to/, "a retry is answered, not recorded again");
    assert.equal(connector.sent.length, before + 1);
  });

  it("a double click or retried invoke records one update", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.1"));
    const inputs = { ...data, status_1_2_1: "amber", note_1_2_1: "Contact system live in two of four teams" };
    const before = (await historyOf("1.2.1")).length;
    const [first, second] = await Promise.all([save(GEMMA, inputs), save(GEMMA, inputs)]);
    for (const reply of [first, second]) assert.ok(/Update recorded/.test(reply) || /updated this milestone at the same moment/.test(reply), reply);
    assert.match(await save(GEMMA, inputs), /Update recorded/, "a retry later is answered with the same confirmation");
    assert.equal((await historyOf("1.2.1")).length, before + 1);
  });

  it("a replayed key with the version bumped is recorded once: the key alone decides", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.4"));
    const inputs = { ...data, status_1_2_4: "amber", note_1_2_4: "Replay check" };
    assert.match(await save(GEMMA, inputs), /Update recorded/);
    const after = await historyOf("1.2.4");
    for (const version of [data.version + 1, data.version + 5, 0]) {
      assert.match(await save(GEMMA, { ...inputs, version }), /Update recorded/, `version ${version} gets the recorded result`);
    }
    assert.deepEqual(await historyOf("1.2.4"), after);
    assert.equal(after.filter((entry) => entry.note === "Replay check").length, 1);
  });

  it("a stale card is refused with the current state, and the typed input kept", async () => {
    const stale = saveData(await say(GEMMA, "update 1.2.2"));
    const fresh = saveData(await say(GEMMA, "update 1.2.2"));
    assert.match(await save(GEMMA, { ...fresh, status_1_2_2: "green", note_1_2_2: "First term contacts on track" }), /Update recorded/);
    const before = (await historyOf("1.2.2")).length;
    const reply = await save(GEMMA, { ...stale, status_1_2_2: "red", note_1_2_2: "My typed note" });
    assert.match(reply, /Not saved: Gemma Reeves updated this milestone since this card was made/);
    assert.match(reply, /My typed note/);
    assert.equal((await historyOf("1.2.2")).length, before);
  });

  const refusals: [string, User, (data: Record<string, unknown>) => Record<string, unknown>, RegExp][] = [
    ["another user's milestone", SAM, (d) => ({ ...d, status_1_2_3: "red", note_1_2_3: "x" }), /Only the owner of milestone 1\.2\.3/],
    ["a user with the owner's display name but another aadObjectId", STRANGER, (d) => ({ ...d, status_1_2_3: "red", note_1_2_3: "x" }), /Only the owner of milestone 1\.2\.3/],
    ["an unknown milestone id", GEMMA, (d) => ({ ...d, milestoneId: "9.9.9" }), /There is no milestone 9\.9\.9/],
    ["an invalid status", GEMMA, (d) => ({ ...d, status_1_2_3: "purple", note_1_2_3: "x" }), /Choose Blue, Green, Amber or Red/],
    ["an oversized note", GEMMA, (d) => ({ ...d, status_1_2_3: "amber", note_1_2_3: "x".repeat(2001) }), /longer than 2000 characters/],
    ["a javascript: evidence link", GEMMA, (d) => ({ ...d, status_1_2_3: "blue", note_1_2_3: "done", evidence_1_2_3: "javascript:alert(1)" }), /must be an https:\/\/ address/],
    ["a change of status without a note", GEMMA, (d) => ({ ...d, status_1_2_3: "red" }), /a progress note is needed/],
    ["a revised due date in the past", GEMMA, (d) => ({ ...d, status_1_2_3: "blue", note_1_2_3: "done", revisedDue_1_2_3: "2023-01-01" }), /in the past/],
    ["data that is not a submission", GEMMA, () => ({ milestoneId: 42 }), /could not be read/],
    ["version: true (not a number)", GEMMA, (d) => ({ ...d, version: true, status_1_2_3: "blue", note_1_2_3: "done" }), /could not be read/],
    ["version: null", GEMMA, (d) => ({ ...d, version: null, status_1_2_3: "blue", note_1_2_3: "done" }), /could not be read/],
    ["version: []", GEMMA, (d) => ({ ...d, version: [], status_1_2_3: "blue", note_1_2_3: "done" }), /could not be read/],
    ["a negative or fractional version", GEMMA, (d) => ({ ...d, version: -1.5, status_1_2_3: "blue", note_1_2_3: "done" }), /could not be read/],
  ];
  for (const [name, user, forge, message] of refusals) {
    it(`refuses ${name}, says why and changes nothing`, async () => {
      const data = saveData(await say(ADMIN, "update 1.2.3"));
      const before = await historyOf("1.2.3");
      assert.match(await save(user, forge(data)), message);
      assert.deepEqual(await historyOf("1.2.3"), before);
    });
  }

  it("the action lead and a plan admin may update; someone unlinked may not even open the card", async () => {
    assert.match(JSON.stringify(await say(STRANGER, "update 2.4.1")), /Only the owner of milestone 2\.4\.1/);
    const data = saveData(await say(ADMIN, "update 2.4.1"));
    assert.match(await save(ADMIN, { ...data, status_2_4_1: "green", note_2_4_1: "Indicators agreed" }), /Update recorded/);
  });

  it("twenty concurrent conflicting submissions: exactly one applies, the others are told, history has one entry", async () => {
    const card = await say(ADMIN, "update 1.2.5");
    const data = saveData(card);
    const before = (await historyOf("1.2.5")).length;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => save(ADMIN, { ...data, idempotencyKey: `key-${i}-${data.idempotencyKey}`, status_1_2_5: i % 2 ? "amber" : "red", note_1_2_5: `attempt ${i}` })),
    );
    assert.equal(replies.filter((r) => /Update recorded/.test(r)).length, 1);
    assert.equal(replies.filter((r) => /Not saved: .* updated this milestone/.test(r)).length, 19);
    assert.equal((await historyOf("1.2.5")).length, before + 1);
  });

  it("the Action.Submit fallback of Save records the update too", async () => {
    const data = saveData(await say(GEMMA, "update 1.2.3"));
    const before = connector.sent.length;
    await post(activity(GEMMA, { text: undefined, value: { ...data, verb: "saveMilestone", status_1_2_3: "blue", note_1_2_3: "Paperwork amended" } }));
    const [reply] = await connector.waitFor(before);
    assert.match(JSON.stringify(reply!.activity), /Update recorded/);
    assert.match(JSON.stringify(reply!.activity), /Milestone 1\.2\.3: still Blue/);
  });

  it("the card refreshes to the current state when reopened (Action.Execute refresh), for the viewer only", async () => {
    const card = await say(GEMMA, "update 1.2.1");
    const refresh = card.refresh as { action: { verb: string; data: { milestoneIds: string[] } }; userIds: string[] };
    assert.equal(refresh.action.verb, "refreshMilestones");
    assert.deepEqual(refresh.action.data.milestoneIds, ["1.2.1"]);
    assert.deepEqual(refresh.userIds, [GEMMA.id], "automatic refresh for the person who sees it");
    // Meanwhile the milestone changes elsewhere (the lead updates it).
    const stale = saveData(card);
    const leadCard = await say(CLAIRE, "update 1.2.1");
    assert.match(await save(CLAIRE, { ...saveData(leadCard), status_1_2_1: "green", note_1_2_1: "Picked up by the lead" }), /Update recorded/);
    // Reopened: Teams sends the refresh action; the card comes back as it stands, with the new version.
    const refreshed = await save(GEMMA, refresh.action.data, "refreshMilestones");
    assert.match(refreshed, /Picked up by the lead/);
    const fresh = saveData(JSON.parse(refreshed) as Record<string, unknown>);
    assert.equal(fresh.version, stale.version + 1);
    assert.match(refreshed, /"userIds":\["29:gemma"\]/);
    // Someone else's milestones are not shown to them, and forged refresh data is refused.
    assert.match(await save(SAM, { milestoneIds: ["1.2.1"] }, "refreshMilestones"), /not yours to update/);
    assert.match(await save(GEMMA, { milestoneIds: "1.2.1" }, "refreshMilestones"), /could not be refreshed/);
  });
});

import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleJson, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const ADMIN: TeamsUser = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const GEMMA: TeamsUser = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" };
const CHANNEL = "19:send-board@thread.tacv2";
const PLAN = "somerset-app";

/** The sample plan with the SEND Partnership Board meeting on the second Tuesday (the seeds do not say which day it meets). */
function planWithMeetings(): string {
  const plan = sampleJson() as ReturnType<typeof sampleJson> & { boards: { id: string; meetingRule?: string }[] };
  const board = plan.boards.find((b) => b.id === "send-partnership-board")!;
  board.meetingRule = "second Tuesday of the month";
  return JSON.stringify(plan);
}

/** 10:00 in London on a date: inside working hours. */
const at = (date: string) => new Date(`${date}T10:00:00Z`);

describe("board digests", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let bots: RunningBot[];

  const post = (bot: RunningBot, body: unknown) => fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  /** A message in the board's channel, @mentioning the bot, as Teams sends it (the conversation id carries the thread). */
  async function inChannel(from: TeamsUser, text: string, bot = bots[0]!): Promise<string> {
    const before = connector.sent.length;
    const response = await post(bot, personalActivity(connector.url, TENANT, from, {
      text: `<at>Plan Tracker</at> ${text}`,
      conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: "channel", tenantId: TENANT, isGroup: true },
      channelData: { tenant: { id: TENANT }, team: { id: CHANNEL, name: "SEND Partnership" }, channel: { id: CHANNEL, name: "Board papers" } },
      entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }],
    }));
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return JSON.stringify(card);
  }

  const digestsPosted = () => connector.sent.filter((s) => s.conversationId === CHANNEL && JSON.stringify(s.activity).includes("SEND Partnership Board: digest"));

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    const settings = { ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } };
    // Two instances on the same storage, as a scaled-out App Service would run.
    bots = [await startBot(settings, () => undefined), await startBot(settings, () => undefined)];
    await bots[0]!.app.plans.importFile("somerset-app.json", planWithMeetings(), admin);
  });

  afterEach(async () => {
    for (const bot of bots) await bot.close();
    await connector.stop();
  });

  it("an admin makes a channel the board's digest channel; anyone else is refused; boards shows it", async () => {
    assert.match(await inChannel(GEMMA, "digest here for send-partnership-board"), /Only plan admins can choose where a board's digest is posted/);
    assert.equal((await bots[0]!.app.digestRecords.channels(PLAN)).size, 0, "nothing recorded");
    const reply = await inChannel(ADMIN, "digest here for send-partnership-board");
    assert.match(reply, /This channel now receives the SEND Partnership Board digest\. The next one goes out on 7 Nov 2023, 5 working days before the meeting on 14 Nov 2023/);
    const channel = (await bots[0]!.app.digestRecords.channels(PLAN)).get("send-partnership-board");
    assert.equal(channel?.conversationId, CHANNEL, "the channel, not the thread of the message");
    assert.match(await inChannel(ADMIN, "digest here for the finance committee"), /There is no board \\"the finance committee\\"/);
    const boards = await inChannel(GEMMA, "boards");
    assert.match(boards, /SEND Partnership Board.*?14 Nov 2023.*?7 Nov 2023 \(5 working days before\).*?Board papers \(set by Plan Admin\)/);
  });

  it("digest on demand shows what would be posted now (seed 003's table), without recording it", async () => {
    await inChannel(ADMIN, "digest here for send-partnership-board");
    const digest = await inChannel(GEMMA, "digest");
    assert.match(digest, /SEND Partnership Board: digest for the meeting on 14 Nov 2023/);
    // Action 1.2's row: its title (opening the action), then its Blue count, 1.
    assert.match(digest, /\*\*1\.2\*\* [^"]*","wrap":true,"maxLines":2\}\],"selectAction":\{[^]*?"command":"status 1\.2"[^}]*\}\}\}\},\{"type":"TableCell","items":\[\{"type":"TextBlock","text":"1"/);
    assert.match(digest, /Overdue \(15\)/);
    assert.equal((await bots[0]!.app.digestRecords.list(PLAN, "send-partnership-board")).length, 0);
  });

  it("the channel receives exactly one digest, five working days before the meeting, whatever instances tick", async () => {
    await inChannel(ADMIN, "digest here for send-partnership-board");
    connector.sent.length = 0;
    for (const bot of bots) await bot.scheduler.tick(at("2023-11-06"));
    assert.equal(digestsPosted().length, 0, "the day before the digest date");
    // The digest date: both instances tick at once, then again later that day and the next.
    await Promise.all(bots.map((bot) => bot.scheduler.tick(at("2023-11-07"))));
    for (const bot of bots) await bot.scheduler.tick(new Date("2023-11-07T14:00:00Z"));
    await bots[1]!.scheduler.tick(at("2023-11-08"));
    assert.equal(digestsPosted().length, 1, "exactly one");
    const [posted] = digestsPosted();
    assert.deepEqual(cardProblems(posted!.activity.attachments![0]!.content), []);
    assert.match(JSON.stringify(posted!.activity), /digest for the meeting on 14 Nov 2023/);
    const records = await bots[0]!.app.digestRecords.list(PLAN, "send-partnership-board");
    assert.deepEqual(records.map((r) => [r.meeting, r.state, r.asOf]), [["2023-11-14", "posted", "2023-11-07"]]);
  });

  it("a digest missed while the bot was down is posted when it comes back before the meeting, never after it", async () => {
    await inChannel(ADMIN, "digest here for send-partnership-board");
    connector.sent.length = 0;
    await bots[0]!.scheduler.tick(at("2023-11-13")); // down from the 7th until the day before the meeting
    assert.equal(digestsPosted().length, 1);
    // December's meeting (12 Dec, digest 5 Dec): down until the meeting day, then nothing for it.
    await bots[0]!.scheduler.tick(at("2023-12-12"));
    await bots[0]!.scheduler.tick(at("2023-12-13"));
    assert.equal(digestsPosted().length, 1, "not after the meeting");
    assert.deepEqual((await bots[0]!.app.digestRecords.list(PLAN, "send-partnership-board")).map((r) => r.meeting), ["2023-11-14"]);
  });

  it("a run that died after recording a digest and before posting it posts it on restart, once", async () => {
    await inChannel(ADMIN, "digest here for send-partnership-board");
    connector.sent.length = 0;
    // As a crashed run leaves it: recorded, not marked.
    const claim = await bots[0]!.app.digestRecords.claim(PLAN, "send-partnership-board", "2023-11-14", "2023-11-07");
    assert.ok(claim.claimed);
    await bots[1]!.scheduler.tick(at("2023-11-07"));
    await bots[0]!.scheduler.tick(at("2023-11-08"));
    assert.equal(digestsPosted().length, 1);
    assert.equal((await bots[0]!.app.digestRecords.get(PLAN, "send-partnership-board", "2023-11-14"))?.state, "posted");
  });

  it("what changed since the previous digest comes from its stored snapshot", async () => {
    await inChannel(ADMIN, "digest here for send-partnership-board");
    await bots[0]!.scheduler.tick(at("2023-11-07"));
    // After November's digest: 1.2.1 done with a note, 1.2.2 at risk.
    const view = await bots[0]!.app.plans.view(PLAN);
    const cli = { id: "cli:test", name: "Test", source: "cli" as const };
    await bots[0]!.app.plans.recordMilestoneUpdate(PLAN, "1.2.1", { status: "blue", note: "Published on the Local Offer" }, cli, view.milestones.get("1.2.1")!.version);
    await bots[0]!.app.plans.recordMilestoneUpdate(PLAN, "1.2.2", { status: "amber", note: "Waiting on legal review" }, cli, view.milestones.get("1.2.2")!.version);
    connector.sent.length = 0;
    await bots[0]!.scheduler.tick(at("2023-12-05"));
    const [december] = digestsPosted();
    const text = JSON.stringify(december!.activity);
    assert.match(text, /What changed since the digest of 7 Nov 2023/);
    assert.match(text, /\*\*1\.2\.1\*\* completed: Published on the Local Offer/);
    assert.match(text, /\*\*1\.2\.2\*\* now Amber \(Gemma Reeves\): Waiting on legal review/);
    assert.match(text, /Action \*\*1\.2\*\* Red → Amber/);
  });
});

import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cardProblems } from "../support/cardCheck";
import { freePort } from "../support/cli";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { sampleJson } from "../support/testApp";

/** Agents Playground's tenant (its /_internal/v1/config says so). */
const PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001";

/** The playground's signed-in user (fixed in its default configuration). */
const PLAYGROUND_USER = { aadObjectId: "00000000-0000-0000-0000-0000000000020", email: "alexw@example.com" };
const CHANNEL = "channel-announcements-id";

/**
 * The journeys people take, in Microsoft 365 Agents Playground, against Plan Tracker started as
 * `npm start` starts it (embedded table store, plan loaded from a file). The playground's user
 * plays Gemma Reeves (owner of 1.2.1 and 1.2.4, linked by her email address), and is made a plan
 * admin for the journeys that need one.
 * Dates come from PLAN_TRACKER_TODAY (refused in production); moving the date means restarting
 * Plan Tracker, as a deployment would: so these journeys also cross restarts.
 */
describe("journeys in Microsoft 365 Agents Playground (end to end)", function () {
  this.timeout(180_000);
  let dir: string;
  let port: number;
  let env: Record<string, string>;
  let bot: PlanTrackerProcess | undefined;
  let playground: Playground;

  /** (Re)starts Plan Tracker on a date; the playground's user is a plan admin only when `admin`. */
  async function startOn(today: string, admin = true): Promise<void> {
    await bot?.stop();
    bot = await PlanTrackerProcess.start(port, { ...env, PLAN_TRACKER_TODAY: today, PLAN_ADMIN_IDS: admin ? PLAYGROUND_USER.aadObjectId : "" });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-e2e-"));
    // The sample plan, with Gemma's address as the playground user's, and the SEND Partnership Board
    // meeting on the second Tuesday (the seeds do not say which day it meets).
    const plan = sampleJson() as ReturnType<typeof sampleJson> & { boards: { id: string; meetingRule?: string }[] };
    plan.people.find((p) => p.id === "gemma-reeves")!.email = PLAYGROUND_USER.email;
    plan.tenantId = PLAYGROUND_TENANT; // email matching links only users of the plan's tenant
    plan.boards.find((b) => b.id === "send-partnership-board")!.meetingRule = "second Tuesday of the month";
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    port = await freePort();
    env = {
      DATA_DIR: join(dir, "data"),
      EMBEDDED_TABLES_PORT: String(await freePort()),
      SAMPLE_PLAN_FILE: join(dir, "plan.json"),
      PROMPT_CHECK_MINUTES: "60",
    };
    // Tuesday 31 October 2023: October's cycle runs at start (nobody is reachable yet). Gemma is not an admin.
    await startOn("2023-10-31", false);
    playground = await Playground.start(bot!.url);
  });

  after(async () => {
    await playground?.stop();
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("install: the welcome message arrives; Gemma is recognised by her email address", async () => {
    const from = playground.events.length;
    await playground.install();
    const welcome = await playground.nextCard(from);
    assert.deepEqual(cardProblems(welcome.card), []);
    assert.match(welcome.json, /Plan Tracker/);
    const mine = playground.events.length;
    await playground.type("mine");
    const card = await playground.nextCard(mine);
    assert.match(card.json, /1\.2\.1/);
    assert.match(card.json, /1\.2\.4/);
  });

  it("a lead asks status, clicks through to an action and to overdue; a button answers as typing does", async () => {
    let from = playground.events.length;
    await playground.type("status");
    const status = await playground.nextCard(from);
    assert.deepEqual(cardProblems(status.card), []);
    for (const row of SEED_003_TABLE) assert.ok(status.json.includes(`**${row.action}**`), row.action);
    const clicked = await playground.click(status.messageId, "command", { command: "status 1.2" });
    assert.equal(clicked.status, 200);
    assert.deepEqual(cardProblems(clicked.card!), []);
    from = playground.events.length;
    await playground.type("status 1.2");
    const typed = await playground.nextCard(from);
    assert.deepEqual(clicked.card, typed.card, "the button's answer is the typed answer");
    const overdue = await playground.click(status.messageId, "command", { command: "overdue" });
    assert.match(JSON.stringify(overdue.card), /14 overdue milestones as of 31 Oct 2023/);
  });

  it("someone who is not the owner cannot update the milestone", async () => {
    const from = playground.events.length;
    await playground.type("update 2.3.2");
    const refusal = await playground.nextCard(from);
    assert.match(refusal.json, /Only the owner of milestone 2\.3\.2, its action lead or a plan admin can update it/);
    // A forged Save for Julia's milestone, sent as if from a card in the chat (the playground needs a message to act on).
    const forged = await playground.click(refusal.messageId, "saveMilestone", { milestoneId: "2.3.2", version: 0, idempotencyKey: "forged-key-0001", status_2_3_2: "blue", note_2_3_2: "done" });
    assert.match(forged.text, /Only the owner of milestone 2\.3\.2/);
  });

  it("an admin makes a channel the SEND Partnership Board's digest channel (and before being one, cannot)", async () => {
    let from = playground.events.length;
    await playground.type("digest here for send-partnership-board", CHANNEL);
    assert.match((await playground.nextCard(from)).json, /Only plan admins can choose where a board's digest is posted/);
    await startOn("2023-10-31", true);
    from = playground.events.length;
    await playground.type("digest here for send-partnership-board", CHANNEL);
    assert.match((await playground.nextCard(from)).json, /now receives the SEND Partnership Board digest\. The next one goes out on 7 Nov 2023/);
  });

  it("a prompt cycle: Gemma gets one card, saves Amber with a note and a revised date, sees the confirmation; status 1.2 shows it; the stale card is refused", async () => {
    const from = playground.events.length;
    await startOn("2023-11-01"); // November's cycle runs at start
    const prompt = await playground.nextCard(from, (json) => json.includes("need an update"));
    assert.deepEqual(cardProblems(prompt.card), []);
    await bot!.logged(/Prompt cycle 2023-11 of somerset-app/);
    assert.equal(playground.cards(from).filter((c) => JSON.stringify(c.card).includes("need an update")).length, 1, "one card");
    const save = /"verb":"saveMilestone","data":(\{[^}]*"milestoneId":"1\.2\.4"[^}]*\})/.exec(prompt.json);
    assert.ok(save);
    const data = JSON.parse(save[1]!) as Record<string, unknown>;
    const confirmation = await playground.click(prompt.messageId, "saveMilestone", { ...data, status_1_2_4: "amber", note_1_2_4: "Guidance with legal; out in December", revisedDue_1_2_4: "2023-12-15" });
    assert.match(confirmation.text, /Update recorded/);
    const status = playground.events.length;
    await playground.type("status 1.2");
    const action = await playground.nextCard(status);
    assert.match(action.json, /Guidance with legal; out in December/);
    const stale = await playground.click(prompt.messageId, "saveMilestone", { ...data, idempotencyKey: "second-click-0001", status_1_2_4: "green", note_1_2_4: "On track now" });
    assert.match(stale.text, /updated this milestone since this card was made/);
  });

  it("the digest arrives in the channel when its date comes, exactly once across restarts", async () => {
    const from = playground.events.length;
    const digests = () => playground.cards(from).filter((c) => JSON.stringify(c.card).includes("SEND Partnership Board: digest"));
    await startOn("2023-11-06");
    await bot!.logged(/Prompt cycle|listening/);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(digests().length, 0, "the day before its date");
    await startOn("2023-11-07");
    await bot!.logged(/Digest for send-partnership-board \(meeting 2023-11-14\) posted/);
    await startOn("2023-11-07");
    await startOn("2023-11-08");
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(digests().length, 1, "exactly one");
    const [digest] = digests();
    assert.deepEqual(cardProblems(digest!.card), []);
    assert.match(JSON.stringify(digest!.card), /digest for the meeting on 14 Nov 2023/);
    // Gemma answered for 1.2.4 (now due 15 Dec, so no longer overdue); 1.2.1 was asked, reminded on the 6th, and is still unanswered.
    const text = JSON.stringify(digest!.card);
    assert.ok(!/\*\*1\.2\.4\*\* \w+ · Gemma/.test(text));
    assert.match(text, /\*\*1\.2\.1\*\* Red · Gemma Reeves · \d+ days overdue · asked 1 Nov 2023, reminded 6 Nov 2023, no reply/);
  });
});

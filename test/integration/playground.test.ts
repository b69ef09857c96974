import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { cardProblems } from "../support/cardCheck";
import { Playground } from "../support/playground";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { admin, sampleText, testConfig } from "../support/testApp";

const PLAYGROUND_USER_AAD = "00000000-0000-0000-0000-0000000000020";

/**
 * Plan Tracker (in this process, on the tests' Azurite) in Microsoft 365 Agents Playground,
 * Microsoft's local Teams client, driven through its HTTP/WebSocket API. The end-to-end suite
 * (`npm run test:e2e`) runs the same journeys against Plan Tracker started as `npm start` does.
 */
describe("Microsoft 365 Agents Playground", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let playground: Playground;

  before(async () => {
    const config = testConfig();
    // The playground's user (Alex Wilber, a fixed id in its default configuration) is a plan admin here.
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01", adminIds: [PLAYGROUND_USER_AAD] } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    playground = await Playground.start(bot.url);
  });

  after(async () => {
    await playground?.stop();
    await bot?.close();
  });

  it("typing status shows seed 003's table as a card, and its buttons work", async () => {
    const from = playground.events.length;
    await playground.type("status");
    const { messageId, card, json } = await playground.nextCard(from);
    assert.deepEqual(cardProblems(card), []);
    for (const row of SEED_003_TABLE) assert.ok(json.includes(`**${row.action}**`));
    // The "Open 1.2" action on the table row, as the playground sends it when clicked.
    const answer = await playground.click(messageId, "command", { command: "status 1.2" });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(cardProblems(answer.card!), []);
    assert.match(answer.text, /Action 1\.2:/);
    for (const id of ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5"]) assert.ok(answer.text.includes(`**${id}**`), id);
  });

  it("a prompt cycle: the owner gets one card, saves Amber with a note and a revised date, sees the confirmation, and status 1.2 shows it; the stale card is refused", async () => {
    const { currentUser, tenantId } = await playground.config();
    // The playground's user is Gemma Reeves (owner of 1.2.1 and 1.2.4); installing the app records her personal chat.
    await bot.app.links.link("somerset-app", "gemma-reeves", { aadObjectId: currentUser.aadObjectId, name: currentUser.name, tenantId }, "manual", "test");
    let from = playground.events.length;
    await playground.install();
    await playground.nextCard(from); // the welcome
    from = playground.events.length;
    const report = await bot.prompts.run("somerset-app", "2023-11-01");
    assert.deepEqual(report.sent.map((s) => s.ownerId), ["gemma-reeves"], JSON.stringify(report.unreachable));
    const { messageId, card, json } = await playground.nextCard(from);
    assert.deepEqual(cardProblems(card), []);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(playground.cards(from).length, 1, "one card");
    assert.match(json, /2 milestones need an update/);
    const save = /"verb":"saveMilestone","data":(\{[^}]*"milestoneId":"1\.2\.4"[^}]*\})/.exec(json);
    assert.ok(save, "Save for 1.2.4");
    const data = JSON.parse(save[1]!) as Record<string, unknown>;
    const confirmation = await playground.click(messageId, "saveMilestone", { ...data, status_1_2_4: "amber", note_1_2_4: "Guidance with legal; out in December", revisedDue_1_2_4: "2023-12-15" });
    assert.match(confirmation.text, /Update recorded/);
    from = playground.events.length;
    await playground.type("status 1.2");
    const status = (await playground.nextCard(from)).json;
    assert.match(status, /1\.2\.4.*?Amber/);
    assert.match(status, /Guidance with legal; out in December/);
    // The same card again, as if the confirmation had not replaced it: refused, with the current state.
    const stale = await playground.click(messageId, "saveMilestone", { ...data, idempotencyKey: "another-click-0001", status_1_2_4: "green", note_1_2_4: "Done" });
    assert.match(stale.text, /Not saved: .* updated this milestone since this card was made/);
    assert.match(stale.text, /Guidance with legal; out in December/);
  });

  it("a channel registered for the SEND Partnership Board receives exactly one digest, five working days before the meeting", async () => {
    // The board meets on the second Tuesday (an assumption for the test: the seeds do not say).
    const plan = JSON.parse(sampleText()) as { boards: { id: string; meetingRule?: string }[] };
    plan.boards.find((b) => b.id === "send-partnership-board")!.meetingRule = "second Tuesday of the month";
    await bot.app.plans.importFile("somerset-app.json", JSON.stringify(plan), admin);
    let from = playground.events.length;
    await playground.type("digest here for send-partnership-board", "channel-announcements-id");
    assert.match((await playground.nextCard(from)).json, /now receives the SEND Partnership Board digest\. The next one goes out on 7 Nov 2023/);
    from = playground.events.length;
    for (const now of ["2023-11-06T10:00:00Z", "2023-11-07T10:00:00Z", "2023-11-07T15:00:00Z", "2023-11-08T10:00:00Z"]) await bot.scheduler.tick(new Date(now));
    await new Promise((r) => setTimeout(r, 1000));
    const digests = playground.cards(from).filter((c) => JSON.stringify(c.card).includes("SEND Partnership Board: digest"));
    assert.equal(digests.length, 1);
    assert.deepEqual(cardProblems(digests[0]!.card), []);
  });
});

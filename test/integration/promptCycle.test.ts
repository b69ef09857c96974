import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
/** Plan people with Teams accounts in this test; the others are not linked. */
const PEOPLE = [
  { personId: "gemma-reeves", aadObjectId: "aad-gemma", name: "Gemma Reeves" },
  { personId: "julia-ridge", aadObjectId: "aad-julia", name: "Julia Ridge" },
  { personId: "amy-joynes", aadObjectId: "aad-amy", name: "Amy Joynes" },
  { personId: "claire-merchant-jones", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" },
  { personId: "lewis-andrews", aadObjectId: "aad-lewis", name: "Lewis Andrews" }, // linked, never installed
];
const INSTALLED = PEOPLE.filter((p) => p.personId !== "lewis-andrews");

describe("prompt cycle (fake connector)", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let bots: RunningBot[];

  const post = (bot: RunningBot, body: unknown) => fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    // Two bot instances on the same storage: the lease and the conditional inserts keep them from both prompting.
        bots = [
      await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01" } }, () => undefined),
      await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01" } }, () => undefined),
    ];
    const [bot] = bots;
    await bot!.app.plans.importFile("somerset-app.json", sampleText(), admin);
    for (const person of PEOPLE) await bot!.app.links.link("somerset-app", person.personId, { aadObjectId: person.aadObjectId, name: person.name, tenantId: TENANT }, "manual", "test");
    for (const person of INSTALLED) {
      await post(bot!, {
        type: "installationUpdate", action: "add", id: `install-${person.aadObjectId}`, channelId: "msteams", serviceUrl: connector.url,
        from: { id: `29:${person.aadObjectId}`, aadObjectId: person.aadObjectId, name: person.name }, recipient: { id: "28:plan-tracker" },
        conversation: { id: `a:personal-${person.aadObjectId}`, conversationType: "personal", tenantId: TENANT },
      });
    }
    await connector.waitFor(0, INSTALLED.length);
    connector.sent.length = 0; // the welcome cards
  });

  afterEach(async () => {
    for (const bot of bots) await bot.close();
    await connector.stop();
  });

  const sentTo = () => connector.sent.map((s) => s.conversationId).sort();

  it("prompts every reachable owner exactly once, one card covering all their milestones; the rest are recorded", async () => {
    const report = await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    assert.equal(report.ran, true);
    assert.deepEqual(sentTo(), ["a:personal-aad-amy", "a:personal-aad-claire", "a:personal-aad-gemma", "a:personal-aad-julia"], "one message per recipient");
    const gemma = connector.sent.find((s) => s.conversationId === "a:personal-aad-gemma")!;
    const card = gemma.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    assert.match(JSON.stringify(card), /2 milestones need an update/);
    assert.deepEqual((card.refresh as { userIds: string[] }).userIds, ["29:aad-gemma"], "the card refreshes itself for its recipient when reopened");
    assert.match(JSON.stringify(card), /\*\*1\.2\.1\*\*.*\*\*1\.2\.4\*\*/);
    // Camilla (1.2.5) is not linked: her milestone goes to Claire, the lead of 1.2, in a card of its own.
    assert.deepEqual(report.sent.find((s) => s.ownerId === "camilla-hutchings"), { ownerId: "camilla-hutchings", recipient: "claire-merchant-jones", milestones: ["1.2.5"] });
    const amy = JSON.stringify(connector.sent.find((s) => s.conversationId === "a:personal-aad-amy")!.activity);
    for (const id of ["1.6.1", "1.6.2", "1.6.3", "2.3.4", "2.4.1", "2.4.2", "2.4.3"]) assert.ok(amy.includes(`**${id}**`), `Amy's card has ${id}`);
    assert.match(amy, /Lewis Andrews: linked, but Plan Tracker is not installed/);
    // Their leads are not linked either; and the owners of KPIs due a measurement who are not linked (items are never forwarded).
    assert.deepEqual(report.unreachable.map((u) => u.ownerId).sort(), ["dave-smith", "kelly-brewer", "paul-shallcross", "rose-firth", "will-barnwell"]);
    const records = await bots[0]!.app.promptRecords.listCycle("somerset-app", "2023-11");
    assert.ok(records.every((r) => r.state === "sent" || r.state === "unreachable"));
    assert.equal(new Set(records.map((r) => r.ownerId)).size, records.length);
  });

  it("overdue shows each milestone's prompt state", async () => {
    await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    const before = connector.sent.length;
    await post(bots[0]!, {
      type: "message", id: "ask-overdue", text: "overdue", channelId: "msteams", serviceUrl: connector.url,
      from: { id: "29:aad-gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" }, recipient: { id: "28:plan-tracker" },
      conversation: { id: "a:personal-aad-gemma", conversationType: "personal", tenantId: TENANT },
    });
    const [reply] = await connector.waitFor(before);
    const card = JSON.stringify(reply!.activity);
    assert.match(card, /185 days overdue · asked \d{1,2} \w{3} \d{4}, no reply/, "1.2.1 was asked");
    assert.match(card, /unreachable: not linked to a Teams user, and no action lead of theirs can be reached either/, "Dave Smith's 1.3.2");
  });

  it("a second run in the same cycle sends nothing (before any reminder is due)", async () => {
    await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    const first = connector.sent.length;
    const again = await bots[0]!.prompts.run("somerset-app", "2023-11-03");
    assert.equal(connector.sent.length, first);
    assert.equal(again.sent.length, 0);
  });

  it("one message per person carries their milestones, KPIs, risks and QIs together; a second run sends nothing more", async () => {
    const report = await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    const amy = connector.sent.filter((s) => s.conversationId === "a:personal-aad-amy");
    const claire = connector.sent.filter((s) => s.conversationId === "a:personal-aad-claire");
    assert.equal(amy.length, 1);
    assert.equal(claire.length, 1);
    const amyCard = amy[0]!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(amyCard), []);
    const amyJson = JSON.stringify(amyCard);
    // The first milestones in full (with their Save buttons), any others as rows that open their own card.
    for (const id of ["2.3.4", "2.4.2"]) assert.ok(amyJson.includes(`Save ${id}`) || amyJson.includes(`"command":"update ${id}"`), `milestone ${id} on Amy's card`);
    // KPI 6 and, since issue 23, 2.4.4's fortnightly checkpoints of 10 and 24 November: in the same one message.
    assert.match(amyJson, /Also due from you \(2 items\)/);
    assert.match(amyJson, /"command":"kpi 6"/);
    assert.match(amyJson, /"command":"checkpoints 2.4.4"/);
    const claireJson = JSON.stringify(claire[0]!.activity.attachments![0]!.content);
    assert.deepEqual(cardProblems(claire[0]!.activity.attachments![0]!.content), []);
    for (const command of ["kpi 7", "kpi 8", "risk R1", "risk R8", "qi a1-qi3"]) assert.ok(claireJson.includes(`"command":"${command}"`), command);
    assert.match(claireJson, /Save 1\.[12]\.\d/, "with the milestones forwarded to her as their lead");
    const claireSent = report.sent.find((s) => s.ownerId === "claire-merchant-jones")!;
    assert.ok(claireSent.items!.includes("kpi:KPI 7") && claireSent.items!.includes("risk:R1"));
    const before = connector.sent.length;
    const again = await bots[0]!.prompts.run("somerset-app", "2023-11-02");
    assert.equal(again.sent.length, 0);
    assert.equal(connector.sent.length - before, 0, "nothing twice in a cycle");
  });

  it("two instances at once: one prompt per owner per cycle", async () => {
    await Promise.all(bots.map((bot) => bot.prompts.run("somerset-app", "2023-11-01")));
    // Whichever ran (or both, one after the other), every recipient got exactly one message.
    assert.deepEqual(sentTo(), ["a:personal-aad-amy", "a:personal-aad-claire", "a:personal-aad-gemma", "a:personal-aad-julia"]);
    const records = await bots[0]!.app.promptRecords.listCycle("somerset-app", "2023-11");
    // Ten milestone owners reached (directly or through their lead), and Claire's own KPIs, risks and QIs, in the message she got anyway.
    assert.equal(records.filter((r) => r.state === "sent").length, 11);
  });

  it("a run that died after recording a prompt and before marking it sends it again on restart; marked ones are not resent", async () => {
    const records = bots[0]!.app.promptRecords;
    // As a crashed run leaves them: Gemma's recorded but not marked; Julia's marked sent.
    await records.claim("somerset-app", "2023-11", "gemma-reeves", ["1.2.1", "1.2.4"], "gemma-reeves");
    for (const [owner, ids] of [["julia-ridge", ["2.3.2", "2.3.3", "2.3.6"]], ["tim-cockerill", ["2.3.6"]]] as const) {
      const claim = await records.claim("somerset-app", "2023-11", owner, [...ids], "julia-ridge");
      assert.ok(claim.claimed);
      await records.mark("somerset-app", "2023-11", owner, claim.etag, { state: "sent" });
    }
    const report = await bots[1]!.prompts.run("somerset-app", "2023-11-01");
    assert.ok(report.sent.some((s) => s.ownerId === "gemma-reeves"), "the pending prompt is sent");
    assert.ok(!sentTo().includes("a:personal-aad-julia"), "the sent one is not");
    assert.equal((await records.get("somerset-app", "2023-11", "gemma-reeves"))?.state, "sent");
  });

  for (const status of [429, 502, 503, 504, 412]) {
    it(`a ${status} from Teams is retried (honouring Retry-After) and the prompt still goes once`, async () => {
      connector.failWith.set("a:personal-aad-gemma", { status, code: "Transient", times: 2, retryAfterSeconds: status === 429 ? 1 : undefined });
      const before = connector.attempts.get("a:personal-aad-gemma") ?? 0;
      const report = await bots[0]!.prompts.run("somerset-app", "2023-11-01");
      assert.ok(report.sent.some((s) => s.ownerId === "gemma-reeves"), JSON.stringify(report.failed));
      assert.equal(connector.attempts.get("a:personal-aad-gemma"), before + 3);
      assert.equal(connector.sent.filter((s) => s.conversationId === "a:personal-aad-gemma").length, 1);
    });
  }

  it("the scheduler runs cycles only in working hours on working days in the plan's time zone", async () => {
    const scheduler = bots[0]!.scheduler;
    assert.deepEqual(await scheduler.tick(new Date("2023-11-05T10:00:00Z")), [], "a Sunday");
    assert.deepEqual(await scheduler.tick(new Date("2023-11-01T03:00:00Z")), [], "3 a.m.");
    assert.deepEqual(await scheduler.tick(new Date("2023-12-25T10:00:00Z")), [], "Christmas Day");
    assert.equal(connector.sent.length, 0);
    const [report] = await scheduler.tick(new Date("2023-11-01T10:00:00Z"));
    assert.equal(report?.ran, true);
    assert.deepEqual(sentTo(), ["a:personal-aad-amy", "a:personal-aad-claire", "a:personal-aad-gemma", "a:personal-aad-julia"]);
  });

  it("an owner who blocked the bot (403) is recorded as unreachable, not retried", async () => {
    connector.failWith.set("a:personal-aad-gemma", { status: 403, code: "ConversationBlockedByUser" });
    const attemptsBefore = connector.attempts.get("a:personal-aad-gemma") ?? 0;
    const report = await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    const gemma = report.unreachable.find((u) => u.ownerId === "gemma-reeves");
    assert.match(gemma?.reason ?? "", /403 ConversationBlockedByUser/);
    assert.equal((await bots[0]!.app.promptRecords.get("somerset-app", "2023-11", "gemma-reeves"))?.state, "unreachable");
    assert.equal(connector.attempts.get("a:personal-aad-gemma"), attemptsBefore + 1, "a 403 is not retried");
  });

  it("a 404 ConversationNotFound is recorded as unreachable, not retried; a 500 is recorded as failed and tried again next run", async () => {
    connector.failWith.set("a:personal-aad-gemma", { status: 404, code: "ConversationNotFound" });
    connector.failWith.set("a:personal-aad-julia", { status: 500, code: "InternalServerError", times: 10 });
    const gemmaBefore = connector.attempts.get("a:personal-aad-gemma") ?? 0; // the welcome at install
    const report = await bots[0]!.prompts.run("somerset-app", "2023-11-01");
    assert.match(report.unreachable.find((u) => u.ownerId === "gemma-reeves")?.reason ?? "", /404 ConversationNotFound/);
    assert.equal(connector.attempts.get("a:personal-aad-gemma"), gemmaBefore + 1, "a 404 is not retried");
    assert.ok(report.failed.some((f) => f.ownerId === "julia-ridge"), JSON.stringify(report.failed));
    assert.equal((await bots[0]!.app.promptRecords.get("somerset-app", "2023-11", "julia-ridge"))?.state, "failed");
    // Teams recovers: the next run sends Julia's prompt, once; Gemma's stays unreachable this cycle.
    connector.failWith.clear();
    const again = await bots[0]!.prompts.run("somerset-app", "2023-11-02");
    assert.ok(again.sent.some((s) => s.ownerId === "julia-ridge"));
    assert.equal(connector.sent.filter((s) => s.conversationId === "a:personal-aad-julia").length, 1);
    assert.equal(connector.sent.filter((s) => s.conversationId === "a:personal-aad-gemma").length, 0);
  });

  it("no reply after three working days: one reminder in the same chat; three more: the action lead is told once", async () => {
    await bots[0]!.prompts.run("somerset-app", "2023-11-01"); // a Wednesday
    const ask = (text: string) =>
      post(bots[0]!, {
        type: "message", id: `msg-${text}`, text, channelId: "msteams", serviceUrl: connector.url,
        from: { id: "29:aad-amy", aadObjectId: "aad-amy", name: "Amy Joynes" }, recipient: { id: "28:plan-tracker" },
        conversation: { id: "a:personal-aad-amy", conversationType: "personal", tenantId: TENANT },
      });
    // Amy answers for one milestone before the reminder (as lead of 1.6, for Lewis): a snooze counts as an answer.
    const amy = { id: "aad-amy", name: "Amy Joynes", source: "teams" as const };
    const version = (await bots[0]!.app.plans.view("somerset-app")).milestones.get("1.6.1")!.version;
    await bots[0]!.app.plans.snoozeMilestone("somerset-app", "1.6.1", "2023-11-20", amy, version, "test-snooze");
    connector.sent.length = 0;
    const early = await bots[0]!.prompts.run("somerset-app", "2023-11-03");
    assert.deepEqual(early.reminded, [], "two working days: too early");
    const monday = await bots[0]!.prompts.run("somerset-app", "2023-11-06");
    assert.ok(monday.reminded.some((r) => r.ownerId === "amy-joynes"));
    assert.deepEqual(monday.reminded.find((r) => r.ownerId === "lewis-andrews")?.milestones, ["1.6.2", "1.6.3"], "the answered milestone is not reminded");
    const amyReminder = connector.sent.filter((s) => s.conversationId === "a:personal-aad-amy");
    assert.equal(amyReminder.length, 1, "one reminder to Amy, in her chat, covering her own and Lewis's");
    const text = JSON.stringify(amyReminder[0]!.activity);
    assert.match(text, /Reminder: \d+ milestones still need an update/);
    assert.ok(!text.includes("**1.6.1**") && text.includes("**1.6.2**") && text.includes("**2.3.4**"));
    assert.deepEqual(cardProblems(amyReminder[0]!.activity.attachments![0]!.content), []);
    assert.equal(new Set(connector.sent.map((s) => s.conversationId)).size, connector.sent.length, "one reminder per recipient");
    // Run again the same day and the next: no second reminder.
    connector.sent.length = 0;
    await bots[1]!.prompts.run("somerset-app", "2023-11-06");
    await bots[0]!.prompts.run("somerset-app", "2023-11-08");
    assert.equal(connector.sent.length, 0, "reminders go once");
    // Three working days after the reminder: Julia, who leads action 2.3, is told of Amy's 2.3.4 (and her other owners') in one message.
    const thursday = await bots[0]!.prompts.run("somerset-app", "2023-11-09");
    const toLeads = connector.sent.map((s) => s.conversationId);
    assert.equal(new Set(toLeads).size, toLeads.length, "one message per lead");
    const julia = thursday.escalated.find((e) => e.leadId === "julia-ridge");
    assert.ok(julia?.owners.includes("amy-joynes") && julia.milestones.includes("2.3.4"), JSON.stringify(thursday.escalated));
    assert.ok(!thursday.escalated.some((e) => e.leadId === "amy-joynes"), "Amy is not told about her own or Lewis's milestones: she was asked herself");
    const juliaCard = connector.sent.find((s) => s.conversationId === "a:personal-aad-julia")!;
    assert.match(JSON.stringify(juliaCard.activity), /No update from [^"]*Amy Joynes/);
    await bots[1]!.prompts.run("somerset-app", "2023-11-10");
    assert.equal(connector.sent.length, toLeads.length, "escalation goes once");
    // overdue shows the whole story.
    const before = connector.sent.length;
    await ask("overdue");
    const [reply] = await connector.waitFor(before);
    assert.match(JSON.stringify(reply!.activity), /asked 1 Nov 2023, reminded 6 Nov 2023, lead told 9 Nov 2023, no reply/);
  });
});

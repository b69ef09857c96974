import { strict as assert } from "node:assert";
import { externalReviews } from "../../src/domain/externalReviews";
import { isPlanTrackerError } from "../../src/errors";
import { type App, type RunningBot } from "../../src/index";
import { type TeamsUser } from "../support/activities";
import { runCli } from "../support/cli";
import { SAMPLE_PLAN } from "../support/paths";
import { refusal, rowsUnder as rowsInPartition } from "../support/refusals";
import { buttonData, buttonsOf, TeamsChat } from "../support/teamsChat";
import { admin, openTestApp, sampleText, testConnectionString, uniquePrefix } from "../support/testApp";

const PLAN = "somerset-app";
const TODAY = "2024-01-15";
const claireActor = { id: "aad-claire", name: "Claire Merchant-Jones", source: "teams" as const };

const rowsUnder = (app: App, prefix: string) => rowsInPartition(app, PLAN, prefix);

describe("governance records: issues, board escalations, checkpoints (Azurite)", function () {
  this.timeout(60_000);
  let app: App;

  beforeEach(async () => {
    app = await openTestApp();
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
  });
  afterEach(async () => app.close());

  it("escalates R3 with a history entry; the same key twice records it once; de-escalation keeps the history", async () => {
    const first = await app.governance.escalate(PLAN, { subject: "R3", toBoard: "children-and-families-board", reason: "Recruitment gaps" }, claireActor, { idempotencyKey: "k-1", today: "2024-01-10" });
    const again = await app.governance.escalate(PLAN, { subject: "R3", toBoard: "children-and-families-board", reason: "Recruitment gaps" }, claireActor, { idempotencyKey: "k-1", today: "2024-01-10" }).catch((e: unknown) => e);
    // A retry after the first landed is refused by the rules (already escalated) or recognised by its key: never a second record.
    assert.ok(isPlanTrackerError(again) || (again as { duplicate: boolean }).duplicate);
    assert.deepEqual([first.duplicate, first.record.fromBoard, first.record.toBoard, first.record.version], [false, "send-partnership-board", "children-and-families-board", 1]);
    const view = await app.plans.view(PLAN, { fresh: true });
    assert.deepEqual(view.records?.boardEscalations?.map((e) => [e.subjectId, e.active]), [["R3", true]]);
    await app.governance.deescalate(PLAN, "R3", "Recruitment plan agreed", claireActor, { today: TODAY });
    const history = await app.governance.history(PLAN, "risk", "R3");
    assert.deepEqual(history.map((h) => [h.subject, h.byName, h.source, JSON.parse(h.changes ?? "[]")[0]]), [
      ["boardEscalation", "Claire Merchant-Jones", "teams", { field: "boardEscalation", from: null, to: "children-and-families-board" }],
      ["boardEscalation", "Claire Merchant-Jones", "teams", { field: "boardEscalation", from: "children-and-families-board", to: null }],
    ]);
  });

  it("a retried write with the same idempotency key is recorded once (the key is recognised on the row)", async () => {
    const raised = await app.governance.raiseIssue(PLAN, { title: "Area plans not agreed", actions: ["2.3"] }, { personId: "julia-ridge", isAdmin: false }, claireActor, { idempotencyKey: "issue-key", today: TODAY });
    const closed = await app.governance.changeIssue(PLAN, "I1", { close: { note: "agreed" } }, claireActor, { idempotencyKey: "close-key", today: TODAY });
    const retried = await app.governance.changeIssue(PLAN, "I1", { close: { note: "agreed" } }, claireActor, { idempotencyKey: "close-key", today: TODAY }).catch((e: unknown) => e);
    assert.ok(isPlanTrackerError(retried, "invalid-input"), "already closed: refused, nothing written");
    assert.deepEqual([raised.record.id, raised.record.owner, closed.record.state, closed.record.version], ["I1", "julia-ridge", "closed", 2]);
    assert.equal((await app.governance.history(PLAN, "issue", "I1")).length, 2);
    // The store itself recognises the key of a write that landed.
    const store = (app.governance as unknown as { store: { recordIssue: (...args: unknown[]) => Promise<{ duplicate: boolean }> } }).store;
    const replay = await store.recordIssue(PLAN, { id: "I1", title: "Area plans not agreed", owner: "julia-ridge", actions: ["2.3"], raised: TODAY, impact: "", state: "closed", closedOn: TODAY }, claireActor, "close-key", 1);
    assert.equal(replay.duplicate, true);
    assert.equal((await app.governance.history(PLAN, "issue", "I1")).length, 2);
  });

  it("two escalations of the same risk at once: exactly one lands (conditional writes), with one history entry", async () => {
    const results = await Promise.allSettled([
      app.governance.escalate(PLAN, { subject: "R3", toBoard: "children-and-families-board", reason: "first" }, claireActor, { today: TODAY }),
      app.governance.escalate(PLAN, { subject: "R3", toBoard: "children-and-families-board", reason: "second" }, admin, { today: TODAY }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.ok(isPlanTrackerError(rejected.reason, "conflict") || isPlanTrackerError(rejected.reason, "invalid-input"), String(rejected.reason));
    assert.equal((await rowsUnder(app, "h|e|R3|")).length, 1);
  });

  it("two issues raised at once under the same next id: one lands, the other is refused, not overwritten", async () => {
    const julia = { personId: "julia-ridge", isAdmin: false };
    const results = await Promise.allSettled([
      app.governance.raiseIssue(PLAN, { title: "one", actions: ["2.3"] }, julia, claireActor, { today: TODAY }),
      app.governance.raiseIssue(PLAN, { title: "two", actions: ["2.3"] }, julia, claireActor, { today: TODAY }),
    ]);
    const landed = results.filter((r) => r.status === "fulfilled");
    assert.ok(landed.length >= 1);
    const view = await app.plans.view(PLAN, { fresh: true });
    assert.equal(view.records?.issues?.length, landed.length, "each landed issue is kept; none overwrote another");
    assert.equal((await rowsUnder(app, "h|i|")).length, landed.length);
  });

  it("bad input is refused with every problem and nothing is written", async () => {
    const bad = await refusal(app.governance.escalate(PLAN, { subject: "R99", toBoard: "the moon", reason: "" }, claireActor, { today: TODAY }));
    assert.equal(bad.code, "invalid-input");
    assert.equal(bad.problems.length, 3);
    const issue = await refusal(app.governance.raiseIssue(PLAN, { title: "", actions: ["9.9"] }, { isAdmin: true }, admin, { today: TODAY }));
    assert.equal(issue.code, "invalid-input");
    const checkpoint = await refusal(app.governance.recordCheckpoint(PLAN, { milestone: "1.1.5", date: "2023-11-02", state: "done" }, admin, { today: TODAY }));
    assert.equal(checkpoint.code, "invalid-input");
    assert.deepEqual([...(await rowsUnder(app, "s|be|")), ...(await rowsUnder(app, "s|is|")), ...(await rowsUnder(app, "s|cp|")), ...(await rowsUnder(app, "h|e|")), ...(await rowsUnder(app, "h|i|")), ...(await rowsUnder(app, "h|x|"))], []);
  });

  it("a checkpoint recorded done shows on the milestone's checkpoints, with history, and leaves its status alone", async () => {
    const before = (await app.plans.view(PLAN)).milestones.get("1.1.5")!.status;
    await app.governance.recordCheckpoint(PLAN, { milestone: "1.1.5", date: "2023-11-01", state: "done", note: "10% audited" }, claireActor, { today: TODAY });
    const view = await app.plans.view(PLAN, { fresh: true });
    assert.deepEqual(view.records?.checkpoints?.map((c) => [c.milestoneId, c.date, c.state, c.note]), [["1.1.5", "2023-11-01", "done", "10% audited"]]);
    assert.equal(view.milestones.get("1.1.5")!.status, before);
    assert.deepEqual(await rowsUnder(app, "h|x|1.1.5|"), ["h|x|1.1.5|2023-11-01|0000000001"]);
  });

  it("a recommendation made a milestone: it answers the recommendation, has history, and an older plan file neither changes nor removes it", async () => {
    const input = { board: "dfe-nhse-review", date: "2024-01-04", recommendation: "ER1", actionId: "2.4", title: "Termly head teacher forum on inclusion", owner: "amy-joynes", due: "June 2024" };
    const added = await app.governance.milestoneFromRecommendation(PLAN, input, admin, { idempotencyKey: "rec-1" });
    assert.deepEqual([added.actionId, added.milestone.id, added.milestone.due, added.milestone.origin?.from, added.duplicate], ["2.4", "2.4.7", "2024-06-30", "dfe-nhse-review 2024-01-04 ER1", false]);
    const retried = await app.governance.milestoneFromRecommendation(PLAN, input, admin, { idempotencyKey: "rec-1" });
    assert.deepEqual([retried.duplicate, retried.milestone.id], [true, "2.4.7"], "a retry is recognised, not a second milestone");
    const view = await app.plans.view(PLAN, { fresh: true });
    assert.equal(view.plan.actions.find((a) => a.id === "2.4")!.milestones.at(-1)!.id, "2.4.7");
    assert.ok(externalReviews(view, TODAY)[0]!.recommendations[0]!.linked.some((l) => l.id === "2.4.7"), "it answers ER1");
    assert.deepEqual((await app.plans.milestoneHistory(PLAN, "2.4.7")).map((h) => [h.newStatus, h.byName]), [["unrated", admin.name]]);
    const report = await app.plans.importFile("somerset-app.json", sampleText(), admin);
    assert.deepEqual([report.removed, report.keptFromApp], [[], [{ kind: "milestone", id: "2.4.7" }]]);
    assert.ok((await app.plans.view(PLAN, { fresh: true })).plan.actions.find((a) => a.id === "2.4")!.milestones.some((m) => m.id === "2.4.7"), "still there");
    const bad = await refusal(app.governance.milestoneFromRecommendation(PLAN, { ...input, recommendation: "ER9", owner: "nobody" }, admin));
    assert.equal(bad.problems.length, 2);
  });

  it("a plan re-imported keeps the records (they are not definitions)", async () => {
    await app.governance.escalate(PLAN, { subject: "R3", toBoard: "children-and-families-board", reason: "x" }, claireActor, { today: TODAY });
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
    assert.equal((await app.plans.view(PLAN, { fresh: true })).records?.boardEscalations?.length, 1);
  });
});

describe("plan-tracker governance commands (the issue's checks on the sample at 2024-01-15)", function () {
  this.timeout(180_000);
  let env: Record<string, string>;

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
  });

  it("external-reviews lists the January 2024 review with its recommendations and their state; external-review shows one", async () => {
    const text = await runCli(["external-reviews", "--as-of", TODAY], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /DfE and NHS England progress review, January 2024: Progress review with DfE and NHS England, 4 Jan 2024/);
    assert.match(text.stdout, /ER1 \[at risk\] .*continue to engage with schools and head teachers/);
    assert.match(text.stdout, /ER2 \[in progress\] Further work is needed to ensure widespread usage of the Graduated Response Tool/);
    const json = JSON.parse((await runCli(["external-reviews", "--as-of", TODAY, "--json"], env)).stdout) as { externalReviews: { recommendations: { id: string; linked: { id: string }[] }[] }[] };
    assert.deepEqual(json.externalReviews[0]!.recommendations.map((r) => [r.id, r.linked.map((l) => l.id)]), [["ER1", ["1.1", "2.3", "2.4"]], ["ER2", ["1.1", "1.1.4"]]]);
    const one = await runCli(["external-review", "dfe-nhse-review", "2024-01-04", "--as-of", TODAY], env);
    assert.match(one.stdout, /Findings:\n {4}- It was evident that there was a collaborative approach/);
    assert.match(one.stdout, /Source: Transcribed from the council's article/);
    assert.equal((await runCli(["external-review", "dfe-nhse-review", "2024-01-05"], env)).code, 3);
  });

  it("status 2.3 flags the action past its deadline; status --json gains fields and keeps the old ones", async () => {
    const text = await runCli(["status", "2.3", "--as-of", TODAY], env);
    assert.match(text.stdout, /PAST ITS DEADLINE: the action was due 31 Dec 2023 and is not complete \(15 days past\)\./);
    assert.doesNotMatch((await runCli(["status", "2.3", "--as-of", "2023-12-31"], env)).stdout, /PAST ITS DEADLINE/);
    const json = JSON.parse((await runCli(["status", "--as-of", TODAY, "--json"], env)).stdout) as { actions: Record<string, unknown>[]; sourceNote: string };
    const a23 = json.actions.find((a) => a.id === "2.3")!;
    for (const key of ["id", "title", "area", "lead", "counts", "derived", "override", "overall", "overdue"]) assert.ok(key in a23, key);
    assert.equal(a23.daysPastDeadline, 15);
    assert.match(json.sourceNote, /milestone statuses here are chosen to match those counts/);
    assert.match((await runCli(["status", "--as-of", TODAY], env)).stdout, /Source: Transcribed from the Somerset SEND Accelerated Progress Plan/);
  });

  it("kpis \"KPI 1\" shows \"<50% (new measure)\"; KPI 2's note still shows as a note", async () => {
    const one = await runCli(["kpis", "KPI 1", "--as-of", TODAY], env);
    assert.match(one.stdout, /Baseline: <50% \(new measure\)\n/);
    assert.match(one.stdout, /Source: Published as "<50% \(new measure\)" and shown exactly so/);
    const two = await runCli(["kpis", "KPI 2", "--as-of", TODAY], env);
    assert.match(two.stdout, /Baseline: 23% \(30 Apr 2023\)\n {2}Baseline note: Baseline captured in April 2023 audit of websites/);
    const table = await runCli(["kpis", "--as-of", TODAY], env);
    assert.match(table.stdout, /KPI 1 .*<50% \(new measure\)/);
  });

  it("escalating R3 to the Children and Families Board puts it once in that board's digest, with history; de-escalation removes it", async () => {
    const up = await runCli(["escalate", "R3", "--to", "Children and Families Board", "--because", "Recruitment gaps need ICS support", "--date", "2024-01-10", "--by", "Claire Merchant-Jones"], env);
    assert.equal(up.code, 0, up.stderr);
    const digest = await runCli(["digest", "--board", "children-and-families-board", "--as-of", TODAY], env);
    assert.match(digest.stdout, /Escalated to this board \(1\)\n {2}R3 Services are unable to recruit appropriate staff .* from SEND Partnership Board on 10 Jan 2024 by Claire Merchant-Jones: Recruitment gaps need ICS support/);
    assert.equal(digest.stdout.split("R3 Services are unable to recruit").length - 1, 1, "once");
    const json = JSON.parse((await runCli(["digest", "--board", "children-and-families-board", "--as-of", TODAY, "--format", "json"], env)).stdout) as { boardEscalations: { received: { subjectId: string }[] }; level: string };
    assert.deepEqual(json.boardEscalations.received.map((e) => e.subjectId), ["R3"]);
    assert.equal(json.level, "action", "the board shows each action's row");
    assert.match((await runCli(["digest", "--board", "send-partnership-board", "--as-of", TODAY], env)).stdout, /Escalated by this board \(1\)\n {2}R3 /);
    const again = await runCli(["escalate", "R3", "--to", "children-and-families-board", "--because", "again"], env);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already escalated/);
    const history = JSON.parse((await runCli(["history", "R3", "--json"], env)).stdout) as { subject: string; note: string }[];
    assert.deepEqual(history.map((h) => h.subject), ["boardEscalation"]);
    const down = await runCli(["de-escalate", "R3", "--note", "Recruitment plan agreed"], env);
    assert.equal(down.code, 0, down.stderr);
    const after = await runCli(["digest", "--board", "children-and-families-board", "--as-of", TODAY], env);
    assert.match(after.stdout, /Escalated to this board \(0\)\n {2}Nothing is escalated to this board\./);
    assert.equal((JSON.parse((await runCli(["history", "R3", "--json"], env)).stdout) as unknown[]).length, 2);
  });

  it("the issues log: raise, list by action, escalate an issue, close; bad input exits 2 and writes nothing", async () => {
    const raised = await runCli(["raise-issue", "Area plans not agreed in two areas", "--for", "2.3", "--impact", "Delays inclusive practice", "--date", "2024-01-11"], env);
    assert.equal(raised.code, 0, raised.stderr);
    assert.match(raised.stdout, /Raised I1 for 2.3/);
    const list = JSON.parse((await runCli(["issues", "--action", "2.3", "--json"], env)).stdout) as { issues: { id: string; owner: { id: string }; state: string }[] };
    assert.deepEqual(list.issues.map((i) => [i.id, i.owner.id, i.state]), [["I1", "julia-ridge", "open"]]);
    assert.equal((JSON.parse((await runCli(["issues", "--action", "1.2", "--json"], env)).stdout) as { issues: unknown[] }).issues.length, 0);
    assert.equal((await runCli(["escalate", "I1", "--to", "children-and-families-board", "--because", "Needs ICS decision", "--date", "2024-01-12"], env)).code, 0);
    assert.match((await runCli(["issue", "I1"], env)).stdout, /State: escalated/);
    assert.match((await runCli(["status", "2.3", "--as-of", TODAY], env)).stdout, /Issues: I1 Area plans not agreed in two areas \(escalated\)/);
    const bad = await runCli(["raise-issue", "x", "--for", "9.9"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"9.9" is not an action of this plan/);
    assert.equal((JSON.parse((await runCli(["issues", "--json"], env)).stdout) as { issues: unknown[] }).issues.length, 1);
    assert.equal((await runCli(["close-issue", "I1", "--note", "Both plans agreed"], env)).code, 0);
    assert.match((await runCli(["issue", "I1"], env)).stdout, /State: closed/);
  });
});

describe("governance in Teams", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let bot: RunningBot;
  const CLAIRE: TeamsUser = { id: "29:claire", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" };
  const WILL: TeamsUser = { id: "29:will", aadObjectId: "aad-will", name: "Will Barnwell" };
  const ADMIN: TeamsUser = { id: "29:admin", aadObjectId: "aad-admin", name: "Ada Admin" };
  const say = (from: TeamsUser, text: string) => chat.say(from, text);
  const press = (from: TeamsUser, verb: string, data: Record<string, unknown>) => chat.press(from, verb, data);

  before(async () => {
    chat = await TeamsChat.start({ tenant: "tenant-somerset", adminIds: [ADMIN.aadObjectId], fixedToday: TODAY });
    bot = chat.bot;
    await bot.app.links.link(PLAN, "claire-merchant-jones", { ...CLAIRE, tenantId: chat.tenant }, "manual", "test");
    await bot.app.links.link(PLAN, "will-barnwell", { ...WILL, tenantId: chat.tenant }, "manual", "test");
  });
  after(async () => chat.close());

  it("Will (not R3's owner) is refused and nothing is written; free text never escalates", async () => {
    assert.match(await say(WILL, "escalate R3 to the Children and Families Board because staff"), /Only the owner of R3/);
    assert.doesNotMatch(await say(CLAIRE, "could you escalate R3 please"), /Board escalation recorded/);
    assert.equal((await bot.app.plans.view(PLAN, { fresh: true })).records?.boardEscalations?.length ?? 0, 0);
  });

  it("Claire, R3's owner, escalates it from Teams: it is in the Children and Families Board's digest, and in \"what's been escalated\"", async () => {
    assert.match(await say(CLAIRE, "escalate R3 to the Children and Families Board because recruitment gaps need ICS support"), /R3\*\* is escalated from SEND Partnership Board to Children and Families Board/);
    const digest = await say(CLAIRE, "digest children-and-families-board");
    assert.match(digest, /Escalated to this board \(1\)/);
    assert.match(digest, /\*\*R3\*\* Services are unable to recruit/);
    assert.match(await say(WILL, "what's been escalated"), /recruitment gaps need ICS support/);
    const [entry] = await bot.app.governance.history(PLAN, "risk", "R3");
    assert.deepEqual([entry!.by, entry!.source], ["aad-claire", "teams"]);
    assert.match(await say(CLAIRE, "de-escalate R3"), /no longer escalated/);
    assert.match(await say(CLAIRE, "digest children-and-families-board"), /Nothing is escalated to this board/);
  });

  it("asks in plain words: the DfE review, the next 1.1.5 audit, the issues of an action, the data to complete", async () => {
    assert.match(await say(WILL, "what did the DfE review say"), /ER2\*\* in progress: Further work is needed/);
    assert.match(await say(WILL, "when is the next 1.1.5 audit"), /Next: 1 Feb 2024/);
    assert.match(await say(CLAIRE, "raise issue \"Parent carer survey delayed\" for 1.2"), /Raised \*\*I1\*\* for 1.2/);
    assert.match(await say(WILL, "issues for 1.2"), /Parent carer survey delayed/);
    assert.match(await say(WILL, "raise issue \"x\" for 1.2"), /Only the lead of 1.2 or a plan admin/);
    assert.match(await say(CLAIRE, "update issue I1 impact \"Board papers late for February\""), /Updated \*\*I1\*\*/);
    assert.match(await say(WILL, "update issue I1 impact \"mine now\""), /Only the owner of I1/);
    assert.match(await say(CLAIRE, "close issue I1 because the survey went out"), /Closed \*\*I1\*\*/);
    assert.match(await say(CLAIRE, "reopen issue I1"), /Reopened \*\*I1\*\*/);
    assert.deepEqual((await bot.app.governance.history(PLAN, "issue", "I1")).map((h) => JSON.parse(h.changes ?? "[]").map((c: { field: string }) => c.field).join()), ["title,owner,impact,state", "impact", "state", "state"]);
    assert.match(await say(WILL, "data to complete"), /KPI 4\*\* has no target/);
    assert.match(await say(WILL, "status 2.3"), /past its deadline/);
  });

  describe("a review's recommendation made a milestone, from the external-review card (plan admins)", () => {
    const REVIEW = "external-review dfe-nhse-review 2024-01-04";
    let addMilestone: Record<string, unknown>;
    const form = { text_milestoneTitle: "Termly briefing for mainstream head teachers", value_milestoneAction: "1.1", value_milestoneOwner: "claire-merchant-jones", date_milestoneDue: "2024-06" };
    const milestoneIds = async () => (await bot.app.plans.view(PLAN, { fresh: true })).plan.actions.flatMap((a) => a.milestones.map((m) => m.id));

    it("a plan admin's review card has a button per recommendation; it opens the form, which writes nothing", async () => {
      const head = await bot.app.plans.headTag(PLAN);
      const card = await say(ADMIN, REVIEW);
      const buttons = buttonsOf(card, "command").filter((b) => b.title.startsWith("Milestone from"));
      assert.deepEqual(buttons.map((b) => b.data), [
        { command: "recommendation-milestone dfe-nhse-review 2024-01-04 ER1", planId: PLAN },
        { command: "recommendation-milestone dfe-nhse-review 2024-01-04 ER2", planId: PLAN },
      ]);
      const opened = await press(ADMIN, "command", buttons[0]!.data);
      assert.match(opened, /Milestone from recommendation ER1/);
      assert.match(opened, /should continue to engage with schools and head teachers/);
      const add = buttonData(opened, "recommendationMilestone")!;
      assert.deepEqual(Object.keys(add).sort(), ["board", "date", "idempotencyKey", "planId", "recommendation"]);
      assert.deepEqual([add.board, add.date, add.recommendation, add.planId], ["dfe-nhse-review", "2024-01-04", "ER1", PLAN]);
      assert.match(opened, /"value":"1\.1"/, "the action the recommendation is linked to first is chosen");
      addMilestone = add;
      assert.equal(await bot.app.plans.headTag(PLAN), head);
    });

    it("anyone else gets no such button, and is refused by typing and by pressing; nothing is written", async () => {
      const head = await bot.app.plans.headTag(PLAN);
      assert.doesNotMatch(await say(WILL, REVIEW), /Milestone from/);
      assert.match(await say(WILL, "recommendation-milestone dfe-nhse-review 2024-01-04 ER1"), /Only plan admins can turn a review's recommendation into a milestone/);
      assert.match(await press(WILL, "recommendationMilestone", { ...addMilestone, ...form }), /Only plan admins can turn a review's recommendation into a milestone/);
      assert.equal(await bot.app.plans.headTag(PLAN), head);
    });

    const refusals: { what: string; data: () => Record<string, unknown>; answer: RegExp }[] = [
      { what: "a due date that is not a month", data: () => ({ ...addMilestone, ...form, date_milestoneDue: "2024-13" }), answer: /\\"2024-13\\" is not a month: give it as YYYY-MM/ },
      { what: "a due date left empty", data: () => ({ ...addMilestone, ...form, date_milestoneDue: "" }), answer: /Give its due month/ },
      { what: "an owner who is not a plan person", data: () => ({ ...addMilestone, ...form, value_milestoneOwner: "nobody-known" }), answer: /\\"nobody-known\\" is not a person in the plan/ },
      { what: "an action that is not in the plan", data: () => ({ ...addMilestone, ...form, value_milestoneAction: "9.9" }), answer: /\\"9\.9\\" is not an action of this plan/ },
      { what: "an unknown recommendation", data: () => ({ ...addMilestone, ...form, recommendation: "ER9" }), answer: /There is no recommendation \\"ER9\\"/ },
      { what: "a field the form does not send", data: () => ({ ...addMilestone, ...form, owner: "claire-merchant-jones" }), answer: /could not be read, so no milestone was added/ },
      { what: "another plan's stamp", data: () => ({ ...addMilestone, ...form, planId: "northshire-wsoa" }), answer: /belongs to a plan that is not stored here/ },
    ];
    for (const { what, data, answer } of refusals) {
      it(`refuses ${what}, clearly, and writes nothing`, async () => {
        const head = await bot.app.plans.headTag(PLAN);
        const body = await press(ADMIN, "recommendationMilestone", data());
        assert.match(body, answer);
        // A refused form comes back with what was typed.
        if (/due|owner|action/.test(what)) assert.match(body, /"value":"Termly briefing for mainstream head teachers"/);
        assert.equal(await bot.app.plans.headTag(PLAN), head);
      });
    }

    it("Add milestone creates it once, recorded as coming from the review, with history; the review card lists it under ER1", async () => {
      const before = await milestoneIds();
      const added = await press(ADMIN, "recommendationMilestone", { ...addMilestone, ...form });
      assert.match(added, /Milestone 1\.1\.6 added from ER1/);
      assert.match(added, /Claire Merchant-Jones/);
      const again = await press(ADMIN, "recommendationMilestone", { ...addMilestone, ...form });
      assert.match(again, /Already added: 1\.1\.6/, "a double click adds nothing more");
      assert.deepEqual((await milestoneIds()).filter((id) => !before.includes(id)), ["1.1.6"]);
      const view = await bot.app.plans.view(PLAN, { fresh: true });
      const made = view.plan.actions.find((a) => a.id === "1.1")!.milestones.find((m) => m.id === "1.1.6")!;
      assert.deepEqual([made.title, made.owners, made.due, made.origin?.kind, made.origin?.from, made.origin?.by], [form.text_milestoneTitle, ["claire-merchant-jones"], "2024-06-30", "app", "dfe-nhse-review 2024-01-04 ER1", "Ada Admin"]);
      const history = await bot.app.plans.milestoneHistory(PLAN, "1.1.6");
      assert.deepEqual(history.map((h) => [h.by, h.source]), [["aad-admin", "teams"]]);
      assert.match(history[0]!.note ?? "", /from dfe-nhse-review 2024-01-04 ER1/);
      assert.match(await say(WILL, REVIEW), /ER1\*\* [a-z ]+: .* 1\.1\.6 /);
    });
  });
});

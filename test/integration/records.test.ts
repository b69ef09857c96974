import { strict as assert } from "node:assert";
import { findKpi, kpiStatus } from "../../src/domain/kpis";
import { riskRegister } from "../../src/domain/risks";
import type { App } from "../../src/index";
import { isPlanTrackerError } from "../../src/errors";
import { refusal, rowsUnder as rowsInPartition } from "../support/refusals";
import { admin, openTestApp, sampleJson, sampleText } from "../support/testApp";

const PLAN = "somerset-app";
const TODAY = "2023-11-20";
const teams = (id: string, name: string) => ({ id, name, source: "teams" as const });

const rowsUnder = (app: App, prefix: string) => rowsInPartition(app, PLAN, prefix);

describe("recorded measurements, reviews, findings and commentary (Azurite)", function () {
  this.timeout(60_000);
  let app: App;

  beforeEach(async () => {
    app = await openTestApp();
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
  });
  afterEach(async () => app.close());

  it("records a measurement: it becomes the KPI's latest value, with a history entry, and a status read is still one request", async () => {
    const result = await app.records.recordMeasurement(PLAN, { kpi: "7", value: "110", date: "2023-11-15" }, teams("aad-1", "Claire Merchant-Jones"), { today: TODAY });
    assert.deepEqual([result.duplicate, result.replaced, result.record.value, result.record.period], [false, undefined, 110, "2023-11"]);
    const view = await app.plans.view(PLAN);
    assert.equal(kpiStatus(view.plan, findKpi(view.plan, "7")!, TODAY).measures[0]!.latest?.value, 110);
    const history = await app.records.history(PLAN, "kpi 7");
    assert.deepEqual(history.entries.map((e) => [e.subject, e.subjectId, e.byName, e.source, e.period]), [["kpi", "KPI 7", "Claire Merchant-Jones", "teams", "2023-11"]]);
    const { requests } = await app.requestCounter.measure(() => app.plans.view(PLAN, { fresh: true }));
    assert.equal(requests, 1);
  });

  it("a measurement recorded through one instance is in the other's next look (the plan's head moved)", async () => {
    const other = await openTestApp({ tablePrefix: app.config.tablePrefix });
    try {
      const before = await other.plans.view(PLAN);
      assert.equal(before.records?.measurements.length, 0);
      await app.records.recordMeasurement(PLAN, { kpi: "7", value: "104", date: "2023-11-10" }, admin, { today: TODAY });
      const after = await other.plans.view(PLAN);
      assert.deepEqual(after.records?.measurements.map((m) => m.value), [104]);
      assert.equal(kpiStatus(after.plan, findKpi(after.plan, "7")!, TODAY).measures[0]!.latest?.value, 104);
    } finally {
      await other.close();
    }
  });

  it("a second measurement for the same month replaces the first, says so, and keeps the first in history", async () => {
    await app.records.recordMeasurement(PLAN, { kpi: "5a", value: "14", date: "2023-10-31" }, teams("aad-1", "Will Barnwell"), { today: TODAY });
    const second = await app.records.recordMeasurement(PLAN, { kpi: "KPI 5", part: "a", value: "13", date: "2023-10-30", note: "Corrected" }, admin, { today: TODAY });
    assert.equal(second.replaced?.value, 14);
    assert.equal(second.replaced?.byName, "Will Barnwell");
    assert.equal(second.record.version, 2);
    assert.deepEqual(await rowsUnder(app, "s|km|"), ["s|km|KPI 5|a|2023-10"], "one measurement per KPI part per month");
    const history = (await app.records.history(PLAN, "kpi 5")).entries;
    assert.deepEqual(history.map((e) => [e.part, e.version, JSON.parse(e.changes!)[0]]), [["a", 1, { field: "value", from: null, to: 14 }], ["a", 2, { field: "value", from: 14, to: 13 }]]);
    assert.match(history[1]!.note!, /replaces the earlier record by Will Barnwell/);
  });

  it("a double click (the same idempotency key twice) is recorded once", async () => {
    const options = { today: TODAY, idempotencyKey: "card-123", expectedVersion: 0 };
    const first = await app.records.recordMeasurement(PLAN, { kpi: "7", value: "117", date: "2023-10-31" }, teams("aad-1", "A"), options);
    const again = await app.records.recordMeasurement(PLAN, { kpi: "7", value: "117", date: "2023-10-31" }, teams("aad-1", "A"), options);
    assert.deepEqual([first.duplicate, again.duplicate, again.record.version], [false, true, 1]);
    assert.equal((await app.records.history(PLAN, "kpi 7")).entries.length, 1);
  });

  it("two people recording the same KPI month at once: exactly one wins, the other is told", async () => {
    const other = await openTestApp({ tablePrefix: app.config.tablePrefix });
    try {
      const results = await Promise.allSettled([
        app.records.recordMeasurement(PLAN, { kpi: "7", value: "117", date: "2023-10-31" }, teams("aad-1", "Claire Merchant-Jones"), { today: TODAY, idempotencyKey: "k1", expectedVersion: 0 }),
        other.records.recordMeasurement(PLAN, { kpi: "7", value: "118", date: "2023-10-30" }, teams("aad-2", "Amy Joynes"), { today: TODAY, idempotencyKey: "k2", expectedVersion: 0 }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.ok(isPlanTrackerError(lost[0]!.reason, "conflict"), String(lost[0]!.reason));
      assert.match((lost[0]!.reason as Error).message, /was recorded by (Claire Merchant-Jones|Amy Joynes)/);
      assert.equal((await app.records.history(PLAN, "kpi 7")).entries.length, 1, "one history entry: the winner's");
    } finally {
      await other.close();
    }
  });

  const refused: [string, Parameters<App["records"]["recordMeasurement"]>[1], RegExp][] = [
    ["a value that is not a number", { kpi: "7", value: "about 100", date: "2023-10-31" }, /value: "about 100" is not a number/],
    ["140 for a percent", { kpi: "8", value: "140", date: "2023-10-31" }, /value: 140% is not a percentage/],
    ["−3 for a count", { kpi: "7", value: "-3", date: "2023-10-31" }, /value: -3 is not a count/],
    ["a date in the future", { kpi: "7", value: "100", date: "2023-11-21" }, /date: 21 Nov 2023 is in the future/],
    ["an unknown KPI", { kpi: "42", value: "100", date: "2023-10-31" }, /kpi: "42" is not a KPI/],
    ["a note over 2,000 characters", { kpi: "7", value: "100", date: "2023-10-31", note: "n".repeat(2001) }, /note: the note is 2001 characters/],
    ["a link that is not https", { kpi: "7", value: "100", date: "2023-10-31", link: "http://dashboard.example" }, /link: the link .* is not an https/],
  ];
  for (const [what, input, problem] of refused) {
    it(`refuses ${what} and writes nothing`, async () => {
      const error = await refusal(app.records.recordMeasurement(PLAN, input, admin, { today: TODAY }));
      assert.equal(error.code, "invalid-input");
      assert.ok(error.problems.some((p) => problem.test(p)), error.problems.join("\n"));
      assert.deepEqual(await rowsUnder(app, "s|km|"), []);
      assert.deepEqual(await rowsUnder(app, "h|k|"), []);
    });
  }

  it("a risk review moves the next review date on, shows in the register and in the risk's history; a stale card is refused", async () => {
    const before = riskRegister((await app.plans.view(PLAN)).plan, TODAY);
    assert.ok(before.find((r) => r.id === "R1")!.dueForReview);
    const review = await app.records.reviewRisk(PLAN, { risk: "R1", likelihood: "low", progress: "Reviewed at board" }, teams("aad-1", "Claire Merchant-Jones"), { today: TODAY, expectedVersion: 0 });
    assert.equal(review.nextReview, "2024-02-20");
    const view = await app.plans.view(PLAN);
    const r1 = riskRegister(view.plan, TODAY, view.records).find((r) => r.id === "R1")!;
    assert.deepEqual([r1.dueForReview, r1.after.likelihood, r1.progress, r1.lastReviewed, r1.reviewDue, r1.lastReview?.by], [false, "low", "Reviewed at board", TODAY, "2024-02-20", "Claire Merchant-Jones"]);
    const history = (await app.records.history(PLAN, "R1")).entries;
    assert.equal(history.length, 1);
    assert.match(history[0]!.note!, /Reviewed on 2023-11-20: after mitigation low likelihood/);
    const stale = await refusal(app.records.reviewRisk(PLAN, { risk: "R1", likelihood: "high" }, admin, { today: TODAY, expectedVersion: 0 }));
    assert.equal(stale.code, "conflict");
    // Importing the plan again keeps the review.
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
    assert.equal((await app.plans.view(PLAN)).plan.risks.find((r) => r.id === "R1")!.progress, "Reviewed at board");
  });

  it("QI findings and commentary are recorded per period with history, and the digest uses them", async () => {
    const view0 = await app.plans.view(PLAN);
    const qi = view0.plan.qis.find((q) => q.cadence === "quarterly")!;
    await app.records.recordFinding(PLAN, { qi: qi.id, date: "2023-11-02", text: "Audit shows consistent practice", rating: "green", link: "https://example.org/audit" }, admin, { today: TODAY });
    await app.records.recordCommentary(PLAN, { action: "1.2", text: "Provision audits started in 12 schools" }, admin, { today: TODAY });
    const replaced = await app.records.recordCommentary(PLAN, { action: "1.2", text: "Provision audits started in 14 schools" }, admin, { today: TODAY });
    assert.equal(replaced.replaced?.text, "Provision audits started in 12 schools");
    const view = await app.plans.view(PLAN);
    const board = app.digests.board(view, "send-partnership-board");
    const digest = await app.digests.content(PLAN, view, board, TODAY);
    assert.ok(!digest.qisWithoutFinding.some((q) => q.id === qi.id));
    assert.ok(digest.qisWithoutFinding.length > 0);
    assert.deepEqual(digest.commentary.map((c) => [c.actionId, c.text]), [["1.2", "Provision audits started in 14 schools"]]);
    assert.deepEqual(digest.changes.commentaryAdded.map((c) => c.actionId), ["1.2"]);
    const history = (await app.records.history(PLAN, "1.2")).entries;
    assert.deepEqual(history.map((e) => [e.subject, e.version]), [["commentary", 1], ["commentary", 2]]);
    assert.equal((await app.records.history(PLAN, qi.id)).entries.length, 1);
  });

  it("an override from a card is recorded once per key, refused when the card is stale, and cleared with history", async () => {
    const version = (await app.plans.view(PLAN)).records?.versions?.["action:1.2"];
    assert.equal(version, 0);
    const set = await app.records.overrideAction(PLAN, "1.2", { status: "amber", reason: "Recovery plan agreed" }, teams("aad-1", "Claire Merchant-Jones"), { idempotencyKey: "o-1", expectedVersion: 0 });
    const again = await app.records.overrideAction(PLAN, "1.2", { status: "amber", reason: "Recovery plan agreed" }, teams("aad-1", "Claire Merchant-Jones"), { idempotencyKey: "o-1", expectedVersion: 0 });
    assert.deepEqual([set.duplicate, again.duplicate], [false, true]);
    assert.equal((await app.plans.view(PLAN)).overrides.get("1.2")?.status, "amber");
    const stale = await refusal(app.records.overrideAction(PLAN, "1.2", null, admin, { idempotencyKey: "o-2", expectedVersion: 0 }));
    assert.equal(stale.code, "conflict");
    await app.records.overrideAction(PLAN, "1.2", null, admin, { idempotencyKey: "o-3", expectedVersion: 1 });
    assert.equal((await app.plans.view(PLAN)).overrides.get("1.2"), undefined);
    assert.deepEqual((await app.records.history(PLAN, "1.2")).entries.map((e) => e.note), ["Overall status overridden: Recovery plan agreed", "Override cleared; the derived status applies"]);
  });

  it("a measurements CSV is all or nothing, with errors by row and column; the same file twice records nothing new", async () => {
    const bad = "kpi,part,date,value,note\nKPI 7,,2023-10-31,117,\nKPI 8,,2023-10-31,140,\nKPI 5,a,2023-10-31,abc,\nKPI 7,,2023-10-15,110,again\n";
    const error = await refusal(app.records.importMeasurements(PLAN, "bad.csv", bad, admin, { today: TODAY }));
    assert.deepEqual(error.problems, [
      "row 3, column value: 140% is not a percentage between 0 and 100",
      'row 4, column value: "abc" is not a number',
      "row 5, column date: KPI 7 already has a measurement for 2023-10 at row 2",
    ]);
    assert.deepEqual(await rowsUnder(app, "s|km|"), []);
    const good = "kpi,part,date,value,note\nKPI 7,,2023-10-31,117,dashboard\nKPI 5,a,2023-10-31,14,\nKPI 5,b,2023-10-31,20,\n";
    const first = await app.records.importMeasurements(PLAN, "good.csv", good, { ...admin, source: "import" }, { today: TODAY });
    assert.deepEqual([first.written.length, first.unchanged], [3, 0]);
    const again = await app.records.importMeasurements(PLAN, "good.csv", good, { ...admin, source: "import" }, { today: TODAY });
    assert.deepEqual([again.written.length, again.unchanged], [0, 3]);
    assert.deepEqual((await app.records.history(PLAN, "kpi 7")).entries.map((e) => e.source), ["import"]);
  });

  it("re-importing a plan records each definition change as history with the source import", async () => {
    const revised = sampleJson() as ReturnType<typeof sampleJson> & { risks: Record<string, unknown>[] };
    revised.actions[1]!.milestones[3]!.due = "June 2024";
    revised.actions[1]!.milestones[2]!.owners = ["julia-ridge"];
    revised.kpis[6]!.targets = { m3: { shareOfBaseline: 0.9 }, m6: { shareOfBaseline: 0.85 }, m12: { shareOfBaseline: 0.75 } };
    revised.actions[1]!.milestones.splice(4, 1);
    await app.plans.importFile("revised.json", JSON.stringify(revised), { ...admin, source: "import" });
    const milestone = (await app.records.history(PLAN, "1.2.4")).entries;
    assert.match(milestone[milestone.length - 1]!.note!, /due date moved from .* to 2024-06-30/);
    assert.equal(milestone[milestone.length - 1]!.source, "import");
    const owner = (await app.records.history(PLAN, "1.2.3")).entries;
    assert.match(owner[owner.length - 1]!.note!, /owners changed from .* to julia-ridge/);
    assert.match((await app.records.history(PLAN, "kpi 7")).entries[0]!.note!, /targets changed/);
    const removed = await app.plans.milestoneHistory(PLAN, "1.2.5");
    assert.equal(removed[removed.length - 1]!.note, "Removed from the plan by import");
  });
});

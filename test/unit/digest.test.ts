import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { planSchema, type Board, type Plan } from "../../src/domain/plan";
import type { Status } from "../../src/domain/status";
import { viewOfPlan, type MilestoneState, type PlanView } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";

const plan: Plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const view = viewOfPlan(plan);
const board = (id: string): Board => plan.boards.find((b) => b.id === id)!;

/** The view after owners recorded these statuses (and notes). */
function withUpdates(base: PlanView, updates: Record<string, { status: Status; note?: string }>): PlanView {
  const milestones = new Map<string, MilestoneState>(base.milestones);
  for (const [id, update] of Object.entries(updates)) milestones.set(id, { ...milestones.get(id)!, ...update, version: (milestones.get(id)?.version ?? 0) + 1 });
  return { ...base, milestones };
}

describe("board digest", () => {
  it("the SEND Partnership Board's digest at 1 Nov 2023 carries seed 003's table", () => {
    const digest = buildDigest({ view, board: board("send-partnership-board"), asOf: "2023-11-01" });
    assert.equal(digest.level, "action");
    assert.deepEqual(
      digest.actions.map((a) => ({ action: a.id, counts: { blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red }, overall: a.overall })),
      SEED_003_TABLE,
    );
    assert.equal(digest.previous, null);
    assert.deepEqual(digest.changes, { actionsMoved: [], completed: [], turnedAmberOrRed: [], measurementsRecorded: [], risksReviewed: [], commentaryAdded: [] }, "nothing to compare with in a first digest");
  });

  it("overdue milestones with owners and prompt states; risks due for review; KPIs against the checkpoint", () => {
    const digest = buildDigest({ view, board: board("send-partnership-board"), asOf: "2023-11-01", promptStates: new Map([["1.2.1", "asked 1 Nov 2023, no reply"]]) });
    const m121 = digest.overdue.find((m) => m.id === "1.2.1");
    assert.deepEqual({ owners: m121?.owners, state: m121?.promptState }, { owners: ["Gemma Reeves"], state: "asked 1 Nov 2023, no reply" });
    assert.ok(digest.overdue.every((m) => m.status !== "blue" && m.daysOverdue > 0));
    assert.equal(digest.overdue.find((m) => m.id === "1.2.4")?.promptState, "not asked this month");
    // The register was raised in March 2023 and reviewed three-monthly: by November every risk is due.
    assert.equal(digest.risksDueForReview.length, plan.risks.length);
    assert.ok(digest.risksDueForReview.every((r) => r.reviewDue <= "2023-11-01"));
    assert.equal(buildDigest({ view, board: board("send-partnership-board"), asOf: "2023-04-01" }).risksDueForReview.length, 0, "none in April 2023");
    assert.equal(new Set(digest.kpis.map((k) => k.id)).size, 14, "all fourteen KPIs");
    assert.ok(digest.kpisWithoutMeasurement.length > 0 && digest.kpisWithoutMeasurement.every((k) => !digest.kpis.find((x) => x.id === k.id && x.label === k.label)!.measuredThisPeriod));
  });

  it("changed since the previous digest compares with its snapshot, not with live data", () => {
    const first = snapshotOf(view, "2023-11-01");
    // A month later: 1.2.1 done, 1.2.2 at risk (with its owner's note), 1.6.x all done so action 1.6 moves.
    const later = withUpdates(view, {
      "1.2.1": { status: "blue", note: "Published on the Local Offer" },
      "1.2.2": { status: "amber", note: "Waiting on legal review" },
      "1.6.1": { status: "blue" },
      "1.6.2": { status: "blue" },
      "1.6.3": { status: "blue" },
    });
    const digest = buildDigest({ view: later, board: board("send-partnership-board"), asOf: "2023-12-05", previous: first });
    assert.deepEqual(digest.previous, { asOf: "2023-11-01" });
    assert.deepEqual(digest.changes.completed.map((c) => [c.id, c.from, c.note]), [["1.2.1", "red", "Published on the Local Offer"], ["1.6.1", "amber", undefined], ["1.6.2", "amber", undefined], ["1.6.3", "amber", undefined]]);
    assert.deepEqual(digest.changes.turnedAmberOrRed.map((c) => [c.id, c.from, c.to, c.note, c.owners]), [["1.2.2", "green", "amber", "Waiting on legal review", ["Gemma Reeves"]]]);
    assert.deepEqual(digest.changes.actionsMoved.map((a) => [a.id, a.from, a.to]), [["1.2", "red", "amber"], ["1.6", "amber", "blue"]]);
    // Against a second snapshot taken after those changes, nothing has changed.
    const second = snapshotOf(later, "2023-12-05");
    const next = buildDigest({ view: later, board: board("send-partnership-board"), asOf: "2024-01-02", previous: second });
    assert.deepEqual(next.changes, { actionsMoved: [], completed: [], turnedAmberOrRed: [], measurementsRecorded: [], risksReviewed: [], commentaryAdded: [] });
    assert.equal(next.periodStart, "2023-12-05");
  });

  it("each board declares its detail: the sample's show action rows, as seed 003's board table does; `areas` gives area totals only", () => {
    assert.equal(buildDigest({ view, board: board("children-and-families-board"), asOf: "2023-11-01" }).level, "action");
    assert.equal(buildDigest({ view, board: board("dfe-nhse-review"), asOf: "2023-11-01" }).level, "action");
    assert.equal(buildDigest({ view, board: { ...board("children-and-families-board"), detail: "areas" }, asOf: "2023-11-01" }).level, "area");
  });
});

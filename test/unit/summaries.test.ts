import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { daysOverdue, groupByOwner, milestonesDueWithin, overdueMilestones, unownedMilestones } from "../../src/domain/milestones";
import { planSchema, type Plan } from "../../src/domain/plan";
import { summariseAction, summarisePlan } from "../../src/domain/summaries";
import { findAction, viewOfPlan, type MilestoneState, type PlanView } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

/** A small plan for edge cases: one area, one action per case. */
function tinyPlan(milestones: Record<string, unknown>[]): Plan {
  return planSchema.parse({
    id: "tiny",
    title: "Tiny",
    localArea: "Test",
    startDate: "2023-05-01",
    areas: [{ id: "1", title: "Area", successCriteria: ["x"] }],
    people: [{ id: "ann", name: "Ann" }, { id: "bob", name: "Bob" }],
    actions: [{ id: "1.1", title: "Action", area: "1", lead: "ann", due: "April 2024", milestones }],
  });
}

const withState = (view: PlanView, states: Record<string, Partial<MilestoneState>>): PlanView => {
  const milestones = new Map(view.milestones);
  for (const [id, state] of Object.entries(states)) milestones.set(id, { ...milestones.get(id)!, ...state });
  return { ...view, milestones };
};

describe("plan summaries", () => {
  it("reproduces seed 003's table for the sample plan at 2023-11-01", () => {
    const summary = summarisePlan(viewOfPlan(sample()), "2023-11-01");
    assert.deepEqual(
      summary.actions.map((a) => ({ action: a.id, counts: { blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red }, overall: a.overall })),
      SEED_003_TABLE,
    );
    assert.deepEqual(summary.actions.map((a) => a.counts.unrated), Array(10).fill(0));
  });

  it("summarises each area and the whole plan", () => {
    const summary = summarisePlan(viewOfPlan(sample()), "2023-11-01");
    assert.deepEqual(summary.areas.map((a) => [a.id, a.actionIds.length, a.milestones]), [["1", 6, 26], ["2", 4, 21]]);
    assert.equal(summary.totals.milestones, 47);
    assert.deepEqual(summary.totals.counts, { blue: 19, green: 10, amber: 12, red: 6, unrated: 0 });
    assert.deepEqual(summary.areas[0]!.actionsByOverall, { blue: 1, green: 2, amber: 2, red: 1, unrated: 0 });
  });

  it("shows an override beside the derived status, with its reason", () => {
    const view = viewOfPlan(sample());
    const overridden: PlanView = { ...view, overrides: new Map([["1.2", { status: "amber", reason: "Recovery plan agreed", by: "Claire", at: "2023-11-02T10:00:00Z" }]]) };
    const action = summariseAction(overridden, findAction(view.plan, "1.2")!, "2023-11-01");
    assert.equal(action.derived, "red");
    assert.equal(action.overall, "amber");
    assert.equal(action.override?.reason, "Recovery plan agreed");
    assert.match(action.derivedReason, /Red/);
  });

  it("an action with no milestones, or none rated, is unrated", () => {
    assert.equal(summariseAction(viewOfPlan(tinyPlan([])), tinyPlan([]).actions[0]!, "2023-11-01").overall, "unrated");
    const plan = tinyPlan([{ id: "m1", title: "x", owners: ["ann"], due: "June 2023" }]);
    assert.equal(summariseAction(viewOfPlan(plan), plan.actions[0]!, "2023-11-01").overall, "unrated");
  });
});

describe("overdue and due milestones", () => {
  const plan = tinyPlan([
    { id: "m1", title: "Due end of October", owners: ["ann"], due: "October 2023", status: "amber" },
    { id: "m2", title: "Complete", owners: ["ann"], due: "June 2023", status: "blue" },
    { id: "m3", title: "Ongoing", owners: ["bob"], start: "May 2023", ongoing: true, status: "green" },
    { id: "m4", title: "Due in November", owners: ["bob"], due: "November 2023", status: "green" },
    { id: "m5", title: "Nobody owns this", due: "September 2023", status: "red" },
    { id: "m6", title: "Two owners", owners: ["ann", "bob"], due: "1 October 2023", status: "red" },
  ]);
  const view = viewOfPlan(plan);

  const cases: [string, string, string, number | null][] = [
    ["due on the as-of date is not overdue", "m1", "2023-10-31", null],
    ["the day after a month-end due date is 1 day overdue", "m1", "2023-11-01", 1],
    ["complete is never overdue", "m2", "2024-01-01", null],
    ["ongoing is never overdue", "m3", "2030-01-01", null],
    ["not yet due", "m4", "2023-11-01", null],
  ];
  for (const [name, id, asOf, expected] of cases) {
    it(`${name}`, () => {
      const milestone = plan.actions[0]!.milestones.find((m) => m.id === id)!;
      assert.equal(daysOverdue(milestone, view.milestones.get(id)!, asOf), expected);
    });
  }

  it("a revised due date replaces the plan's", () => {
    const revised = withState(view, { m1: { revisedDue: "2023-12-15" } });
    assert.deepEqual(overdueMilestones(revised, "2023-11-01").map((m) => m.id), ["m5", "m6"]);
  });

  it("lists overdue milestones longest first, grouped by owner with unowned last", () => {
    const overdue = overdueMilestones(view, "2023-11-01");
    assert.deepEqual(overdue.map((m) => [m.id, m.daysOverdue]), [["m5", 32], ["m6", 31], ["m1", 1]]);
    const groups = groupByOwner(overdue);
    assert.deepEqual(groups.map((g) => [g.owner?.name ?? null, g.milestones.map((m) => m.id)]), [["Ann", ["m6", "m1"]], ["Bob", ["m6"]], [null, ["m5"]]]);
  });

  it("lists milestones due within N days, soonest first", () => {
    assert.deepEqual(milestonesDueWithin(view, "2023-11-01", 30).map((m) => m.id), ["m4"]);
    assert.deepEqual(milestonesDueWithin(view, "2023-11-01", 28).map((m) => m.id), []);
  });

  it("lists milestones with no owner", () => {
    assert.deepEqual(unownedMilestones(view, "2023-11-01").map((m) => m.id), ["m5"]);
  });

  it("counts the sample plan's overdue milestones at 2023-11-01", () => {
    const overdue = overdueMilestones(viewOfPlan(sample()), "2023-11-01");
    assert.equal(overdue.length, 15);
    assert.ok(overdue.every((m) => m.status !== "blue" && (m.daysOverdue ?? 0) > 0));
    assert.equal(overdue[0]!.id, "1.2.1");
    assert.equal(overdue[0]!.daysOverdue, 185);
  });
});

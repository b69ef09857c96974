import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { overdueMilestones, summariseMilestone } from "../../src/domain/milestones";
import { planSchema, type Plan } from "../../src/domain/plan";
import { summarisePlan } from "../../src/domain/summaries";
import { findAction } from "../../src/domain/view";
import { assemblePlan } from "../../src/storage/assemblePlan";
import { planToRows, type StateRow } from "../../src/storage/planRows";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

/** The sample's rows as the store gives them back after an import. */
function storedRows(plan: Plan): StateRow[] {
  return planToRows(plan).map((row) => ({
    partitionKey: plan.id, rowKey: row.rowKey, etag: `W/"${row.rowKey}"`, kind: row.kind, position: row.position, doc: row.doc, removed: false,
    ...(row.actionId ? { actionId: row.actionId } : {}),
    ...(row.initialStatus ? { status: row.initialStatus } : {}),
    ...(row.kind === "milestone" ? { version: 0 } : {}),
  }));
}

/** The rows with one replaced by a copy with `fields` changed, as a read of what changed gives it. */
function changed(rows: StateRow[], rowKey: string, fields: Partial<StateRow>): StateRow[] {
  return rows.map((row) => (row.rowKey === rowKey ? { ...row, ...fields, etag: `${row.etag}+` } : row));
}

const milestoneOf = (plan: Plan, id: string) => plan.actions.flatMap((a) => a.milestones).find((m) => m.id === id)!;

describe("a plan rebuilt after a change makes new objects only for what changed", () => {
  const asOf = "2023-11-01";

  it("keeps every unchanged milestone and its summary; the changed one is new and shows its change", () => {
    const rows = storedRows(sample());
    const before = assemblePlan("p", rows)!;
    const summaryBefore = summarisePlan(before, asOf);
    const after = assemblePlan("p", changed(rows, "s|m|1.1.2", { status: "blue", version: 1, note: "done" }))!;
    const summaryAfter = summarisePlan(after, asOf);

    assert.notEqual(after, before);
    assert.equal(milestoneOf(after.plan, "1.1.1"), milestoneOf(before.plan, "1.1.1"));
    assert.equal(after.milestones.get("1.1.1"), before.milestones.get("1.1.1"));
    assert.notEqual(milestoneOf(after.plan, "1.1.2"), milestoneOf(before.plan, "1.1.2"));
    assert.deepEqual([after.milestones.get("1.1.2")?.status, after.milestones.get("1.1.2")?.note], ["blue", "done"]);

    const summaries = (s: ReturnType<typeof summarisePlan>, id: string) => s.actions.flatMap((a) => a.milestones).find((m) => m.id === id)!;
    assert.equal(summaries(summaryAfter, "1.1.1"), summaries(summaryBefore, "1.1.1"));
    assert.equal(summaries(summaryAfter, "1.1.2").status, "blue");
    assert.equal(summaries(summaryBefore, "1.1.2").status, before.milestones.get("1.1.2")?.status);
    assert.equal(summaries(summaryAfter, "1.1.2").daysOverdue, null);
  });

  it("a kept summary is worked out again for another date", () => {
    const rows = storedRows(sample());
    const overdue = overdueMilestones(assemblePlan("p", rows)!, asOf)[0]!;
    const later = overdueMilestones(assemblePlan("p", rows)!, "2023-12-01").find((m) => m.id === overdue.id)!;
    assert.equal(later.daysOverdue, overdue.daysOverdue! + 30);
  });

  it("a kept summary is worked out again when only its owner's name changed (the milestone's own row did not)", () => {
    const plan = sample();
    const rows = storedRows(plan);
    const overdue = overdueMilestones(assemblePlan("p", rows)!, asOf)[0]!;
    const owner = overdue.owners[0]!;
    const person = plan.people.find((p) => p.id === owner.id)!;
    const renamed = assemblePlan("p", changed(rows, `s|p|${owner.id}`, { doc: JSON.stringify({ ...person, name: "Renamed Person" }) }))!;
    assert.equal(milestoneOf(renamed.plan, overdue.id), milestoneOf(assemblePlan("p", rows)!.plan, overdue.id), "the milestone's own objects are kept");
    const again = overdueMilestones(renamed, asOf).find((m) => m.id === overdue.id)!;
    assert.equal(again.owners.find((o) => o.id === owner.id)?.name, "Renamed Person");
    assert.equal(overdue.owners[0]!.name, person.name, "the earlier summary is not changed in place");
  });

  it("a kept summary is used only with the same state and the same action", () => {
    const view = assemblePlan("p", storedRows(sample()))!;
    const action = findAction(view.plan, "1.1")!;
    const milestone = action.milestones[0]!;
    const first = summariseMilestone(view, action, milestone, asOf);
    assert.equal(summariseMilestone(view, action, milestone, asOf), first);
    const moved = summariseMilestone(view, { ...action, id: "9.9" }, milestone, asOf);
    assert.equal(moved.actionId, "9.9");
    assert.equal(summariseMilestone(view, action, milestone, asOf).actionId, "1.1");
    const states = new Map(view.milestones);
    states.set(milestone.id, { ...view.milestones.get(milestone.id)!, status: "red", note: "late" });
    const restated = summariseMilestone({ ...view, milestones: states }, action, milestone, asOf);
    assert.deepEqual([restated.status, restated.note], ["red", "late"]);
  });

  it("an action's milestones follow a changed row into the right action", () => {
    const rows = storedRows(sample());
    const after = assemblePlan("p", changed(rows, "s|m|2.3.6", { status: "red", version: 1 }))!;
    assert.equal(findAction(after.plan, "2.3")?.milestones.find((m) => m.id === "2.3.6")?.status, "red");
    assert.deepEqual(after.plan.actions.map((a) => a.milestones.length), assemblePlan("p", rows)!.plan.actions.map((a) => a.milestones.length));
  });
});

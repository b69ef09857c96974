import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { cycleOf, duePrompts, type DuePromptsInput, type Reach } from "../../src/domain/duePrompts";
import { overdueMilestones } from "../../src/domain/milestones";
import { planSchema, type Plan } from "../../src/domain/plan";
import { viewOfPlan, type MilestoneState, type PlanView } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";

const reachable: Reach = { reachable: true };
const notLinked: Reach = { reachable: false, why: "not linked to a Teams user" };

function tinyPlan(milestones: Record<string, unknown>[]): Plan {
  return planSchema.parse({
    id: "tiny", title: "Tiny", localArea: "Test", startDate: "2023-05-01",
    areas: [{ id: "1", title: "Area", successCriteria: ["x"] }],
    people: [{ id: "lead", name: "Lee Lead" }, { id: "ann", name: "Ann" }, { id: "bob", name: "Bob" }],
    actions: [{ id: "1.1", title: "Action", area: "1", lead: "lead", due: "April 2024", milestones }],
  });
}

const withState = (view: PlanView, states: Record<string, Partial<MilestoneState>>): PlanView => {
  const milestones = new Map(view.milestones);
  for (const [id, state] of Object.entries(states)) milestones.set(id, { ...milestones.get(id)!, ...state });
  return { ...view, milestones };
};

const input = (view: PlanView, overrides: Partial<DuePromptsInput> = {}): DuePromptsInput => ({
  view, asOf: "2023-11-01", updates: [], records: [], reach: () => reachable, ...overrides,
});

describe("due prompts", () => {
  const plan = tinyPlan([
    { id: "m1", title: "Overdue", owners: ["ann"], due: "September 2023", status: "amber" },
    { id: "m2", title: "Also overdue", owners: ["ann"], due: "October 2023", status: "red" },
    { id: "m3", title: "Complete", owners: ["ann"], due: "June 2023", status: "blue" },
    { id: "m4", title: "Not yet due", owners: ["bob"], due: "December 2023", status: "green" },
    { id: "m5", title: "Ongoing", owners: ["bob"], start: "May 2023", ongoing: true, status: "green" },
    { id: "m6", title: "Nobody's", due: "August 2023", status: "amber" },
  ]);
  const view = viewOfPlan(plan);

  it("asks each owner once, for all their due milestones", () => {
    const { prompts } = duePrompts(input(view));
    assert.deepEqual(prompts.map((p) => [p.owner.id, p.milestones]), [["ann", ["m1", "m2"]], ["bob", ["m5"]], ["lead", ["m6"]]]);
    assert.equal(prompts[0]!.reasons.m1, "overdue since 30 Sep 2023");
    assert.equal(prompts[1]!.reasons.m5, "ongoing: no update this month");
  });

  const skips: [string, Partial<DuePromptsInput>, string, string][] = [
    ["a Blue milestone", {}, "m3", "blue"],
    ["a milestone not yet due", {}, "m4", "not-yet-due"],
  ];
  for (const [name, overrides, id, reason] of skips) {
    it(`skips ${name}`, () => assert.equal(duePrompts(input(view, overrides)).skipped.find((s) => s.milestoneId === id)?.reason, reason));
  }

  it("uses the owner's revised due date", () => {
    const revised = withState(view, { m1: { revisedDue: "2023-12-15" } });
    const { prompts, skipped } = duePrompts(input(revised));
    assert.deepEqual(prompts.find((p) => p.owner.id === "ann")?.milestones, ["m2"]);
    assert.equal(skipped.find((s) => s.milestoneId === "m1")?.reason, "not-yet-due");
  });

  it("waits for a snoozed milestone until the date given", () => {
    const snoozed = withState(view, { m2: { snoozedUntil: "2023-11-10" } });
    assert.equal(duePrompts(input(snoozed)).skipped.find((s) => s.milestoneId === "m2")?.reason, "snoozed");
    assert.ok(duePrompts(input(snoozed, { asOf: "2023-11-10" })).prompts.some((p) => p.milestones.includes("m2")));
  });

  it("does not ask an ongoing milestone updated this month, but does next month", () => {
    const updates = [{ milestoneId: "m5", at: "2023-11-01T09:00:00Z", source: "teams" }];
    assert.equal(duePrompts(input(view, { updates })).skipped.find((s) => s.milestoneId === "m5")?.reason, "not-yet-due");
    assert.ok(duePrompts(input(view, { updates, asOf: "2023-12-04" })).prompts.some((p) => p.milestones.includes("m5")));
    const imported = [{ milestoneId: "m5", at: "2023-11-01T09:00:00Z", source: "import" }];
    assert.ok(duePrompts(input(view, { updates: imported })).prompts.some((p) => p.milestones.includes("m5")), "an import is not an update");
  });

  it("asks about milestones falling due before the next board digest", () => {
    const { prompts } = duePrompts(input(view, { nextDigest: "2023-12-31" }));
    assert.deepEqual(prompts.find((p) => p.owner.id === "bob")?.milestones, ["m4", "m5"]);
  });

  it("does not ask again in the same cycle, but does in the next", () => {
    const records = [{ ownerId: "ann", cycle: "2023-11", milestoneIds: ["m1", "m2"] }];
    const same = duePrompts(input(view, { records }));
    assert.ok(!same.prompts.some((p) => p.owner.id === "ann"));
    assert.deepEqual(same.skipped.filter((s) => s.reason === "already-prompted").map((s) => [s.milestoneId, s.ownerId]), [["m1", "ann"], ["m2", "ann"]]);
    assert.ok(duePrompts(input(view, { records, asOf: "2023-12-01" })).prompts.some((p) => p.owner.id === "ann"));
  });

  it("sends an unreachable owner's milestones to their action lead, or says nobody can be reached", () => {
    const viaLead = duePrompts(input(view, { reach: (id) => (id === "ann" ? notLinked : reachable) }));
    assert.deepEqual(viaLead.prompts.find((p) => p.owner.id === "ann")?.delivery, { via: "action-lead", leads: [{ id: "lead", name: "Lee Lead" }], why: "not linked to a Teams user" });
    const nobody = duePrompts(input(view, { reach: () => notLinked }));
    assert.equal(nobody.prompts.find((p) => p.owner.id === "ann")?.delivery.via, "unreachable");
  });

  it("counts months as cycles", () => {
    assert.equal(cycleOf("2023-11-30"), "2023-11");
  });

  it("at 2023-11-01 the sample plan asks each owner of an overdue milestone once, for their overdue, not-Blue milestones", () => {
    const sample = viewOfPlan(planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8"))));
    const { prompts } = duePrompts(input(sample));
    const overdueByOwner = new Map<string, string[]>();
    for (const m of overdueMilestones(sample, "2023-11-01")) for (const o of m.owners) overdueByOwner.set(o.id, [...(overdueByOwner.get(o.id) ?? []), m.id]);
    for (const [owner, ids] of overdueByOwner) {
      const prompt = prompts.filter((p) => p.owner.id === owner);
      assert.equal(prompt.length, 1, owner);
      assert.deepEqual([...prompt[0]!.milestones].filter((id) => !sample.plan.actions.flatMap((a) => a.milestones).find((m) => m.id === id)?.ongoing).sort(), [...ids].sort(), owner);
    }
  });
});

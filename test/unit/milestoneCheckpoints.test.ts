import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { dueItemId, dueItems } from "../../src/domain/dueItems";
import { duePrompts } from "../../src/domain/duePrompts";
import { checkCheckpoint, checkpointDates, checkpointsInCycle, milestoneCheckpoints, parseCheckpointRule, type CheckpointRule } from "../../src/domain/milestoneCheckpoints";
import { planSchema, type Plan } from "../../src/domain/plan";
import { NO_RECORDS, type CheckpointRecord, type PlanRecords } from "../../src/domain/records";
import { viewOfPlan } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const stamp = { at: "2023-11-02T10:00:00.000Z", by: "aad-1", byName: "Fiona Turnbull", source: "teams", version: 1 };

describe("milestone checkpoints: rules", () => {
  const rules: [string, CheckpointRule | undefined][] = [
    ["2023-11-01; 2024-02-01", { kind: "dates", dates: ["2023-11-01", "2024-02-01"] }],
    ["2024-02-01, 2023-11-01 and 2023-11-01", { kind: "dates", dates: ["2023-11-01", "2024-02-01"] }],
    ["every 2 weeks", { kind: "weeks", every: 2 }],
    ["Fortnightly", { kind: "weeks", every: 2 }],
    ["every three months", { kind: "months", every: 3 }],
    ["at 6, 9 and 12 months from start", { kind: "monthsFromStart", months: [6, 9, 12] }],
    ["at 12, 6 months", { kind: "monthsFromStart", months: [6, 12] }],
    ["six-monthly", { kind: "months", every: 6 }],
    ["quarterly", { kind: "months", every: 3 }],
    ["every 0 weeks", undefined],
    ["now and then", undefined],
    ["2023-02-30", undefined],
    ["at 0 months", undefined],
  ];
  for (const [text, rule] of rules) it(`reads "${text}"`, () => assert.deepEqual(parseCheckpointRule(text), rule));

  // Each kind of rule, from a start to an end.
  const dates: [string, string, string, string[]][] = [
    ["2023-11-01; 2024-02-01", "2023-05-01", "2024-04-30", ["2023-11-01", "2024-02-01"]],
    ["every 2 weeks", "2024-01-01", "2024-02-20", ["2024-01-15", "2024-01-29", "2024-02-12"]],
    ["at 6, 9 and 12 months from start", "2023-05-01", "2024-04-30", ["2023-11-01", "2024-02-01", "2024-05-01"]],
    ["six-monthly", "2023-05-01", "2024-05-01", ["2023-11-01", "2024-05-01"]],
    ["monthly", "2024-01-31", "2024-04-30", ["2024-02-29", "2024-03-31", "2024-04-30"]],
  ];
  for (const [text, start, end, expected] of dates) {
    it(`"${text}" from ${start} to ${end} gives ${expected.join(", ")}`, () => assert.deepEqual(checkpointDates(parseCheckpointRule(text)!, start, end), expected));
  }

  it("the plan file refuses a rule it cannot read, with its place", () => {
    const plan = JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")) as { actions: { milestones: { checkpoints?: string }[] }[] };
    plan.actions[0]!.milestones[0]!.checkpoints = "when convenient";
    const parsed = planSchema.safeParse(plan);
    assert.equal(parsed.success, false);
    assert.ok(parsed.error!.issues.some((i) => i.path.join(".") === "actions.0.milestones.0.checkpoints" && /not a checkpoint rule/.test(i.message)));
  });
});

describe("milestone checkpoints in the sample", () => {
  const plan = sample();
  const m115 = plan.actions[0]!.milestones.find((m) => m.id === "1.1.5")!;
  const m244 = plan.actions.find((a) => a.id === "2.4")!.milestones.find((m) => m.id === "2.4.4")!;

  it("1.1.5 audits at 6, 9 and 12 months from the plan's start; recorded ones keep their state and note", () => {
    const records: CheckpointRecord[] = [{ ...stamp, milestoneId: "1.1.5", date: "2023-11-01", state: "done", note: "10% audited" }];
    assert.deepEqual(milestoneCheckpoints(m115, plan.startDate, records, "2024-01-15"), [
      { date: "2023-11-01", state: "done", note: "10% audited", by: "Fiona Turnbull" },
      { date: "2024-02-01", state: "upcoming" },
      { date: "2024-05-01", state: "upcoming" },
    ]);
  });

  it("2.4.4's fortnightly reviews fall twice in January 2024, asked together", () => {
    const checkpoints = milestoneCheckpoints(m244, plan.startDate, [], "2024-01-15");
    assert.deepEqual(checkpointsInCycle(checkpoints, "2024-01"), ["2024-01-05", "2024-01-19"]);
    assert.ok(checkpoints.every((c) => c.date <= "2024-04-30"), "not past its due date");
  });

  it("the checkpoints due in a cycle are asked once, in the owner's one message, and not again once asked", () => {
    const view = { ...viewOfPlan(plan), records: NO_RECORDS };
    const items = dueItems({ view, records: NO_RECORDS, asOf: "2024-01-02" });
    const amy = items.get("amy-joynes")!.filter((i) => i.kind === "checkpoint");
    assert.deepEqual(amy.map((i) => [dueItemId(i), i.kind === "checkpoint" ? i.dates : []]), [["checkpoint:2.4.4", ["2024-01-05", "2024-01-19"]]], "one item for both dates");
    const reachable = () => ({ reachable: true as const });
    const { prompts } = duePrompts({ view, asOf: "2024-01-02", updates: [], records: [], reach: reachable, items });
    const amyPrompts = prompts.filter((p) => p.owner.id === "amy-joynes");
    assert.equal(amyPrompts.length, 1, "one message");
    assert.ok(amyPrompts[0]!.items!.some((i) => dueItemId(i) === "checkpoint:2.4.4"));
    const asked = [{ ownerId: "amy-joynes", cycle: "2024-01", milestoneIds: [...amyPrompts[0]!.milestones, ...amyPrompts[0]!.items!.map(dueItemId)] }];
    const again = duePrompts({ view, asOf: "2024-01-20", updates: [], records: asked, reach: reachable, items: dueItems({ view, records: NO_RECORDS, asOf: "2024-01-20" }) });
    assert.ok(!again.prompts.some((p) => p.owner.id === "amy-joynes" && p.items?.some((i) => i.kind === "checkpoint")), "not asked twice in the month");
  });

  it("a recorded checkpoint is not asked for; the milestone's status does not change", () => {
    const records: PlanRecords = { ...NO_RECORDS, checkpoints: [{ ...stamp, milestoneId: "1.1.5", date: "2023-11-01", state: "missed" }] };
    const view = { ...viewOfPlan(plan), records };
    assert.ok(!(dueItems({ view, records, asOf: "2023-11-02" }).get("fiona-turnbull") ?? []).some((i) => i.kind === "checkpoint"));
    assert.ok((dueItems({ view: { ...view, records: NO_RECORDS }, records: NO_RECORDS, asOf: "2023-11-02" }).get("fiona-turnbull") ?? []).some((i) => i.kind === "checkpoint"));
    assert.equal(view.milestones.get("1.1.5")!.status, "green");
  });

  const refusals: [string, Parameters<typeof checkCheckpoint>[1], string][] = [
    ["a milestone without checkpoints", { milestone: "1.1.1", date: "2023-11-01", state: "done" }, "milestone"],
    ["no such milestone", { milestone: "9.9.9", date: "2023-11-01", state: "done" }, "milestone"],
    ["a date that is not a checkpoint", { milestone: "1.1.5", date: "2023-11-02", state: "done" }, "date"],
    ["a checkpoint still to come", { milestone: "1.1.5", date: "2024-02-01", state: "done" }, "date"],
    ["a state that is not done or missed", { milestone: "1.1.5", date: "2023-11-01", state: "half" }, "state"],
  ];
  for (const [what, input, field] of refusals) {
    it(`refuses ${what}`, () => {
      const checked = checkCheckpoint(plan, input, "2024-01-15");
      assert.equal(checked.ok, false);
      if (!checked.ok) assert.ok(checked.problems.some((p) => p.field === field), JSON.stringify(checked.problems));
    });
  }
  it("accepts a checkpoint that has come", () => assert.deepEqual(checkCheckpoint(plan, { milestone: "1.1.5", date: "2023-11-01", state: "Missed", note: " late " }, "2024-01-15"), { ok: true, value: { milestoneId: "1.1.5", date: "2023-11-01", state: "missed", note: "late" } }));
});

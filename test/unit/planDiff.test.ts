import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { planSchema, type Plan } from "../../src/domain/plan";
import { diffPlan, isUnchanged, type Actor } from "../../src/storage/planDiff";
import { planToRows, type StateRow } from "../../src/storage/planRows";
import { SAMPLE_PLAN } from "../support/paths";

const actor: Actor = { id: "cli:test", name: "Test", source: "import" };
const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

/** The rows an import of `plan` leaves in the store, as they would be read back. */
function storedRows(plan: Plan): StateRow[] {
  const { groups } = diffPlan(plan.id, planToRows(plan), [], actor, "2023-06-01T00:00:00Z");
  return groups.flat().filter((w) => w.entity.rowKey.startsWith("s|")).map((w, i) => ({ ...(w.entity as unknown as StateRow), etag: `etag-${i}`, removed: false }));
}

describe("import diff", () => {
  const definitionChanges: [string, (plan: Plan) => void, string, string][] = [
    ["a milestone's due date moved", (p) => (p.actions[0]!.milestones[1]!.due = "2024-09-30"), "h|m|1.1.2|0000000002", "due date moved from"],
    ["a milestone's owner changed", (p) => (p.actions[0]!.milestones[1]!.owners = ["julia-ridge"]), "h|m|1.1.2|0000000002", "owners changed from"],
    ["an action's lead changed", (p) => (p.actions[1]!.lead = "gemma-reeves"), "h|a|1.2|0000000001", "lead changed from claire-merchant-jones to gemma-reeves"],
    ["a KPI's target changed", (p) => (p.kpis[2]!.targets = { ...p.kpis[2]!.targets, m12: { value: 250 } }), "h|k|KPI 3|d|0000000001", "targets changed"],
    ["a KPI's owner changed", (p) => (p.kpis[6]!.owner = "julia-ridge"), "h|k|KPI 7|d|0000000001", "owner changed from claire-merchant-jones to julia-ridge"],
    ["a risk's review interval changed", (p) => (p.risks[0]!.reviewEveryMonths = 6), "h|r|R1|0000000001", "review interval (months) changed"],
  ];
  for (const [what, change, key, words] of definitionChanges) {
    it(`records ${what} as history with the source "import"`, () => {
      const plan = sample();
      const revised = structuredClone(plan);
      change(revised);
      const { groups } = diffPlan(plan.id, planToRows(revised), storedRows(plan), actor, "2023-07-01T00:00:00Z");
      const entry = groups.flat().find((w) => w.entity.rowKey === key);
      assert.ok(entry, `a history entry ${key}: ${groups.flat().map((w) => w.entity.rowKey).join(", ")}`);
      assert.equal(entry.entity.source, "import");
      assert.ok(String(entry.entity.note).includes(words), String(entry.entity.note));
    });
  }

  it("keeps a milestone added in the app (origin app): an older file neither removes nor changes it, and the report says so", () => {
    const plan = sample();
    const withApp = structuredClone(plan);
    const origin = { kind: "app" as const, from: "dfe-nhse-review 2024-01-04 ER1", at: "2024-01-20T10:00:00Z", by: "Admin" };
    withApp.actions[0]!.milestones.push({ id: "1.1.6", title: "Head teacher forum", owners: ["fiona-turnbull"], due: "2024-06-30", ongoing: false, status: "unrated", origin });
    const stored = storedRows(withApp);
    const older = diffPlan(plan.id, planToRows(plan), stored, actor, "2024-02-01T00:00:00Z");
    assert.deepEqual([older.report.removed, older.report.keptFromApp], [[], [{ kind: "milestone", id: "1.1.6" }]]);
    assert.ok(!older.groups.flat().some((w) => w.entity.rowKey === "s|m|1.1.6"), "no write to it");
    const edited = structuredClone(withApp);
    edited.actions[0]!.milestones[5]!.title = "Renamed by an old file";
    delete edited.actions[0]!.milestones[5]!.origin;
    const changed = diffPlan(plan.id, planToRows(edited), stored, actor, "2024-02-01T00:00:00Z");
    assert.deepEqual([changed.report.changed, changed.report.keptFromApp], [[], [{ kind: "milestone", id: "1.1.6" }]]);
    // A milestone from a file (no origin) is removed as before.
    const fileOnly = structuredClone(withApp);
    delete fileOnly.actions[0]!.milestones[5]!.origin;
    assert.deepEqual(diffPlan(plan.id, planToRows(plan), storedRows(fileOnly), actor, "2024-02-01T00:00:00Z").report.removed, [{ kind: "milestone", id: "1.1.6" }]);
  });

  it("leaves recorded measurements, findings and commentary alone", () => {
    const plan = sample();
    const record = { partitionKey: plan.id, rowKey: "s|km|KPI 7|_|2023-10", etag: "e", kind: "measurement" as const, position: 0, doc: "{}", removed: false, version: 1 };
    const { report, groups } = diffPlan(plan.id, planToRows(plan), [...storedRows(plan), record], actor, "2023-07-01T00:00:00Z");
    assert.ok(isUnchanged(report));
    assert.equal(groups.length, 0);
  });

  it("writes every row of a new plan, meta last, each milestone with its history entry", () => {
    const { report, groups } = diffPlan("somerset-app", planToRows(sample()), [], actor, "2023-06-01T00:00:00Z");
    assert.equal(report.newPlan, true);
    assert.equal(report.added.filter((c) => c.kind === "milestone").length, 47);
    assert.equal(groups[groups.length - 1]![0]!.entity.rowKey, "s|meta");
    const milestoneGroup = groups.find((g) => g[0]!.entity.rowKey === "s|m|1.2.1")!;
    assert.deepEqual(milestoneGroup.map((w) => [w.op, w.entity.rowKey]), [["create", "s|m|1.2.1"], ["create", "h|m|1.2.1|0000000001"]]);
  });

  it("writes nothing when the same plan is imported again", () => {
    const plan = sample();
    const { report, groups } = diffPlan(plan.id, planToRows(plan), storedRows(plan), actor, "2023-07-01T00:00:00Z");
    assert.ok(isUnchanged(report));
    assert.equal(groups.length, 0);
  });

  it("reports added, changed and removed, updating with the ETag read and keeping recorded statuses", () => {
    const plan = sample();
    const stored = storedRows(plan);
    const revised = structuredClone(plan);
    revised.actions[0]!.milestones[0]!.title = "A new title";
    revised.actions[0]!.milestones[0]!.status = "red";
    revised.actions[0]!.milestones.pop();
    revised.actions[0]!.milestones.push({ id: "1.1.9", title: "New", owners: ["fiona-turnbull"], due: "2024-06-30", ongoing: false, status: "green" });
    const { report, groups } = diffPlan(plan.id, planToRows(revised), stored, actor, "2023-07-01T00:00:00Z");
    assert.deepEqual(report.added, [{ kind: "milestone", id: "1.1.9" }]);
    assert.deepEqual(report.changed, [{ kind: "milestone", id: "1.1.1", fields: ["title"] }]);
    assert.deepEqual(report.removed, [{ kind: "milestone", id: "1.1.5" }]);
    assert.deepEqual(report.statusesKept, [{ id: "1.1.1", recorded: "blue", inFile: "red" }]);
    const update = groups.flat().find((w) => w.entity.rowKey === "s|m|1.1.1")!;
    assert.equal(update.op, "update");
    assert.ok(update.op === "update" && update.etag.startsWith("etag-"));
    assert.equal(update.entity.status, undefined, "an import never writes a recorded status");
    const tombstone = groups.flat().find((w) => w.entity.rowKey === "s|m|1.1.5")!;
    assert.deepEqual(tombstone.op === "update" && tombstone.entity, { partitionKey: plan.id, rowKey: "s|m|1.1.5", removed: true, version: 2 });
    // Each definition change leaves a history entry (source "import") in the row's own transaction.
    const changeGroup = groups.find((g) => g[0]!.entity.rowKey === "s|m|1.1.1")!;
    assert.deepEqual(changeGroup.map((w) => w.entity.rowKey), ["s|m|1.1.1", "h|m|1.1.1|0000000002"]);
    assert.match(String(changeGroup[1]!.entity.note), /^Changed by import: title changed from .* to A new title$/);
    assert.equal(changeGroup[1]!.entity.source, "import");
    assert.deepEqual(groups.find((g) => g[0]!.entity.rowKey === "s|m|1.1.5")!.map((w) => [w.entity.rowKey, w.entity.note]), [["s|m|1.1.5", undefined], ["h|m|1.1.5|0000000002", "Removed from the plan by import"]]);
  });

  it("brings a removed milestone back with its recorded state", () => {
    const plan = sample();
    const stored = storedRows(plan).map((row) => (row.rowKey === "s|m|1.1.5" ? { ...row, removed: true } : row));
    const { report, groups } = diffPlan(plan.id, planToRows(plan), stored, actor, "2023-07-01T00:00:00Z");
    assert.deepEqual(report.added, [{ kind: "milestone", id: "1.1.5" }]);
    const revive = groups.flat().find((w) => w.entity.rowKey === "s|m|1.1.5")!;
    assert.equal(revive.op, "update");
    assert.equal(revive.entity.removed, false);
    assert.equal(revive.entity.status, undefined, "the recorded status is kept");
    assert.equal(revive.entity.version, 2, "the return is history entry 2");
  });
});

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
    assert.deepEqual(tombstone.op === "update" && tombstone.entity, { partitionKey: plan.id, rowKey: "s|m|1.1.5", removed: true });
  });

  it("brings a removed milestone back with its recorded state", () => {
    const plan = sample();
    const stored = storedRows(plan).map((row) => (row.rowKey === "s|m|1.1.5" ? { ...row, removed: true } : row));
    const { report, groups } = diffPlan(plan.id, planToRows(plan), stored, actor, "2023-07-01T00:00:00Z");
    assert.deepEqual(report.added, [{ kind: "milestone", id: "1.1.5" }]);
    const revive = groups.flat().find((w) => w.entity.rowKey === "s|m|1.1.5")!;
    assert.equal(revive.op, "update");
    assert.equal(revive.entity.removed, false);
    assert.equal(revive.entity.version, undefined);
  });
});

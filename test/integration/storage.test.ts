import { strict as assert } from "node:assert";
import { odata, TableClient } from "@azure/data-tables";
import { planSchema } from "../../src/domain/plan";
import { summarisePlan } from "../../src/domain/summaries";
import { isPlanTrackerError, type PlanTrackerError } from "../../src/errors";
import type { App } from "../../src/index";
import { PlanService } from "../../src/app/planService";
import { CatalogRepository } from "../../src/storage/catalogRepository";
import { PlanRepository } from "../../src/storage/planRepository";
import type { StateRow } from "../../src/storage/planRows";
import { syntheticPlan } from "../support/syntheticPlan";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { admin, openTestApp, sampleJson, sampleText, testConnectionString } from "../support/testApp";

/** Every entity of the app's plans table with its ETag, to prove a failed import wrote nothing. */
async function snapshot(app: App): Promise<Map<string, string>> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}plans`, { allowInsecureConnection: true });
  const rows = new Map<string, string>();
  for await (const entity of table.listEntities()) rows.set(`${entity.partitionKey}/${entity.rowKey}`, entity.etag);
  return rows;
}

describe("Azure Tables storage (Azurite)", function () {
  let app: App;

  beforeEach(async () => {
    app = await openTestApp();
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  afterEach(async () => app.close());

  it("stores the sample plan and reads it back as seed 003's table", async () => {
    const view = await app.plans.view("somerset-app");
    const summary = summarisePlan(view, "2023-11-01");
    assert.deepEqual(
      summary.actions.map((a) => ({ action: a.id, counts: { blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red }, overall: a.overall })),
      SEED_003_TABLE,
    );
    assert.deepEqual(view.plan, planSchema.parse(JSON.parse(sampleText())), "the stored plan is the imported one");
  });

  it("reads the whole sample plan with one query after the head's point read", async () => {
    const { result, requests } = await app.requestCounter.measure(() => app.plans.view("somerset-app"));
    assert.equal(result.plan.actions.length, 10);
    assert.equal(requests, 2);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await snapshot(app);
    const report = await app.plans.importFile("somerset-app.json", sampleText(), admin);
    assert.deepEqual([report.added, report.changed, report.removed, report.newPlan], [[], [], [], false]);
    assert.deepEqual(await snapshot(app), before);
  });

  it("a revised plan keeps the recorded status and history of unchanged milestones, and reports the differences", async () => {
    await app.plans.recordMilestoneUpdate("somerset-app", "1.2.1", { status: "amber", note: "Contact system live in two teams" }, admin);
    const revised = sampleJson();
    revised.actions[1]!.milestones[0]!.title = "Establish a contact system for every new EHCP";
    revised.actions[1]!.milestones[0]!.status = "red";
    revised.actions[1]!.milestones.splice(4, 1);
    revised.actions[1]!.milestones.push({ id: "1.2.6", title: "A new milestone", owners: ["gemma-reeves"], due: "June 2024" });
    const report = await app.plans.importFile("revised.json", JSON.stringify(revised), admin);
    assert.deepEqual(report.added, [{ kind: "milestone", id: "1.2.6" }]);
    assert.deepEqual(report.changed, [{ kind: "milestone", id: "1.2.1", fields: ["title"] }]);
    assert.deepEqual(report.removed, [{ kind: "milestone", id: "1.2.5" }]);
    assert.deepEqual(report.statusesKept, [{ id: "1.2.1", recorded: "amber", inFile: "red" }]);

    const view = await app.plans.view("somerset-app");
    const action = view.plan.actions.find((a) => a.id === "1.2")!;
    assert.deepEqual(action.milestones.map((m) => m.id), ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.6"]);
    assert.equal(view.milestones.get("1.2.1")?.status, "amber");
    assert.equal(view.milestones.get("1.2.1")?.note, "Contact system live in two teams");
    const history = await app.plans.milestoneHistory("somerset-app", "1.2.1");
    // The import's change of its definition is history too (source "import"), leaving the recorded status as it was.
    assert.deepEqual(history.map((h) => [h.version, h.oldStatus, h.newStatus]), [[1, undefined, "red"], [2, "red", "amber"], [3, "amber", "amber"]]);
    assert.match(history[2]!.note!, /^Changed by import: title changed from .* to Establish a contact system for every new EHCP$/);
    const removed = await app.plans.milestoneHistory("somerset-app", "1.2.5");
    assert.deepEqual(removed.map((h) => h.note), ["Added by plan import", "Removed from the plan by import"], "a removed milestone keeps its history, and its removal is in it");
  });

  it("a milestone removed and brought back keeps its version, so its history keys never collide", async () => {
    await app.plans.recordMilestoneUpdate("somerset-app", "1.1.5", { status: "amber" }, admin);
    const without = sampleJson();
    without.actions[0]!.milestones.pop();
    await app.plans.importFile("without.json", JSON.stringify(without), admin);
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
    const recorded = await app.plans.recordMilestoneUpdate("somerset-app", "1.1.5", { status: "blue" }, admin);
    // 1 added, 2 amber, 3 removed by import, 4 restored by import, 5 blue.
    assert.equal(recorded.version, 5);
    assert.deepEqual((await app.plans.milestoneHistory("somerset-app", "1.1.5")).map((h) => h.version), [1, 2, 3, 4, 5]);
  });

  it("a bad plan file (KPI 1 at 900%) writes nothing and names the problem's location", async () => {
    const before = await snapshot(app);
    const bad = sampleJson();
    (bad.kpis[0] as { targets: { m12: unknown } }).targets.m12 = { value: 900 };
    bad.title = "A changed title that must not be written";
    await assert.rejects(app.plans.importFile("bad.json", JSON.stringify(bad), admin), (error: PlanTrackerError) => {
      assert.equal(error.code, "invalid-input");
      assert.deepEqual(error.problems, ["kpis[0].targets.m12: 900% is above 100%"]);
      return true;
    });
    assert.deepEqual(await snapshot(app), before);
  });

  it("a bad CSV writes nothing and names each bad row", async () => {
    const before = await snapshot(app);
    const csv = "Action,Milestone ID,Title,Owner,Start,Due,Status\n1.1,1.1.1,Changed title,Fiona Turnbull,,July 2023,Blue\n1.1,1.1.2,x,Fiona Turnbull,,Septembr 2023,Green\n";
    await assert.rejects(app.plans.importFile("plan.csv", csv, admin), (error: PlanTrackerError) => {
      assert.deepEqual(error.problems, ['row 3: due "Septembr 2023" is not a date']);
      return true;
    });
    assert.deepEqual(await snapshot(app), before);
  });

  it("a CSV revises the milestones of the stored plan", async () => {
    const csv = "Action,Milestone ID,Title,Owner,Start,Due,Status\n1.1,1.1.1,Inclusion Advisory Services trained,Fiona Turnbull,,July 2023,Blue\n";
    const report = await app.plans.importFile("milestones.csv", csv, admin);
    assert.equal(report.removed.length, 46);
    assert.deepEqual(report.changed, [{ kind: "milestone", id: "1.1.1", fields: ["title"] }]);
    const view = await app.plans.view("somerset-app");
    assert.equal(view.plan.actions.flatMap((a) => a.milestones).length, 1);
  });

  it("of two concurrent updates of one milestone exactly one wins; the other gets a conflict and history stays whole", async () => {
    const version = (await app.plans.view("somerset-app")).milestones.get("1.2.4")!.version;
    const attempts = await Promise.allSettled(
      ["green", "red"].map((status) => app.plans.recordMilestoneUpdate("somerset-app", "1.2.4", { status: status as "green" | "red", note: `set ${status}` }, admin, version)),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(isPlanTrackerError(lost[0]!.reason, "conflict"), String(lost[0]!.reason));
    const history = await app.plans.milestoneHistory("somerset-app", "1.2.4");
    assert.equal(history.length, 2, "the import's entry and the winner's");
    const state = (await app.plans.view("somerset-app")).milestones.get("1.2.4")!;
    assert.equal(state.note, history[1]!.note);
    assert.equal(state.version, 2);
  });

  it("twenty concurrent updates without an expected version: each lands once or is told, and history matches", async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => app.plans.recordMilestoneUpdate("somerset-app", "2.4.1", { status: i % 2 ? "green" : "red", note: `update ${i}` }, admin)),
    );
    const won = attempts.filter((a) => a.status === "fulfilled").length;
    assert.ok(won >= 1);
    assert.ok(attempts.every((a) => a.status === "fulfilled" || isPlanTrackerError(a.reason, "conflict")));
    const history = await app.plans.milestoneHistory("somerset-app", "2.4.1");
    assert.equal(history.length, 1 + won);
    assert.deepEqual(history.map((h) => h.version), Array.from({ length: 1 + won }, (_, i) => i + 1));
  });

  it("an override is stored with its reason and history, and can be cleared", async () => {
    await app.plans.setActionOverride("somerset-app", "1.2", { status: "amber", reason: "Recovery plan agreed with DfE" }, admin);
    let summary = summarisePlan(await app.plans.view("somerset-app"), "2023-11-01").actions[1]!;
    assert.deepEqual([summary.derived, summary.overall, summary.override?.reason], ["red", "amber", "Recovery plan agreed with DfE"]);
    await app.plans.setActionOverride("somerset-app", "1.2", null, admin);
    summary = summarisePlan(await app.plans.view("somerset-app"), "2023-11-01").actions[1]!;
    assert.deepEqual([summary.overall, summary.override], ["red", null]);
  });

  it("plan reads are shared and exact: fifty at once make one look; an unchanged plan costs one point read; a write in another instance is seen by the next look here", async () => {
    await app.plans.view("somerset-app");
    const concurrent = await app.requestCounter.measure(() => Promise.all(Array.from({ length: 50 }, () => app.plans.view("somerset-app"))));
    assert.equal(concurrent.requests, 1, "one look at the head, shared");
    const unchanged = await app.requestCounter.measure(() => app.plans.view("somerset-app"));
    assert.equal(unchanged.requests, 1, "unchanged: the head's point read only");
    // A write through this process is one transaction (with the head), no read.
    const version = (await app.plans.view("somerset-app")).milestones.get("1.2.2")!.version;
    const write = await app.requestCounter.measure(() => app.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "amber", note: "here" }, admin, version));
    assert.equal(write.requests, 1, "an update of a row this process just read is one entity-group transaction, no read");
    const changed = await app.requestCounter.measure(() => app.plans.view("somerset-app"));
    assert.equal(changed.result.milestones.get("1.2.2")?.note, "here");
    assert.equal(changed.requests, 2, "changed: the head, and one query returning the rows written since");
    // Two more instances (each its own cache) on the same store: a write in one is seen by the very next look in the other.
    const other = await openTestApp({ tablePrefix: app.config.tablePrefix });
    const mine = await openTestApp({ tablePrefix: app.config.tablePrefix });
    try {
      await mine.plans.view("somerset-app");
      const v = (await other.plans.view("somerset-app")).milestones.get("1.2.2")!.version;
      await other.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "red", note: "there" }, admin, v);
      assert.equal((await mine.plans.view("somerset-app")).milestones.get("1.2.2")?.note, "there");
      await other.plans.setActionOverride("somerset-app", "1.2", { status: "amber", reason: "seen elsewhere" }, admin);
      assert.equal((await mine.plans.view("somerset-app")).overrides.get("1.2")?.reason, "seen elsewhere");
      await other.plans.setActionOverride("somerset-app", "1.2", null, admin);
      assert.equal((await mine.plans.view("somerset-app")).overrides.get("1.2"), undefined);
      // A link written in one instance is seen by the next turn's lookup in the other.
      await mine.plans.view("somerset-app");
      assert.equal(await mine.links.personFor("somerset-app", "aad-seen-elsewhere"), undefined);
      await other.links.link("somerset-app", "amy-joynes", { aadObjectId: "aad-seen-elsewhere", name: "Amy" }, "manual", "test");
      await mine.plans.view("somerset-app");
      assert.equal(await mine.links.personFor("somerset-app", "aad-seen-elsewhere"), "amy-joynes");
      // A stale view cannot overwrite: the write is conditional on the stored row.
      await assert.rejects(mine.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "green", note: "stale" }, admin, v), (e: PlanTrackerError) => e.code === "conflict");
      // An import in one instance is seen whole by the next look in the other.
      const plan = planSchema.parse(JSON.parse(sampleText()));
      plan.actions[0]!.milestones[0]!.title = "Renamed by an import elsewhere";
      await other.plans.importPlan(plan, admin);
      assert.equal((await mine.plans.view("somerset-app")).plan.actions[0]!.milestones[0]!.title, "Renamed by an import elsewhere");
    } finally {
      await other.close();
      await mine.close();
    }
  });

  it("a turn after an update elsewhere reads the head and the changed rows only; a link, an admin or a new plan elsewhere is read again", async () => {
    const other = await openTestApp({ tablePrefix: app.config.tablePrefix });
    try {
      // What a turn reads: the plans (catalog), the plan, the sender's link and the admins.
      const turn = async () => {
        await app.plans.listPlans();
        await app.plans.view("somerset-app");
        return { person: await app.links.personFor("somerset-app", "aad-turn"), admin: await app.admins.isAdmin("somerset-app", "aad-turn") };
      };
      // The first look at a plan makes the next turn read the catalog again (it may be older than the plan).
      await turn();
      await turn();
      assert.equal((await app.requestCounter.measure(turn)).requests, 1, "unchanged: the head only");

      const v = (await other.plans.view("somerset-app")).milestones.get("1.2.2")!.version;
      await other.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "red", note: "elsewhere" }, admin, v);
      const afterUpdate = await app.requestCounter.measure(turn);
      assert.equal(afterUpdate.requests, 2, "an update: the head and the rows written since; links, admins and the catalog are held");
      assert.equal((await app.plans.view("somerset-app")).milestones.get("1.2.2")?.note, "elsewhere");

      await other.links.link("somerset-app", "amy-joynes", { aadObjectId: "aad-turn", name: "Amy" }, "manual", "test");
      const afterLink = await app.requestCounter.measure(turn);
      assert.equal(afterLink.result.person, "amy-joynes", "a link elsewhere is seen by the next turn");
      assert.equal(afterLink.requests, 4, "a link: the head, the rows since (none), and the links and admins again");
      assert.equal((await app.requestCounter.measure(turn)).requests, 2, "and the catalog on the turn after (a turn lists the plans before it looks at one)");

      await other.admins.add("somerset-app", "aad-turn", "test");
      assert.equal((await turn()).admin, true, "an admin added elsewhere is seen by the next turn");

      const second = planSchema.parse(JSON.parse(sampleText()));
      second.id = "second-plan";
      await other.plans.importPlan(second, admin);
      await turn();
      assert.deepEqual((await app.plans.listPlans()).map((p) => p.id).sort(), ["second-plan", "somerset-app"], "a plan added elsewhere is listed after the next turn");
      // A new title touches only its own plan (a dry run of another plan stays valid): seen by a look at that plan.
      await app.plans.view("second-plan");
      await app.plans.listPlans();
      const somersetHead = await app.plans.headTag("somerset-app");
      second.title = "Retitled elsewhere";
      await other.plans.importPlan(second, admin);
      assert.equal(await app.plans.headTag("somerset-app"), somersetHead, "the other plan's head is as it was");
      await app.plans.view("second-plan");
      assert.equal((await app.plans.listPlans()).find((p) => p.id === "second-plan")?.title, "Retitled elsewhere", "and a plan retitled elsewhere");
    } finally {
      await other.close();
    }
  });

  it("a head from before access tags: links and admins are kept on its ETag, so read again after every update", async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}plans`, { allowInsecureConnection: true });
    const { etag: _etag, timestamp: _timestamp, access: _access, ...head } = await table.getEntity<Record<string, unknown>>("somerset-app", "head");
    await table.updateEntity(head as { partitionKey: string; rowKey: string }, "Replace");
    const turn = async () => {
      await app.plans.view("somerset-app");
      await app.links.personFor("somerset-app", "aad-turn");
      await app.admins.isAdmin("somerset-app", "aad-turn");
    };
    await turn();
    assert.equal((await app.requestCounter.measure(turn)).requests, 1, "unchanged: the head only");
    const v = (await app.plans.view("somerset-app")).milestones.get("1.2.2")!.version;
    await app.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "red", note: "old head" }, admin, v);
    assert.equal((await app.requestCounter.measure(turn)).requests, 4, "the head, the rows since, the links and the admins");
  });

  it("a touch of the head lands even when an update raises the head between its read and its write", async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}plans`, { allowInsecureConnection: true });
    const access = async () => (await table.getEntity<{ access?: string }>("somerset-app", "head")).access;
    const before = await access();
    assert.equal(typeof before, "string", "a head is created with an access tag");
    // The first transaction the touch submits finds the head raised by an update from another instance.
    let raced = false;
    class RacedRepository extends PlanRepository {
      override async readHead(planId: string) {
        const head = await super.readHead(planId);
        if (!raced) {
          raced = true;
          const v = (await app.plans.view(planId)).milestones.get("1.2.2")!.version;
          await app.plans.recordMilestoneUpdate(planId, "1.2.2", { status: "amber", note: "in between" }, admin, v);
        }
        return head;
      }
    }
    await new RacedRepository(table).touchHead("somerset-app");
    assert.ok(raced);
    assert.equal((await app.plans.view("somerset-app")).milestones.get("1.2.2")?.note, "in between");
    const after = await access();
    assert.notEqual(after, before, "the touch was tried again on the raised head");
    // An update keeps the tag: it is what links and admins are held on.
    const v = (await app.plans.view("somerset-app")).milestones.get("1.2.2")!.version;
    await app.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "green", note: "later" }, admin, v);
    assert.equal(await access(), after);
  });

  it("looks that overlap: when an older read lands after a newer one, the next look still shows the latest write", async () => {
    const table = (name: string) => TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}${name}`, { allowInsecureConnection: true });
    // A repository whose next read of changed rows is held back, after it has read, until released.
    let holdNext: Promise<void> | undefined;
    let heldBack = () => {};
    class HeldBackRepository extends PlanRepository {
      override async readStateRows(planId: string, sinceRevision?: number): Promise<StateRow[]> {
        const rows = await super.readStateRows(planId, sinceRevision);
        const hold = sinceRevision === undefined ? undefined : holdNext;
        if (hold) {
          holdNext = undefined;
          heldBack();
          await hold;
        }
        return rows;
      }
    }
    const here = new PlanService(new HeldBackRepository(table("plans")), new CatalogRepository(table("catalog")));
    const noteHere = async (options?: { fresh?: boolean }) => (await here.view("somerset-app", options)).milestones.get("1.2.2")?.note;
    const version = (await here.view("somerset-app")).milestones.get("1.2.2")!.version;

    await app.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "amber", note: "first" }, admin, version);
    let release = () => {};
    holdNext = new Promise<void>((resolve) => (release = resolve));
    const readFirst = new Promise<void>((resolve) => (heldBack = resolve));
    const older = noteHere({ fresh: true });
    await readFirst;
    await app.plans.recordMilestoneUpdate("somerset-app", "1.2.2", { status: "red", note: "second" }, admin, version + 1);
    assert.equal(await noteHere({ fresh: true }), "second");
    release();
    assert.ok(["first", "second"].includes((await older)!), "the older look shows what it read, or newer");
    assert.equal(await noteHere(), "second", "the older look, landing last, did not take the plan back");
    assert.equal(await noteHere(), "second");
  });

  it("an update of an unknown milestone is refused", async () => {
    await assert.rejects(app.plans.recordMilestoneUpdate("somerset-app", "9.9.9", { status: "red" }, admin), (e: PlanTrackerError) => e.code === "not-found");
  });

  it("reads a plan of 2,500 milestones past the 1,000-entity page limit, one request per 1,000 entities", async function () {
    this.timeout(60_000);
    const big = syntheticPlan({ milestones: 2500, id: "big-2500" });
    await app.plans.importPlan(big, admin);
    const table = TableClient.fromConnectionString(testConnectionString(), `${app.config.tablePrefix}plans`, { allowInsecureConnection: true });
    let stateRows = 0;
    for await (const _ of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${big.id} and RowKey ge 's|' and RowKey lt 's}'` } })) stateRows++;
    const { result, requests } = await app.requestCounter.measure(() => app.plans.view(big.id));
    assert.equal(result.plan.actions.flatMap((a) => a.milestones).length, 2500);
    assert.equal(requests, 1 + Math.ceil(stateRows / 1000), "the head, then a request per 1,000 entities");
    assert.equal(requests, 4);
  });
});

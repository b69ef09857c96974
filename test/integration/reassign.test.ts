import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPlanTrackerError } from "../../src/errors";
import type { App } from "../../src/index";
import { runCli } from "../support/cli";
import { SAMPLE_PLAN } from "../support/paths";
import { admin, openTestApp, sampleText, testConnectionString, uniquePrefix } from "../support/testApp";

const PLAN = "somerset-app";
const LEAVER = "claire-merchant-jones";
const SUCCESSOR = "rose-firth";

describe("reassign, and changes made in the app winning over an older plan file (Azurite)", function () {
  this.timeout(120_000);
  let app: App;

  beforeEach(async () => {
    app = await openTestApp();
    await app.plans.importFile("somerset-app.json", sampleText(), admin);
  });
  afterEach(async () => app.close());

  it("a preview lists what would move and writes nothing; the move changes every owner and lead, with history", async () => {
    const headBefore = await app.plans.headTag(PLAN);
    const preview = await app.reassign(PLAN, LEAVER, SUCCESSOR, admin, "Claire left the council", { preview: true });
    assert.equal(preview.done, false);
    for (const label of ["action 1.1 (lead)", "KPI KPI 1 (owner)", "QI a1-qi1 (owner)", "risk R1 (owner)"]) assert.ok(preview.moves.includes(label), label);
    assert.equal(await app.plans.headTag(PLAN), headBefore, "a preview writes nothing");

    const done = await app.reassign(PLAN, LEAVER, SUCCESSOR, admin, "Claire left the council");
    assert.equal(done.done, true);
    assert.deepEqual(done.moves, preview.moves);
    const plan = (await app.plans.view(PLAN, { fresh: true })).plan;
    const named = JSON.stringify({ actions: plan.actions, kpis: plan.kpis, qis: plan.qis, risks: plan.risks });
    assert.ok(!named.includes(`"${LEAVER}"`), "the leaver owns and leads nothing");
    assert.equal(plan.actions.find((a) => a.id === "1.1")!.lead, SUCCESSOR);

    // Milestone owners: someone who owns milestones hands them over, keeping the other owners in place.
    const owner = await app.reassign(PLAN, "amy-joynes", "gemma-reeves", admin, "Claire left the council");
    const moved = plan.actions.flatMap((a) => a.milestones).filter((m) => owner.moves.includes(`milestone ${m.id} (owner)`));
    assert.ok(moved.length > 0);
    const milestone = moved[0]!;
    const after = (await app.plans.view(PLAN, { fresh: true })).plan.actions.flatMap((a) => a.milestones).find((m) => m.id === milestone.id)!;
    assert.deepEqual(after.owners, [...new Set(milestone.owners.map((o) => (o === "amy-joynes" ? "gemma-reeves" : o)))]);
    const history = await app.plans.milestoneHistory(PLAN, milestone.id);
    const last = history.at(-1)!;
    assert.equal(last.source, "cli");
    assert.equal(last.byName, admin.name);
    assert.match(last.note ?? "", /owners changed from .*amy-joynes.* to .*gemma-reeves/);
    assert.match(last.note ?? "", /Reason: Reassigned from Amy/);
    assert.match(last.note ?? "", /Claire left the council/);
    for (const target of ["1.1", "KPI 1", "a1-qi1", "R1"]) {
      const { entries } = await app.records.history(PLAN, target);
      assert.ok(entries.some((e) => /Claire left the council/.test(e.note ?? "")), `history of ${target}`);
    }
  });

  it("refuses an unknown person and a move to the same person, writing nothing", async () => {
    const headBefore = await app.plans.headTag(PLAN);
    await assert.rejects(app.reassign(PLAN, "no-such-person", SUCCESSOR, admin, "x"), (error) => isPlanTrackerError(error, "not-found"));
    await assert.rejects(app.reassign(PLAN, LEAVER, "nobody-at-all", admin, "x"), (error) => isPlanTrackerError(error, "not-found"));
    await assert.rejects(app.reassign(PLAN, LEAVER, LEAVER, admin, "x"), (error) => isPlanTrackerError(error, "invalid-input"));
    assert.equal(await app.plans.headTag(PLAN), headBefore);
  });

  it("a later import of the old file keeps the app's values and lists the conflicts, unless it overwrites", async () => {
    await app.reassign(PLAN, LEAVER, SUCCESSOR, admin, "Claire left the council");
    const dryRun = await app.plans.importFile("somerset-app.json", sampleText(), admin, { dryRun: true });
    const lead = dryRun.conflicts.find((c) => c.kind === "action" && c.id === "1.1" && c.field === "lead");
    assert.deepEqual(lead && { app: lead.appValue, file: lead.fileValue, kept: lead.kept }, { app: SUCCESSOR, file: LEAVER, kept: "app" });
    assert.ok(dryRun.conflicts.some((c) => c.kind === "meta" && c.field === "qis.a1-qi1.owner"));
    assert.deepEqual(dryRun.changed, [], "keeping the app's values, the old file changes nothing");

    await app.plans.importFile("somerset-app.json", sampleText(), admin);
    let plan = (await app.plans.view(PLAN, { fresh: true })).plan;
    assert.equal(plan.actions.find((a) => a.id === "1.1")!.lead, SUCCESSOR, "the import kept the app's value");
    assert.equal(plan.risks.find((r) => r.id === "R1")!.owner, SUCCESSOR);
    assert.ok((await app.plans.importFile("somerset-app.json", sampleText(), admin, { dryRun: true })).conflicts.length > 0, "still a conflict next time");

    const overwritten = await app.plans.importFile("somerset-app.json", sampleText(), admin, { overwrite: true });
    assert.ok(overwritten.conflicts.length > 0 && overwritten.conflicts.every((c) => c.kept === "file"));
    plan = (await app.plans.view(PLAN, { fresh: true })).plan;
    assert.equal(plan.actions.find((a) => a.id === "1.1")!.lead, LEAVER, "--overwrite lets the file win");
    assert.equal(plan.qis.find((q) => q.id === "a1-qi1")!.owner, LEAVER);
    assert.deepEqual((await app.plans.importFile("somerset-app.json", sampleText(), admin, { dryRun: true })).conflicts, [], "the markers are settled");
  });

  it("a file without a definition changed in the app does not remove it, unless it overwrites", async () => {
    await app.reassign(PLAN, LEAVER, SUCCESSOR, admin, "Claire left the council");
    const without = JSON.parse(sampleText()) as { risks: { id: string }[] };
    without.risks = without.risks.filter((r) => r.id !== "R1");
    const kept = await app.plans.importFile("somerset-app.json", JSON.stringify(without), admin, { dryRun: true });
    assert.ok(!kept.removed.some((r) => r.kind === "risk" && r.id === "R1"));
    assert.ok(kept.conflicts.some((c) => c.kind === "risk" && c.id === "R1" && c.kept === "app" && c.field.startsWith("(the whole definition")));
    const overwritten = await app.plans.importFile("somerset-app.json", JSON.stringify(without), admin, { dryRun: true, overwrite: true });
    assert.ok(overwritten.removed.some((r) => r.kind === "risk" && r.id === "R1"));
  });

  it("a file that already agrees with the app settles the markers: a later file change applies", async () => {
    await app.reassign(PLAN, LEAVER, SUCCESSOR, admin, "Claire left the council");
    const view = await app.plans.view(PLAN, { fresh: true });
    const agreeing = JSON.stringify(view.definition ?? view.plan);
    const settled = await app.plans.importFile("somerset-app.json", agreeing, admin);
    assert.deepEqual(settled.conflicts, []);
    const moved = JSON.parse(agreeing) as { actions: { id: string; lead: string }[] };
    moved.actions.find((a) => a.id === "1.1")!.lead = "amy-joynes";
    const report = await app.plans.importFile("somerset-app.json", JSON.stringify(moved), admin);
    assert.deepEqual(report.conflicts, []);
    assert.equal((await app.plans.view(PLAN, { fresh: true })).plan.actions.find((a) => a.id === "1.1")!.lead, "amy-joynes");
  });
});

describe("plan-tracker reassign, import --overwrite and export-plan (CLI)", function () {
  this.timeout(120_000);
  const env = () => ({ AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() });

  it("reassign lists without --yes, moves with it; the old file's dry run lists the conflict; export-plan imports back with no changes", async () => {
    const e = env();
    assert.equal((await runCli(["import", SAMPLE_PLAN], e)).code, 0);
    let result = await runCli(["reassign", LEAVER, SUCCESSOR, "--reason", "Left"], e);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Would move \d+ item\(s\)[\s\S]*action 1\.1 \(lead\)/);
    result = await runCli(["reassign", LEAVER, SUCCESSOR, "--reason", "Left", "--yes"], e);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Moved \d+ item\(s\)/);
    assert.notEqual((await runCli(["reassign", "nobody", SUCCESSOR, "--reason", "x", "--yes"], e)).code, 0);

    result = await runCli(["import", SAMPLE_PLAN, "--dry-run"], e);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /changed in the app since the last import[\s\S]*action 1\.1 lead: app "rose-firth"/);

    const dir = mkdtempSync(join(tmpdir(), "export-plan-"));
    const out = join(dir, "somerset-app.json");
    result = await runCli(["export-plan", "--out", out], e);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(readFileSync(out, "utf8")) as { actions: { id: string; lead: string }[] }).actions.find((a) => a.id === "1.1")!.lead, SUCCESSOR);
    result = await runCli(["import", out, "--dry-run", "--json"], e);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { added: unknown[]; changed: unknown[]; removed: unknown[]; conflicts: unknown[]; statusesKept: unknown[] };
    assert.deepEqual([report.added, report.changed, report.removed, report.conflicts, report.statusesKept], [[], [], [], [], []]);

    result = await runCli(["import", SAMPLE_PLAN, "--overwrite"], e);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /overwritten by the file/);
  });
});

import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { SAMPLE_PLAN } from "../support/paths";
import { testConnectionString, uniquePrefix } from "../support/testApp";

describe("plan-tracker measure, import-measurements, review, finding, comment, qis, history", function () {
  this.timeout(120_000);
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-records-"));
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prompts --dry-run at 2023-11-01 carries KPI and risk items alongside milestones, still one prompt per person", async () => {
    const result = await runCli(["prompts", "--as-of", "2023-11-01", "--dry-run", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { prompts: { owner: { id: string }; milestones: string[]; items: { kind: string; kpiId?: string; riskId?: string }[] }[] };
    const owners = json.prompts.map((p) => p.owner.id);
    assert.equal(new Set(owners).size, owners.length, "one prompt per person");
    const amy = json.prompts.find((p) => p.owner.id === "amy-joynes")!;
    // 2.4.4's November checkpoints join them (issue 23), in the same prompt.
    assert.deepEqual([amy.milestones, amy.items.map((i) => i.kpiId ?? i.kind)], [["2.3.4", "2.4.2"], ["KPI 6", "checkpoint"]], "milestones, a KPI and checkpoints in one prompt");
    const claire = json.prompts.find((p) => p.owner.id === "claire-merchant-jones")!;
    assert.ok(claire.items.some((i) => i.kind === "kpi" && i.kpiId === "KPI 7"), "a KPI without an October measurement");
    assert.ok(claire.items.some((i) => i.kind === "risk" && i.riskId === "R1"), "a risk due for review");
    const will = json.prompts.find((p) => p.owner.id === "will-barnwell")!;
    assert.deepEqual(will.items.filter((i) => i.kind === "kpi").map((i) => i.kpiId), ["KPI 5", "KPI 5"]);
    const text = await runCli(["prompts", "--as-of", "2023-11-01", "--dry-run"], env);
    assert.match(text.stdout, /KPI 5a \(KPI\) {2}no measurement for October 2023/);
    assert.match(text.stdout, /R1 \(risk review\) {2}review due/);
  });

  it("measure records a KPI value that kpis --json shows as the latest, with a history entry", async () => {
    const measured = await runCli(["measure", "KPI 7", "110", "--date", "2023-11-30", "--note", "From the dashboard"], env);
    assert.equal(measured.code, 0, measured.stderr);
    assert.match(measured.stdout, /Recorded KPI 7: 110 for November 2023 \(30 Nov 2023\)\./);
    const kpis = JSON.parse((await runCli(["kpis", "KPI 7", "--json"], env)).stdout) as { kpi: { owner: { id: string }; measures: { latest: { value: number } }[] } };
    assert.equal(kpis.kpi.measures[0]!.latest.value, 110);
    assert.equal(kpis.kpi.owner.id, "claire-merchant-jones");
    const again = await runCli(["measure", "7", "108", "--date", "2023-11-29"], env);
    assert.match(again.stdout, /It replaces 110 recorded by .* which stays in the history\./);
    const history = JSON.parse((await runCli(["history", "kpi", "7", "--json"], env)).stdout) as { subject: string; source: string; changes: { field: string; from: unknown; to: unknown }[] }[];
    assert.deepEqual(history.map((h) => [h.subject, h.source, h.changes[0]]), [["kpi", "cli", { field: "value", from: null, to: 110 }], ["kpi", "cli", { field: "value", from: 110, to: 108 }]]);
  });

  it("measure refuses bad input with exit code 2 and says why", async () => {
    const cases: [string[], RegExp][] = [
      [["measure", "KPI 8", "140", "--date", "2023-10-31"], /140% is not a percentage between 0 and 100/],
      [["measure", "KPI 7", "many", "--date", "2023-10-31"], /"many" is not a number/],
      [["measure", "KPI 7", "1", "--date", "2999-01-01"], /is in the future/],
      [["measure", "KPI 77", "1", "--date", "2023-10-31"], /"KPI 77" is not a KPI/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  it("import-measurements reports every problem by row and column and writes nothing, then records a good file", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "kpi,part,date,value,note\nKPI 3,,2023-10-31,-3,\nKPI 99,,2023-10-31,1,\n");
    const refused = await runCli(["import-measurements", bad], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /row 2, column value: -3 is not a count/);
    assert.match(refused.stderr, /row 3, column kpi: "KPI 99" is not a KPI/);
    const good = join(dir, "good.csv");
    writeFileSync(good, "kpi,part,date,value,note\nKPI 3,,2023-10-31,120,\nKPI 5,b,2023-10-31,21,\n");
    const imported = await runCli(["import-measurements", good, "--json"], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as { written: unknown[] }).written.length, 2);
    const history = JSON.parse((await runCli(["history", "kpi", "3", "--json"], env)).stdout) as { source: string }[];
    assert.deepEqual(history.map((h) => h.source), ["import"]);
  });

  it("review takes a risk out of dueForReview as of today, and history R1 shows the review", async () => {
    const before = JSON.parse((await runCli(["risks", "--json"], env)).stdout) as { dueForReview: string[] };
    assert.ok(before.dueForReview.includes("R1"));
    const reviewed = await runCli(["review", "R1", "--progress", "Reviewed at board", "--likelihood", "low"], env);
    assert.equal(reviewed.code, 0, reviewed.stderr);
    assert.match(reviewed.stdout, /Reviewed R1 on .*: after mitigation low likelihood, medium impact\. Next review /);
    const after = JSON.parse((await runCli(["risks", "--json"], env)).stdout) as { dueForReview: string[]; risks: { id: string; progress: string; lastReview: { source: string } | null }[] };
    assert.ok(!after.dueForReview.includes("R1"));
    const r1 = after.risks.find((r) => r.id === "R1")!;
    assert.deepEqual([r1.progress, r1.lastReview?.source], ["Reviewed at board", "cli"]);
    const history = await runCli(["history", "R1"], env);
    assert.match(history.stdout, /risk R1 {2}by .* \(cli\): Reviewed on .*progress: Reviewed at board/);
  });

  it("finding, comment and qis: a finding takes its QI out of this period's due list; commentary shows in the digest", async () => {
    const before = JSON.parse((await runCli(["qis", "--json"], env)).stdout) as { dueThisPeriod: string[]; qis: { id: string; cadence: string }[] };
    const quarterly = before.qis.find((q) => q.cadence === "quarterly")!;
    assert.ok(before.dueThisPeriod.includes(quarterly.id));
    const found = await runCli(["finding", quarterly.id, "--text", "Audit shows consistent practice", "--rating", "green", "--link", "https://example.org/audit"], env);
    assert.equal(found.code, 0, found.stderr);
    const after = JSON.parse((await runCli(["qis", "--json"], env)).stdout) as { dueThisPeriod: string[]; qis: { id: string; latest: { text: string } | null }[] };
    assert.ok(!after.dueThisPeriod.includes(quarterly.id));
    assert.equal(after.qis.find((q) => q.id === quarterly.id)!.latest?.text, "Audit shows consistent practice");
    const commented = await runCli(["comment", "1.2", "Provision audits started in 14 schools"], env);
    assert.equal(commented.code, 0, commented.stderr);
    const markdown = await runCli(["digest", "--board", "send-partnership-board", "--format", "markdown"], env);
    assert.match(markdown.stdout, /## What has changed\? \(action leads\)\n\n- 1\.2 .*: Provision audits started in 14 schools/);
    const json = JSON.parse((await runCli(["digest", "--board", "send-partnership-board", "--format", "json"], env)).stdout) as { commentary: { actionId: string }[]; qisWithoutFinding: { id: string }[] };
    assert.deepEqual(json.commentary.map((c) => c.actionId), ["1.2"]);
    assert.ok(!json.qisWithoutFinding.some((q) => q.id === quarterly.id));
    const status = JSON.parse((await runCli(["status", "1.2", "--json"], env)).stdout) as { action: { commentary: { text: string }[] } };
    assert.equal(status.action.commentary[0]?.text, "Provision audits started in 14 schools");
    const history = JSON.parse((await runCli(["history", "1.2", "--json"], env)).stdout) as { subject: string }[];
    assert.deepEqual(history.map((h) => h.subject), ["commentary"]);
  });
});

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { buildBoardPack } from "../../src/domain/boardPack";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { planSchema, type Plan } from "../../src/domain/plan";
import { viewOfPlan, type MilestoneState, type PlanView } from "../../src/domain/view";
import { renderPackDocx } from "../../src/report/docx";
import { RAG_FILLS, hex } from "../../src/report/ragColours";
import { renderPackXlsx } from "../../src/report/xlsx";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { readDocx, readXlsx } from "../support/officeFiles";
import { SAMPLE_PLAN } from "../support/paths";

const plan: Plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const BOARD = plan.boards.find((b) => b.id === "send-partnership-board")!;
const ASOF = "2023-11-01";

function packOf(view: PlanView, options: { previous?: ReturnType<typeof snapshotOf> } = {}) {
  const digest = buildDigest({ view, board: BOARD, asOf: ASOF, previous: options.previous, promptStates: new Map([["1.2.1", "asked 1 Nov 2023, no reply"]]) });
  return buildBoardPack({ view, digest, asOf: ASOF, history: [] });
}

/** The rows of the progress tables (those whose header starts "Action | Blue"), as seed 003's fixture reads. */
function progressRows(tables: string[][][]) {
  return tables
    .filter((t) => t[0]?.slice(0, 6).join("|") === "Action|Blue|Green|Amber|Red|Overall")
    .flatMap((t) => t.slice(1))
    .map((row) => ({ action: row[0]!.split(" ")[0]!, counts: { blue: Number(row[1]), green: Number(row[2]), amber: Number(row[3]), red: Number(row[4]) }, overall: row[5]!.toLowerCase() }));
}

/** The paragraph right after a heading. */
function after(paragraphs: string[], heading: RegExp): string | undefined {
  const at = paragraphs.findIndex((p) => heading.test(p));
  return at < 0 ? undefined : paragraphs[at + 1];
}

describe("board pack", function () {
  this.timeout(60_000);

  it("Word: seed 003's table per area of weakness at 1 Nov 2023, each overall cell shaded and worded", async () => {
    const docx = await readDocx(await renderPackDocx(packOf(viewOfPlan(plan))));
    assert.deepEqual(progressRows(docx.tables), SEED_003_TABLE);
    const progress = docx.tables.map((t, i) => ({ t, f: docx.fills[i]! })).filter(({ t }) => t[0]?.[0] === "Action");
    assert.equal(progress.length, 2, "one table per area of weakness");
    const overallFills = progress.flatMap(({ f }) => f.slice(1).map((row) => row[5]));
    assert.deepEqual(overallFills, SEED_003_TABLE.map((r) => hex(RAG_FILLS[r.overall])));
    assert.equal(docx.paragraphs[0], "SEND Partnership Board: progress report");
    assert.ok(docx.paragraphs.includes("Position as at 1 Nov 2023. 47 milestones: 19 Blue, 10 Green, 12 Amber, 6 Red; 15 overdue."));
  });

  it("Word: overdue milestones with owners and prompt states, KPIs with a chart each, risks by score with those due marked", async () => {
    const pack = packOf(viewOfPlan(plan));
    const docx = await readDocx(await renderPackDocx(pack));
    const overdue = docx.tables.find((t) => t[0]?.[0] === "Milestone" && t[0]?.includes("Prompt"))!;
    assert.equal(overdue.length - 1, 15);
    assert.deepEqual(overdue.find((r) => r[0] === "1.2.1")?.filter((_, i) => i !== 1), ["1.2.1", "Gemma Reeves", "Red", "185", "asked 1 Nov 2023, no reply"]);
    const kpis = docx.tables.find((t) => t[0]?.join("|") === "KPI|Baseline|Target, 6-month (2023-11-01)|Latest|On track|Trend")!;
    assert.equal(kpis.length - 1, pack.kpis.length);
    const kpi7 = kpis.find((r) => r[0]!.startsWith("KPI 7"))!;
    assert.equal(kpi7[2], "108.8 (85% of baseline)");
    // One picture for the progress bars, one per KPI measure with something numeric to draw; each has alt text.
    const drawable = pack.kpis.filter((k) => k.measurements.length > 0 || k.targets.some((t) => t.value !== null)).length;
    assert.ok(drawable >= 10, `${drawable} KPI charts`);
    assert.equal(docx.media.length, 1 + drawable);
    assert.equal(docx.altTexts.length, 1 + drawable);
    assert.ok(docx.altTexts.every((t) => t.length > 40));
    assert.match(docx.altTexts.find((t) => t.includes("KPI 7"))!, /6-month target 108\.8 by 2023-11-01/);
    const risks = docx.tables.find((t) => t[0]?.[0] === "Risk")!;
    const scores = risks.slice(1).map((r) => Number(r[3]!.split(" / ")[1]));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "highest score after mitigation first");
    assert.ok(risks.slice(1).every((r) => r[5] === "DUE"), "every risk is due for review by November (three-monthly since March)");
  });

  it("Word: a plan with no KPIs, risks, QIs, commentary or previous pack says so in each section", async () => {
    const bare = planSchema.parse({ ...JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")), kpis: [], risks: [], qis: [] });
    const docx = await readDocx(await renderPackDocx(packOf(viewOfPlan(bare))));
    assert.equal(after(docx.paragraphs, /^Key performance indicators$/), "None recorded.");
    assert.equal(after(docx.paragraphs, /^Risks, highest score first$/), "None recorded.");
    assert.equal(after(docx.paragraphs, /^Quality indicator findings$/), "None recorded.");
    assert.equal(after(docx.paragraphs, /^What has changed\? \(action leads\)$/), "None recorded.");
    assert.match(after(docx.paragraphs, /^Milestones completed or turned Amber or Red/)!, /first pack/);
    assert.equal(docx.media.length, 1, "only the progress chart");
  });

  it("Word: changes since the previous pack, and the leads' commentary", async () => {
    const before = viewOfPlan(plan);
    const milestones = new Map<string, MilestoneState>(before.milestones);
    milestones.set("1.2.2", { status: "blue", version: 1, note: "Done" });
    milestones.set("1.1.3", { status: "red", version: 1 });
    const records = { measurements: [], riskReviews: [], findings: [], commentary: [{ actionId: "1.2", period: "2023-10", text: "Audit of EHCP contacts under way.", by: "aad-1", byName: "Gemma Reeves", at: "2023-10-20T10:00:00Z", source: "teams", etag: "e" }] };
    const view = { ...before, milestones, records } as unknown as PlanView;
    const docx = await readDocx(await renderPackDocx(packOf(view, { previous: snapshotOf(before, "2023-10-01") })));
    const changes = docx.tables.find((t) => t[0]?.join("|") === "Milestone|Title|Change|Owners")!;
    assert.deepEqual(changes.slice(1).map((r) => [r[0], r[2]]), [["1.2.2", "Completed (Blue)"], ["1.1.3", "Blue → Red"]]);
    assert.ok(docx.paragraphs.includes("Audit of EHCP contacts under way."));
  });

  it("Excel: the five sheets with real dates and numbers, frozen headers, filters and status fills (then the governance sheets: boardPackGovernance.test.ts)", async () => {
    const book = await readXlsx(await renderPackXlsx(packOf(viewOfPlan(plan))));
    assert.deepEqual(book.worksheets.map((w) => w.name).slice(0, 5), ["Actions", "Milestones", "KPIs", "Risks", "Change history"]);
    const actions = book.getWorksheet("Actions")!;
    const rows = actions.getSheetValues().slice(2) as unknown[][];
    assert.deepEqual(
      rows.map((r) => ({ action: r[3], counts: { blue: r[5], green: r[6], amber: r[7], red: r[8] }, overall: String(r[9]).toLowerCase() })),
      SEED_003_TABLE,
    );
    for (const ws of book.worksheets) {
      assert.equal(ws.views[0]?.state, "frozen", ws.name);
      assert.ok(ws.autoFilter, `${ws.name} has a filter`);
    }
    const milestones = book.getWorksheet("Milestones")!;
    assert.equal(milestones.rowCount - 1, 47);
    assert.ok(milestones.getCell("F2").value instanceof Date, "due is a date cell");
    const kpis = book.getWorksheet("KPIs")!;
    const measured = (kpis.getSheetValues().slice(2) as unknown[][]).filter((r) => r[5] instanceof Date);
    assert.ok(measured.length > 0 && measured.every((r) => typeof r[6] === "number"), "each measurement a dated number");
    const fills = (actions as unknown as { conditionalFormattings: { ref: string; rules: { formulae?: string[]; style?: { fill?: { bgColor?: { argb?: string } } } }[] }[] }).conditionalFormattings;
    assert.deepEqual(
      fills.flatMap((f) => f.rules.map((r) => [f.ref, r.formulae?.[0], r.style?.fill?.bgColor?.argb])),
      (["Blue", "Green", "Amber", "Red"] as const).map((w) => ["I2:I11", `ISNUMBER(SEARCH("${w}",I2))`, `FF${hex(RAG_FILLS[w.toLowerCase() as "blue"])}`]),
    );
    const risks = book.getWorksheet("Risks")!;
    assert.equal(typeof risks.getCell("G2").value, "number");
  });
});

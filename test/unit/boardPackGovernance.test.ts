import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { buildBoardPack, type BoardPack } from "../../src/domain/boardPack";
import { buildDigest } from "../../src/domain/digest";
import { checkEscalation } from "../../src/domain/issuesLog";
import { planSchema, type Plan } from "../../src/domain/plan";
import { NO_RECORDS, type BoardEscalationRecord, type PlanRecords } from "../../src/domain/records";
import { viewOfPlan } from "../../src/domain/view";
import { renderPackDocx } from "../../src/report/docx";
import { renderPackXlsx } from "../../src/report/xlsx";
import { readDocx, readXlsx } from "../support/officeFiles";
import { SAMPLE_PLAN } from "../support/paths";

/**
 * The board pack's governance sections (issue 23) on the sample at 2024-01-15: the view model
 * takes them from the board's digest, and the Word and Excel files carry them.
 */
const sample: Plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const AS_OF = "2024-01-15";
const stamp = { at: "2024-01-10T10:00:00.000Z", by: "aad-claire", byName: "Claire Merchant-Jones", source: "teams", version: 1 };

/** R3 escalated from the Partnership Board to the one it reports to, by the domain's own rule. */
function r3Escalated(): PlanRecords {
  const checked = checkEscalation(sample, NO_RECORDS, { subject: "R3", toBoard: "children-and-families-board", reason: "Recruitment gaps need ICS support" }, "2024-01-10");
  assert.ok(checked.ok);
  return { ...NO_RECORDS, boardEscalations: [{ ...stamp, ...checked.value } as BoardEscalationRecord] };
}

function packOf(boardId: string, records: PlanRecords = NO_RECORDS, plan: Plan = sample) {
  const view = { ...viewOfPlan(plan), records };
  const digest = buildDigest({ view, board: plan.boards.find((b) => b.id === boardId)!, asOf: AS_OF });
  return { digest, pack: buildBoardPack({ view, digest, asOf: AS_OF, history: [] }) };
}

/** The rows of the Word table whose header row starts with these cells. */
const tableStarting = (tables: string[][][], ...headers: string[]) => tables.find((t) => headers.every((h, i) => t[0]?.[i] === h));
const sheetRows = (book: Awaited<ReturnType<typeof readXlsx>>, name: string) => (book.getWorksheet(name)?.getSheetValues().slice(2) ?? []).map((r) => (r as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));

describe("board pack: governance sections (issue 23)", function () {
  this.timeout(60_000);

  describe("view model", () => {
    const cases: { name: string; board: string; records?: PlanRecords; check: (pack: BoardPack, digest: ReturnType<typeof buildDigest>) => void }[] = [
      {
        name: "R3 escalated: the Children and Families Board's pack has it once, from the Partnership Board",
        board: "children-and-families-board",
        records: r3Escalated(),
        check: (pack, digest) => {
          assert.deepEqual(pack.boardEscalations.received.map((e) => [e.subjectId, e.fromBoard.name, e.reason]), [["R3", "SEND Partnership Board", "Recruitment gaps need ICS support"]]);
          assert.deepEqual(pack.boardEscalations, digest.boardEscalations, "the digest's own result");
        },
      },
      {
        name: "R3 escalated: the Partnership Board's pack records that it sent it",
        board: "send-partnership-board",
        records: r3Escalated(),
        check: (pack) => assert.deepEqual([pack.boardEscalations.sent.map((e) => [e.subjectId, e.toBoard.id]), pack.boardEscalations.received], [[["R3", "children-and-families-board"]], []]),
      },
      {
        name: "the dfe-nhse-review pack lists the January 2024 review with its recommendations and their state",
        board: "dfe-nhse-review",
        check: (pack, digest) => {
          assert.deepEqual(pack.externalReviews.map((r) => r.date), ["2024-01-04"]);
          assert.ok(pack.externalReviews[0]!.recommendations.length >= 2);
          assert.ok(pack.externalReviews[0]!.recommendations.every((r) => r.linked.length > 0 && ["in progress", "at risk", "complete"].includes(r.state)));
          assert.deepEqual(pack.externalReviews, digest.externalReviews);
          assert.match(pack.cadenceNote ?? "", /quarterly.*six-monthly/s);
        },
      },
      {
        name: "the Partnership Board's pack has the lived-experience QIs, nothing recorded for January 2024",
        board: "send-partnership-board",
        check: (pack) => assert.deepEqual(pack.livedExperience?.qis.map((q) => [q.id, q.latest]), [["a1-qi2", null], ["a2-qi2", null]]),
      },
      {
        name: "another board's pack has no lived-experience section and no reviews",
        board: "children-and-families-board",
        check: (pack) => assert.deepEqual([pack.livedExperience, pack.externalReviews, pack.boardEscalations.received], [null, [], []]),
      },
      {
        name: "action 2.3 is flagged past its deadline (31 Dec 2023) in the progress rows",
        board: "send-partnership-board",
        check: (pack) => {
          const a23 = pack.areas.flatMap((a) => a.actions).find((a) => a.id === "2.3")!;
          assert.deepEqual([a23.due, a23.daysPastDeadline], ["2023-12-31", 15]);
          assert.ok(pack.actionsPastDeadline.some((a) => a.id === "2.3"));
        },
      },
      {
        name: "KPI 1's baseline as published; KPI 2's note kept apart from its baseline",
        board: "send-partnership-board",
        check: (pack) => {
          const kpi = (id: string) => pack.kpis.find((k) => k.id === id)!;
          assert.deepEqual([kpi("KPI 1").baseline, kpi("KPI 1").baselineValue, kpi("KPI 1").baselineNote], ["<50% (new measure)", 50, null]);
          assert.match(kpi("KPI 2").baseline, /^23%/);
          assert.equal(kpi("KPI 2").baselineNote, "Baseline captured in April 2023 audit of websites");
        },
      },
      {
        name: "source notes: the plan's first, then the KPIs' and others'; every status is still the plan file's",
        board: "send-partnership-board",
        check: (pack) => {
          assert.equal(pack.sourceNotes[0]?.about, "Plan");
          assert.equal(pack.sourceNotes[0]?.note, sample.sourceNote);
          assert.ok(pack.sourceNotes.some((n) => n.about === "KPI 1" && /<50% \(new measure\)/.test(n.note)));
          assert.deepEqual([pack.statusSource.fromPlanFile, pack.statusSource.milestones], [47, 47]);
          assert.ok(pack.milestones.every((m) => !m.statusRecorded));
        },
      },
      {
        name: "data to complete: KPIs 4, 9 and 12 have no target",
        board: "send-partnership-board",
        check: (pack) => assert.deepEqual(pack.dataToComplete.kpisWithoutTarget.map((k) => k.id), ["KPI 4", "KPI 9", "KPI 12"]),
      },
    ];
    for (const { name, board, records, check } of cases) {
      it(name, () => {
        const { pack, digest } = packOf(board, records);
        check(pack, digest);
      });
    }

    it("a board's detail setting: action rows by default, area totals only when it says so", () => {
      assert.equal(packOf("send-partnership-board").pack.level, "action");
      const byArea = planSchema.parse({ ...JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")), boards: sample.boards.map((b) => (b.id === "children-and-families-board" ? { ...b, detail: "areas" } : b)) });
      const { pack } = packOf("children-and-families-board", NO_RECORDS, byArea);
      assert.equal(pack.level, "area");
      assert.deepEqual(pack.areas.map((a) => a.counts.blue + a.counts.green + a.counts.amber + a.counts.red).reduce((x, y) => x + y), 47);
    });
  });

  describe("Word", () => {
    it("the Children and Families Board's pack: R3 once under \"Escalated to this board (1)\"; de-escalated, nothing in place", async () => {
      const docx = await readDocx(await renderPackDocx(packOf("children-and-families-board", r3Escalated()).pack));
      assert.ok(docx.paragraphs.includes("Escalated to this board (1)"));
      const table = tableStarting(docx.tables, "Risk or issue", "Title", "From")!;
      assert.deepEqual(table.slice(1).map((r) => [r[0], r[2], r[6]]), [["R3", "SEND Partnership Board", "Recruitment gaps need ICS support"]]);
      assert.equal(docx.xml.split(">R3<").length - 1, 1 + 1, "once in the escalations, once in the risk register");
      const quiet = await readDocx(await renderPackDocx(packOf("children-and-families-board").pack));
      const at = quiet.paragraphs.indexOf("Escalated to this board (0)");
      assert.equal(quiet.paragraphs[at + 1], "Nothing is escalated to this board.");
    });

    it("the dfe-nhse-review pack lists the January 2024 review's recommendations with their state", async () => {
      const { pack } = packOf("dfe-nhse-review");
      const docx = await readDocx(await renderPackDocx(pack));
      const table = tableStarting(docx.tables, "Review", "Recommendation", "State")!;
      assert.equal(table.length - 1, pack.externalReviews[0]!.recommendations.length);
      assert.ok(table.slice(1).every((r) => r[0] === `${pack.externalReviews[0]!.title} (4 Jan 2024)` && ["in progress", "at risk", "complete"].includes(r[2]!)));
      assert.ok(docx.paragraphs.includes("External reviews: recommendations"));
    });

    it("the Partnership Board's pack: lived experience says nothing was recorded, in place; with a finding, the finding", async () => {
      const none = await readDocx(await renderPackDocx(packOf("send-partnership-board").pack));
      const table = tableStarting(none.tables, "QI", "Area", "Indicator", "Finding")!;
      assert.deepEqual(table.slice(1).map((r) => [r[0], r[1], r[3]]), [["QI 2", "1", "Nothing recorded for January 2024."], ["QI 2", "2", "Nothing recorded for January 2024."]]);
      const finding = { ...stamp, qiId: "a1-qi2", period: "2024-01", date: "2024-01-09", text: "Parents ask for earlier contact from caseworkers" };
      const found = await readDocx(await renderPackDocx(packOf("send-partnership-board", { ...NO_RECORDS, findings: [finding] }).pack));
      assert.equal(tableStarting(found.tables, "QI", "Area", "Indicator", "Finding")![1]![3], "Parents ask for earlier contact from caseworkers (Claire Merchant-Jones, 9 Jan 2024)");
    });

    it("the progress table flags 2.3 past its deadline; KPI 1 shows \"<50% (new measure)\"; notes carry the sources and KPI 2's note", async () => {
      const docx = await readDocx(await renderPackDocx(packOf("send-partnership-board").pack));
      const rows = docx.tables.filter((t) => t[0]?.join("|") === "Action|Blue|Green|Amber|Red|Overall|Deadline").flatMap((t) => t.slice(1));
      assert.equal(rows.find((r) => r[0]!.startsWith("2.3 "))?.[6], "31 Dec 2023: 15 days past its deadline");
      assert.equal(rows.find((r) => r[0]!.startsWith("1.1 "))?.[6], "30 Apr 2024");
      const kpis = tableStarting(docx.tables, "KPI", "Baseline")!;
      assert.equal(kpis.find((r) => r[0]!.startsWith("KPI 1:"))?.[1], "<50% (new measure)");
      // Every baseline the plan publishes in words is shown exactly so: KPI 1, 3, 4, 9, 12 and 14 in the sample.
      const published = sample.kpis.flatMap((k) => (k.baseline?.published ? [[k.id, k.baseline.published] as const] : []));
      assert.equal(published.length, 6);
      for (const [id, wording] of published) assert.equal(kpis.find((r) => r[0]!.startsWith(`${id}:`))?.[1], wording, id);
      const notes = tableStarting(docx.tables, "About", "Note")!;
      assert.deepEqual(notes[1], ["Milestone statuses", "47 of 47 milestone statuses are as the plan file gives them, not yet recorded by their owners."]);
      assert.ok(notes.some((r) => r[0] === "Plan" && r[1] === sample.sourceNote));
      assert.ok(notes.some((r) => r[0] === "KPI 2 baseline" && r[1] === "Baseline captured in April 2023 audit of websites"));
      const todo = tableStarting(docx.tables, "What", "Id", "To complete")!;
      assert.deepEqual(todo.slice(1).filter((r) => r[0] === "KPI").map((r) => r[1]), ["KPI 4", "KPI 9", "KPI 12"]);
    });

    it("a board that reads area totals only gets one table of areas, and the actions past their deadline listed", async () => {
      const byArea = planSchema.parse({ ...JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")), boards: sample.boards.map((b) => (b.id === "children-and-families-board" ? { ...b, detail: "areas" } : b)) });
      const docx = await readDocx(await renderPackDocx(packOf("children-and-families-board", NO_RECORDS, byArea).pack));
      assert.equal(docx.tables.filter((t) => t[0]?.[0] === "Action").length, 0, "no action rows");
      const areas = tableStarting(docx.tables, "Area of weakness", "Blue")!;
      assert.equal(areas.length - 1, 2);
      assert.ok(docx.paragraphs.some((p) => p.startsWith("2.3 ") && p.includes("15 days past its deadline")));
    });
  });

  describe("Excel", () => {
    it("Lived experience, Escalated to and by this board, External reviews, Data to complete and Notes sheets, as the board has them", async () => {
      const partnership = await readXlsx(await renderPackXlsx(packOf("send-partnership-board", r3Escalated()).pack));
      assert.deepEqual(partnership.worksheets.map((w) => w.name), ["Actions", "Milestones", "KPIs", "Risks", "Change history", "Lived experience", "Escalated to this board", "Escalated by this board", "Data to complete", "Notes"]);
      assert.deepEqual(sheetRows(partnership, "Escalated to this board"), []);
      assert.deepEqual(sheetRows(partnership, "Escalated by this board").map((r) => [r[0], r[3]]), [["R3", "Children and Families Board"]]);
      assert.equal(sheetRows(partnership, "Lived experience")[0]?.[3], "Nothing recorded for January 2024.");
      const a23 = sheetRows(partnership, "Actions").find((r) => r[2] === "2.3")!;
      assert.deepEqual(a23.slice(10, 12), ["2023-12-31", 15]);
      assert.equal(sheetRows(partnership, "Milestones")[0]?.[12], "the plan file");
      assert.equal(sheetRows(partnership, "KPIs").find((r) => r[0] === "KPI 1")?.[7], "<50% (new measure)");
      assert.ok(sheetRows(partnership, "Notes").some((r) => r[0] === "Plan" && r[1] === sample.sourceNote));

      const children = await readXlsx(await renderPackXlsx(packOf("children-and-families-board", r3Escalated()).pack));
      assert.deepEqual(sheetRows(children, "Escalated to this board").map((r) => [r[0], r[2]]), [["R3", "SEND Partnership Board"]]);
      assert.equal(children.getWorksheet("Escalated by this board"), undefined);
      assert.equal(children.getWorksheet("Lived experience"), undefined);

      const review = await readXlsx(await renderPackXlsx(packOf("dfe-nhse-review").pack));
      const recommendations = sheetRows(review, "External reviews");
      assert.ok(recommendations.length >= 2 && recommendations.every((r) => String(r[0]).endsWith("(4 Jan 2024)")));
    });
  });
});

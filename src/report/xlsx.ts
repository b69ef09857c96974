import ExcelJS from "exceljs";
import type { BoardPack } from "../domain/boardPack";
import { statusWord } from "../domain/status";
import {
  DATA_TO_COMPLETE_HEADERS,
  dataToCompleteRows,
  ESCALATION_HEADERS,
  escalationRows,
  LIVED_EXPERIENCE_HEADERS,
  livedExperienceRows,
  NOTE_HEADERS,
  noteRows,
  RECOMMENDATION_HEADERS,
  recommendationRows,
} from "./governanceRows";
import { hex, RAG_FILLS, RAG_TEXT } from "./ragColours";

/**
 * The board pack as an Excel workbook (exceljs) for the analysts who prepare board papers:
 * sheets Actions (Areas for a board that reads area totals only), Milestones, KPIs (one row per
 * measurement), Risks and Change history, then the board's governance (issue 23: Escalations,
 * External reviews, Lived experience, Data to complete) and the Notes on sources, with real date
 * and number cells, a frozen header row and a filter on each, and Blue/Green/Amber/Red written as
 * words with conditional fills.
 */

type CellValue = string | number | Date | null;
type Row = Record<string, CellValue>;

interface Column {
  header: string;
  key: string;
  width: number;
  /** A date cell, or a status word (which gets the conditional fills). */
  kind?: "date" | "status";
}

/** A sheet: its name, its columns and its rows. */
interface SheetSpec {
  name: string;
  columns: Column[];
  rows: Row[];
}

/** A column, as [header, key, width, kind]. */
const col = (header: string, key: string, width: number, kind?: Column["kind"]): Column => ({ header, key, width, ...(kind ? { kind } : {}) });

/** A sheet of text rows (the governance sections), its columns named by the headers they share with the Word pack. */
function textSheet(name: string, headers: string[], widths: number[], rows: string[][]): SheetSpec {
  const keys = headers.map((_, i) => `c${i}`);
  return { name, columns: headers.map((h, i) => col(h, keys[i]!, widths[i]!)), rows: rows.map((row) => Object.fromEntries(row.map((value, i) => [keys[i]!, value]))) };
}

/** An ISO date (or instant) as an Excel date cell: midnight UTC, which Excel shows as that day. */
const asDate = (iso: string | null | undefined): Date | null => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : null);

function addSheet(book: ExcelJS.Workbook, { name, columns, rows }: SheetSpec): void {
  const ws = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.kind === "date" ? { numFmt: "yyyy-mm-dd" } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.addRows(rows);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const last = Math.max(2, rows.length + 1);
  columns.forEach((c, index) => {
    if (c.kind !== "status") return;
    const letter = ws.getColumn(index + 1).letter;
    ws.addConditionalFormatting({
      ref: `${letter}2:${letter}${last}`,
      // An expression rule (the cell holds the word) rather than "containsText", whose attributes exceljs leaves out.
      rules: (["blue", "green", "amber", "red"] as const).map((status, priority) => ({
        type: "expression",
        formulae: [`ISNUMBER(SEARCH("${statusWord(status)}",${letter}2))`],
        priority: priority + 1,
        style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: `FF${hex(RAG_FILLS[status])}` } }, font: { color: { argb: `FF${hex(RAG_TEXT[status])}` } } },
      })),
    });
  });
}

/** Each action's row, flagged when past its own deadline; or each area's totals, for a board that reads those only. */
function progressSheet(pack: BoardPack): SheetSpec {
  const counts = [col("Blue", "blue", 7), col("Green", "green", 7), col("Amber", "amber", 7), col("Red", "red", 7)];
  if (pack.level === "area") {
    return {
      name: "Areas",
      columns: [col("Area", "id", 8), col("Title", "title", 40), ...counts, ...(["Blue", "Green", "Amber", "Red"] as const).map((w) => col(`Actions ${w}`, `actions${w}`, 13))],
      rows: pack.areas.map((a) => ({ id: a.id, title: a.title, ...a.counts, actionsBlue: a.actionsByOverall.blue, actionsGreen: a.actionsByOverall.green, actionsAmber: a.actionsByOverall.amber, actionsRed: a.actionsByOverall.red })),
    };
  }
  return {
    name: "Actions",
    columns: [col("Area", "area", 8), col("Area title", "areaTitle", 30), col("Action", "id", 8), col("Title", "title", 50), ...counts, col("Overall", "overall", 10, "status"), col("Override reason", "override", 30), col("Due", "due", 11, "date"), col("Days past deadline", "daysPastDeadline", 17)],
    rows: pack.areas.flatMap((area) =>
      area.actions.map((a) => ({ area: area.id, areaTitle: area.title, id: a.id, title: a.title, ...a.counts, overall: statusWord(a.overall), override: a.override, due: asDate(a.due), daysPastDeadline: a.daysPastDeadline })),
    ),
  };
}

function sheets(pack: BoardPack): SheetSpec[] {
  const escalations = [...escalationRows(pack.boardEscalations.received).map((row) => ["to this board", ...row]), ...escalationRows(pack.boardEscalations.sent).map((row) => ["by this board", ...row])];
  const todo = dataToCompleteRows(pack.dataToComplete);
  return [
    progressSheet(pack),
    {
      name: "Milestones",
      columns: [
        col("Milestone", "id", 10),
        col("Action", "actionId", 8),
        col("Area", "area", 7),
        col("Title", "title", 50),
        col("Owners", "owners", 25),
        col("Due", "due", 11, "date"),
        col("Effective due", "effectiveDue", 13, "date"),
        col("Status", "status", 10, "status"),
        col("Days overdue", "daysOverdue", 12),
        col("Note", "note", 40),
        col("Updated", "updatedAt", 18, "date"),
        col("Updated by", "updatedBy", 20),
        col("Status from", "statusFrom", 22),
      ],
      rows: pack.milestones.map(({ statusRecorded, ...m }) => ({
        ...m,
        area: `${m.area}`,
        due: asDate(m.due),
        effectiveDue: asDate(m.effectiveDue),
        status: statusWord(m.status),
        updatedAt: asDate(m.updatedAt),
        // The plan file's statuses are a transcription (the sample's are illustrative), not an owner's word.
        statusFrom: statusRecorded ? "recorded by its owner" : "the plan file",
      })),
    },
    {
      name: "KPIs",
      columns: [
        col("KPI", "id", 8),
        col("Measure", "label", 30),
        col("Title", "title", 40),
        col("Unit", "unit", 9),
        col("Date", "date", 11, "date"),
        col("Value", "value", 9),
        col("Baseline", "baseline", 9),
        col("Published baseline", "publishedBaseline", 22),
        col("Current target", "target", 20),
        col("On track", "tracking", 18),
        col("Trend", "trend", 10),
      ],
      rows: pack.kpis.flatMap((k): Row[] => {
        const base = { id: k.id, label: k.label || k.title, title: k.title, unit: k.unit, baseline: k.baselineValue, publishedBaseline: k.baseline, target: k.target, tracking: k.tracking, trend: k.trend };
        // One row per measurement; a KPI with none still gets a row, so it is not missing from the list.
        return k.measurements.length ? k.measurements.map((m) => ({ ...base, date: asDate(m.date), value: m.value })) : [{ ...base, date: null, value: null }];
      }),
    },
    {
      name: "Risks",
      columns: [
        col("Risk", "id", 6),
        col("Raised", "date", 11, "date"),
        col("Risk", "risk", 50),
        col("Mitigation", "mitigation", 40),
        col("Owner", "owner", 20),
        col("Score before", "before", 12),
        col("Score after", "after", 11),
        col("Review due", "reviewDue", 11, "date"),
        col("Due for review", "due", 14),
      ],
      rows: pack.risks.map((r) => ({ id: r.id, date: asDate(r.date), risk: r.risk, mitigation: r.mitigation, owner: r.owner ?? "", before: r.before.score, after: r.after.score, reviewDue: asDate(r.reviewDue), due: r.dueForReview ? "Yes" : "No" })),
    },
    {
      // Excel reserves the name "History" (for its own change tracking), so the sheet says what it holds.
      name: "Change history",
      columns: [col("At", "at", 18, "date"), col("Subject", "subject", 11), col("Id", "subjectId", 10), col("From", "from", 10, "status"), col("To", "to", 10, "status"), col("By", "by", 22), col("Through", "source", 10), col("Note", "note", 50)],
      rows: pack.history.map((h) => ({ ...h, at: asDate(h.at) })),
    },
    textSheet("Escalations", ["Escalated", ...ESCALATION_HEADERS], [14, 12, 40, 28, 28, 13, 20, 50], escalations),
    ...(pack.externalReviews.length ? [textSheet("External reviews", RECOMMENDATION_HEADERS, [34, 16, 12, 60, 40], recommendationRows(pack))] : []),
    ...(pack.livedExperience ? [textSheet("Lived experience", LIVED_EXPERIENCE_HEADERS, [8, 6, 40, 80], livedExperienceRows(pack.livedExperience))] : []),
    ...(todo.length ? [textSheet("Data to complete", DATA_TO_COMPLETE_HEADERS, [18, 14, 16, 60], todo)] : []),
    textSheet("Notes", NOTE_HEADERS, [22, 120], noteRows(pack)),
  ];
}

export async function renderPackXlsx(pack: BoardPack): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Plan Tracker";
  book.title = pack.title;
  for (const spec of sheets(pack)) addSheet(book, spec);
  return Buffer.from(await book.xlsx.writeBuffer());
}

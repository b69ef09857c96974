import ExcelJS from "exceljs";
import type { BoardPack } from "../domain/boardPack";
import { statusWord } from "../domain/status";
import { governanceSections, notesSection, type PackSection } from "./governanceRows";
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

/** Columns, each as [header, key, width, kind]: a sheet's columns read as one table. */
const cols = (...specs: [string, string, number, Column["kind"]?][]): Column[] => specs.map(([header, key, width, kind]) => ({ header, key, width, ...(kind ? { kind } : {}) }));

/** A governance section (governanceRows.ts) as a sheet of text: its widths, shares of about 150 characters. */
function textSheet(section: PackSection): SheetSpec {
  const keys = section.headers.map((_, i) => `c${i}`);
  return {
    name: section.sheet,
    columns: cols(...section.headers.map((h, i): [string, string, number] => [h, keys[i]!, Math.max(6, Math.round(section.widths[i]! * 150))])),
    rows: section.rows.map((row) => Object.fromEntries(row.map((value, i) => [keys[i]!, value]))),
  };
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
  const counts = cols(["Blue", "blue", 7], ["Green", "green", 7], ["Amber", "amber", 7], ["Red", "red", 7]);
  if (pack.level === "area") {
    return {
      name: "Areas",
      columns: [...cols(["Area", "id", 8], ["Title", "title", 40]), ...counts, ...cols(...(["Blue", "Green", "Amber", "Red"] as const).map((w): [string, string, number] => [`Actions ${w}`, `actions${w}`, 13]))],
      rows: pack.areas.map((a) => ({ id: a.id, title: a.title, ...a.counts, actionsBlue: a.actionsByOverall.blue, actionsGreen: a.actionsByOverall.green, actionsAmber: a.actionsByOverall.amber, actionsRed: a.actionsByOverall.red })),
    };
  }
  return {
    name: "Actions",
    columns: [
      ...cols(["Area", "area", 8], ["Area title", "areaTitle", 30], ["Action", "id", 8], ["Title", "title", 50]),
      ...counts,
      ...cols(["Overall", "overall", 10, "status"], ["Override reason", "override", 30], ["Due", "due", 11, "date"], ["Days past deadline", "daysPastDeadline", 17]),
    ],
    rows: pack.areas.flatMap((area) =>
      area.actions.map((a) => ({ area: area.id, areaTitle: area.title, id: a.id, title: a.title, ...a.counts, overall: statusWord(a.overall), override: a.override, due: asDate(a.due), daysPastDeadline: a.daysPastDeadline })),
    ),
  };
}

function sheets(pack: BoardPack): SheetSpec[] {
  return [
    progressSheet(pack),
    {
      name: "Milestones",
      columns: cols(["Milestone", "id", 10], ["Action", "actionId", 8], ["Area", "area", 7], ["Title", "title", 50], ["Owners", "owners", 25], ["Due", "due", 11, "date"], ["Effective due", "effectiveDue", 13, "date"], ["Status", "status", 10, "status"], ["Days overdue", "daysOverdue", 12], ["Note", "note", 40], ["Updated", "updatedAt", 18, "date"], ["Updated by", "updatedBy", 20], ["Status from", "statusFrom", 22]),
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
      columns: cols(["KPI", "id", 8], ["Measure", "label", 30], ["Title", "title", 40], ["Unit", "unit", 9], ["Date", "date", 11, "date"], ["Value", "value", 9], ["Baseline", "baseline", 9], ["Published baseline", "publishedBaseline", 22], ["Current target", "target", 20], ["On track", "tracking", 18], ["Trend", "trend", 10]),
      rows: pack.kpis.flatMap((k): Row[] => {
        const base = { id: k.id, label: k.label || k.title, title: k.title, unit: k.unit, baseline: k.baselineValue, publishedBaseline: k.baseline, target: k.target, tracking: k.tracking, trend: k.trend };
        // One row per measurement; a KPI with none still gets a row, so it is not missing from the list.
        return k.measurements.length ? k.measurements.map((m) => ({ ...base, date: asDate(m.date), value: m.value })) : [{ ...base, date: null, value: null }];
      }),
    },
    {
      name: "Risks",
      columns: cols(["Risk", "id", 6], ["Raised", "date", 11, "date"], ["Risk", "risk", 50], ["Mitigation", "mitigation", 40], ["Owner", "owner", 20], ["Score before", "before", 12], ["Score after", "after", 11], ["Review due", "reviewDue", 11, "date"], ["Due for review", "due", 14]),
      rows: pack.risks.map((r) => ({ id: r.id, date: asDate(r.date), risk: r.risk, mitigation: r.mitigation, owner: r.owner ?? "", before: r.before.score, after: r.after.score, reviewDue: asDate(r.reviewDue), due: r.dueForReview ? "Yes" : "No" })),
    },
    {
      // Excel reserves the name "History" (for its own change tracking), so the sheet says what it holds.
      name: "Change history",
      columns: cols(["At", "at", 18, "date"], ["Subject", "subject", 11], ["Id", "subjectId", 10], ["From", "from", 10, "status"], ["To", "to", 10, "status"], ["By", "by", 22], ["Through", "source", 10], ["Note", "note", 50]),
      rows: pack.history.map((h) => ({ ...h, at: asDate(h.at) })),
    },
    ...governanceSections(pack).map(textSheet),
    textSheet(notesSection(pack)),
  ];
}

export async function renderPackXlsx(pack: BoardPack): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Plan Tracker";
  book.title = pack.title;
  for (const spec of sheets(pack)) addSheet(book, spec);
  return Buffer.from(await book.xlsx.writeBuffer());
}

import ExcelJS from "exceljs";
import type { BoardPack } from "../domain/boardPack";
import { statusWord } from "../domain/status";
import { hex, RAG_FILLS, RAG_TEXT } from "./ragColours";

/**
 * The board pack as an Excel workbook (exceljs) for the analysts who prepare board papers:
 * sheets Actions, Milestones, KPIs (one row per measurement), Risks and Change history, with real
 * date and number cells, a frozen header row and a filter on each, and Blue/Green/Amber/Red
 * written as words with conditional fills.
 */

interface Column {
  header: string;
  key: string;
  width: number;
  date?: boolean;
  /** Holds a status word: gets the conditional fills. */
  status?: boolean;
}

type CellValue = string | number | Date | null;

/** An ISO date (or instant) as an Excel date cell: midnight UTC, which Excel shows as that day. */
const asDate = (iso: string | null | undefined): Date | null => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : null);

function sheet(book: ExcelJS.Workbook, name: string, columns: Column[], rows: Record<string, CellValue>[]): void {
  const ws = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.date ? { numFmt: "yyyy-mm-dd" } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.addRows(rows);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const last = Math.max(2, rows.length + 1);
  columns.forEach((c, index) => {
    if (!c.status) return;
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

export async function renderPackXlsx(pack: BoardPack): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Plan Tracker";
  book.title = pack.title;

  sheet(
    book,
    "Actions",
    [
      { header: "Area", key: "area", width: 8 },
      { header: "Area title", key: "areaTitle", width: 30 },
      { header: "Action", key: "id", width: 8 },
      { header: "Title", key: "title", width: 50 },
      { header: "Blue", key: "blue", width: 7 },
      { header: "Green", key: "green", width: 7 },
      { header: "Amber", key: "amber", width: 7 },
      { header: "Red", key: "red", width: 7 },
      { header: "Overall", key: "overall", width: 10, status: true },
      { header: "Override reason", key: "override", width: 30 },
    ],
    pack.areas.flatMap((area) => area.actions.map((a) => ({ area: area.id, areaTitle: area.title, id: a.id, title: a.title, ...a.counts, overall: statusWord(a.overall), override: a.override }))),
  );

  sheet(
    book,
    "Milestones",
    [
      { header: "Milestone", key: "id", width: 10 },
      { header: "Action", key: "actionId", width: 8 },
      { header: "Area", key: "area", width: 7 },
      { header: "Title", key: "title", width: 50 },
      { header: "Owners", key: "owners", width: 25 },
      { header: "Due", key: "due", width: 11, date: true },
      { header: "Effective due", key: "effectiveDue", width: 13, date: true },
      { header: "Status", key: "status", width: 10, status: true },
      { header: "Days overdue", key: "daysOverdue", width: 12 },
      { header: "Note", key: "note", width: 40 },
      { header: "Updated", key: "updatedAt", width: 18, date: true },
      { header: "Updated by", key: "updatedBy", width: 20 },
    ],
    pack.milestones.map((m) => ({ ...m, area: `${m.area}`, due: asDate(m.due), effectiveDue: asDate(m.effectiveDue), status: statusWord(m.status), updatedAt: asDate(m.updatedAt) })),
  );

  sheet(
    book,
    "KPIs",
    [
      { header: "KPI", key: "id", width: 8 },
      { header: "Measure", key: "label", width: 30 },
      { header: "Title", key: "title", width: 40 },
      { header: "Unit", key: "unit", width: 9 },
      { header: "Date", key: "date", width: 11, date: true },
      { header: "Value", key: "value", width: 9 },
      { header: "Baseline", key: "baseline", width: 9 },
      { header: "Current target", key: "target", width: 20 },
      { header: "On track", key: "tracking", width: 18 },
      { header: "Trend", key: "trend", width: 10 },
    ],
    pack.kpis.flatMap((k): Record<string, CellValue>[] => {
      const base = { id: k.id, label: k.label || k.title, title: k.title, unit: k.unit, baseline: k.baselineValue, target: k.target, tracking: k.tracking, trend: k.trend };
      // One row per measurement; a KPI with none still gets a row, so it is not missing from the list.
      return k.measurements.length ? k.measurements.map((m) => ({ ...base, date: asDate(m.date), value: m.value })) : [{ ...base, date: null, value: null }];
    }),
  );

  sheet(
    book,
    "Risks",
    [
      { header: "Risk", key: "id", width: 6 },
      { header: "Raised", key: "date", width: 11, date: true },
      { header: "Risk", key: "risk", width: 50 },
      { header: "Mitigation", key: "mitigation", width: 40 },
      { header: "Owner", key: "owner", width: 20 },
      { header: "Score before", key: "before", width: 12 },
      { header: "Score after", key: "after", width: 11 },
      { header: "Review due", key: "reviewDue", width: 11, date: true },
      { header: "Due for review", key: "due", width: 14 },
    ],
    pack.risks.map((r) => ({ id: r.id, date: asDate(r.date), risk: r.risk, mitigation: r.mitigation, owner: r.owner ?? "", before: r.before.score, after: r.after.score, reviewDue: asDate(r.reviewDue), due: r.dueForReview ? "Yes" : "No" })),
  );

  sheet(
    book,
    // Excel reserves the name "History" (for its own change tracking), so the sheet says what it holds.
    "Change history",
    [
      { header: "At", key: "at", width: 18, date: true },
      { header: "Subject", key: "subject", width: 11 },
      { header: "Id", key: "subjectId", width: 10 },
      { header: "From", key: "from", width: 10, status: true },
      { header: "To", key: "to", width: 10, status: true },
      { header: "By", key: "by", width: 22 },
      { header: "Through", key: "source", width: 10 },
      { header: "Note", key: "note", width: 50 },
    ],
    pack.history.map((h) => ({ ...h, at: asDate(h.at) })),
  );

  return Buffer.from(await book.xlsx.writeBuffer());
}

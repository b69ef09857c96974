import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from "docx";
import type { BoardPack, PackKpi } from "../domain/boardPack";
import { displayDate } from "../domain/dates";
import { statusWord, type Status } from "../domain/status";
import { kpiChart, progressChart, type Chart } from "./charts";
import { deadlineText, governanceSections, notesSection, type PackSection } from "./governanceRows";
import { hex, RAG_FILLS, RAG_TEXT } from "./ragColours";

/**
 * The board pack as a Word document, built with the `docx` library in seed 003's order: title,
 * the progress table per area of weakness, the leads' commentary, changes since the last pack,
 * overdue milestones, KPIs (table and a chart each), risks and QI findings; the board's governance
 * sections after its progress, as the digest has them, and the notes on sources last. Every status cell
 * is shaded and has its word, so the table reads in black and white too.
 */

const NONE = "None recorded.";
const FONT = "Arial";
/** A4 portrait less 2 cm margins: 17 cm of text width, in twentieths of a point (twips). */
const TEXT_WIDTH = 9638;
/** Chart width on the page in pixels at 96 dpi (15.9 cm). */
const CHART_WIDTH = 600;

// The font comes from the document's default style: a run that names it again only adds XML, which a pack of thousands of rows pays for.
const text = (value: string, options: { bold?: boolean; color?: string; size?: number } = {}) => new TextRun({ text: value, ...options });
const para = (value: string, options: { bold?: boolean; keepNext?: boolean } = {}) => new Paragraph({ children: [text(value, { bold: options.bold })], keepNext: options.keepNext, spacing: { after: 80 } });
const heading = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1) => new Paragraph({ text: value, heading: level, spacing: { before: 240, after: 120 } });

/** A table cell; its width and margins are the table's (set once there, not on each of thousands of cells: the library's time grows with the XML). */
function cell(value: string, options: { width: number; bold?: boolean; status?: Status; header?: boolean; align?: "left" | "center" } = { width: 1 }): TableCell {
  const fill = options.status ? hex(RAG_FILLS[options.status]) : options.header ? "D9E2F3" : undefined;
  return new TableCell({
    shading: fill ? { type: ShadingType.CLEAR, color: "auto", fill } : undefined,
    children: [
      new Paragraph({
        alignment: options.align === "center" ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [text(value, { bold: options.bold ?? options.header, color: options.status ? hex(RAG_TEXT[options.status]) : undefined, size: 18 })],
      }),
    ],
  });
}

/** A table whose header row repeats on each page; `widths` are shares of the text width. */
function table(headers: string[], widths: number[], rows: TableCell[][]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    columnWidths: widths.map((w) => Math.round(w * TEXT_WIDTH)),
    rows: [new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { width: widths[i]!, header: true, align: i === 0 ? "left" : "center" })) }), ...rows.map((children) => new TableRow({ cantSplit: true, children }))],
  });
}

const textRows = (widths: number[], rows: string[][]) => rows.map((row) => row.map((value, i) => cell(value, { width: widths[i]! })));

function image(chart: Chart): Paragraph {
  const width = Math.min(CHART_WIDTH, chart.width);
  return new Paragraph({
    spacing: { after: 160 },
    children: [new ImageRun({ type: "png", data: chart.png, transformation: { width, height: Math.round((chart.height * width) / chart.width) }, altText: { name: chart.altText.title, title: chart.altText.title, description: chart.altText.description } })],
  });
}

const COUNTS = ["blue", "green", "amber", "red"] as const;

/** Seed 003's table per area of weakness, each action's row flagged when it is past its own deadline; or, for a board that reads area totals only, one table of areas. */
function progressTables(pack: BoardPack): (Paragraph | Table)[] {
  if (pack.level === "area") {
    const widths = [0.4, 0.09, 0.09, 0.09, 0.09, 0.24];
    return [
      table(
        ["Area of weakness", "Blue", "Green", "Amber", "Red", "Actions by overall status"],
        widths,
        pack.areas.map((area) => [
          cell(`${area.id} ${area.title}`, { width: widths[0]! }),
          ...COUNTS.map((s, i) => cell(String(area.counts[s]), { width: widths[i + 1]!, align: "center" })),
          cell(["red", "amber", "green", "blue"].flatMap((s) => (area.actionsByOverall[s as "red"] > 0 ? [`${area.actionsByOverall[s as "red"]} ${statusWord(s as "red")}`] : [])).join(", ") || "no actions", { width: widths[5]! }),
        ]),
      ),
      heading(`Actions past their deadline (${pack.actionsPastDeadline.length})`, HeadingLevel.HEADING_2),
      ...(pack.actionsPastDeadline.length ? pack.actionsPastDeadline.map((a) => para(`${a.id} ${a.title}: ${deadlineText(a)}, ${statusWord(a.overall)}, not complete`)) : [para("No action is past its deadline.")]),
    ];
  }
  const widths = [0.36, 0.08, 0.08, 0.08, 0.08, 0.14, 0.18];
  return pack.areas.flatMap((area) => [
    heading(`Area of weakness ${area.id}: ${area.title}`, HeadingLevel.HEADING_2),
    area.actions.length === 0
      ? para("No actions recorded.")
      : table(
          ["Action", "Blue", "Green", "Amber", "Red", "Overall", "Deadline"],
          widths,
          area.actions.map((a) => [
            cell(`${a.id} ${a.title}`, { width: widths[0]! }),
            ...COUNTS.map((s, i) => cell(String(a.counts[s]), { width: widths[i + 1]!, align: "center" })),
            cell(`${statusWord(a.overall)}${a.override ? " (override)" : ""}`, { width: widths[5]!, status: a.overall, bold: true, align: "center" }),
            cell(deadlineText(a), { width: widths[6]!, bold: a.daysPastDeadline !== null }),
          ]),
        ),
  ]);
}

/** A section of text rows: its heading, then its table or what it says when it has none. */
function section(s: PackSection): (Paragraph | Table)[] {
  return [heading(s.heading), s.rows.length ? table(s.headers, s.widths, textRows(s.widths, s.rows)) : para(s.none)];
}

const kpiName = (k: PackKpi) => `${/^\d/.test(k.id) ? "KPI " : ""}${k.id}${k.label ? ` (${k.label})` : ""}`;

async function kpiSection(pack: BoardPack): Promise<(Paragraph | Table)[]> {
  if (pack.kpis.length === 0) return [heading("Key performance indicators"), para(NONE)];
  const widths = [0.32, 0.13, 0.17, 0.13, 0.13, 0.12];
  const charts: (Paragraph | Table)[] = [];
  for (const kpi of pack.kpis) {
    const chart = await kpiChart(kpi);
    if (chart) charts.push(para(`${kpiName(kpi)}: ${kpi.title}`, { bold: true, keepNext: true }), image(chart));
  }
  return [
    heading("Key performance indicators"),
    table(
      ["KPI", "Baseline", `Target, ${pack.kpis[0]!.checkpoint}`, "Latest", "On track", "Trend"],
      widths,
      textRows(widths, pack.kpis.map((k) => [`${kpiName(k)}: ${k.title}`, k.baseline, k.target, k.latest, k.tracking, k.trend])),
    ),
    heading("KPI measurements against their targets", HeadingLevel.HEADING_2),
    para("Each line joins the baseline and the measurements; the diamonds are the 3-, 6- and 12-month targets."),
    ...(charts.length ? charts : [para("No KPI has a measurement or a numeric target to draw.")]),
  ];
}

export async function renderPackDocx(pack: BoardPack): Promise<Buffer> {
  const since = pack.previous ? `since the pack of ${displayDate(pack.previous)}` : "since the last pack";
  const t = pack.totals;
  const changes = [
    ...pack.completed.map((m) => [m.id, m.title, "Completed (Blue)", m.owners.join(", ") || "no owner"]),
    ...pack.turnedAmberOrRed.map((m) => [m.id, m.title, `${m.from ? statusWord(m.from) : "new"} → ${statusWord(m.to)}`, m.owners.join(", ") || "no owner"]),
  ];
  const changeWidths = [0.12, 0.48, 0.18, 0.22];
  const overdueWidths = [0.12, 0.34, 0.2, 0.1, 0.09, 0.15];
  const riskWidths = [0.06, 0.42, 0.16, 0.12, 0.1, 0.14];
  const qiWidths = [0.1, 0.3, 0.14, 0.46];
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: pack.title, heading: HeadingLevel.TITLE }),
    para(pack.plan.title, { bold: true }),
    para(`Board: ${pack.board.name}${pack.meeting ? `, meeting on ${displayDate(pack.meeting)}` : ""}`),
    para(`Position as at ${displayDate(pack.asOf)}. ${t.milestones} milestones: ${t.blue} Blue, ${t.green} Green, ${t.amber} Amber, ${t.red} Red; ${t.overdue} overdue.`),
    heading("Progress by area of weakness"),
    image(await progressChart(pack.areas)),
    ...progressTables(pack),
    // The board's governance (issue 23), after its progress as in the digest.
    ...governanceSections(pack).flatMap(section),
    heading("What has changed? (action leads)"),
    ...(pack.commentary.length ? pack.commentary.flatMap((c) => [para(`${c.actionId} ${c.title} (${c.by}, ${c.period})`, { bold: true }), para(c.text)]) : [para(NONE)]),
    heading(`Milestones completed or turned Amber or Red ${since}`),
    ...(pack.previous === null ? [para("This is the board's first pack: changes are counted from the next one.")] : changes.length ? [table(["Milestone", "Title", "Change", "Owners"], changeWidths, textRows(changeWidths, changes))] : [para(NONE)]),
    heading(`Overdue milestones (${pack.overdue.length})`),
    pack.overdue.length
      ? table(["Milestone", "Title", "Owners", "Status", "Days over", "Prompt"], overdueWidths, pack.overdue.map((m) => [cell(m.id, { width: overdueWidths[0]! }), cell(m.title, { width: overdueWidths[1]! }), cell(m.owners.join(", ") || "no owner", { width: overdueWidths[2]! }), cell(statusWord(m.status), { width: overdueWidths[3]!, status: m.status, align: "center" }), cell(String(m.daysOverdue), { width: overdueWidths[4]!, align: "center" }), cell(m.promptState, { width: overdueWidths[5]! })]))
      : para(NONE),
    ...(await kpiSection(pack)),
    heading("Risks, highest score first"),
    pack.risks.length
      ? table(["Risk", "Description", "Owner", "Score before / after", "Review due", "Due for review"], riskWidths, textRows(riskWidths, pack.risks.map((r) => [r.id, r.risk, r.owner ?? "", `${r.before.score} / ${r.after.score}`, r.reviewDue, r.dueForReview ? "DUE" : "no"])))
      : para(NONE),
    heading("Quality indicator findings"),
    pack.qiFindings.length ? table(["QI", "Indicator", "Period", "Finding"], qiWidths, textRows(qiWidths, pack.qiFindings.map((q) => [q.ref, q.title, q.period, `${q.rating ? `${statusWord(q.rating)}: ` : ""}${q.text} (${q.by})`]))) : para(NONE),
    ...section(notesSection(pack)),
  ];
  const document = new Document({
    creator: "Plan Tracker",
    title: pack.title,
    description: `${pack.plan.title}, as at ${pack.asOf}`,
    styles: { default: { document: { run: { font: FONT, size: 20 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: body }],
  });
  return Packer.toBuffer(document);
}

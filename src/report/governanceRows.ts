import type { BoardPack, PackAction } from "../domain/boardPack";
import { displayDate } from "../domain/dates";
import { describeQiPeriod } from "../domain/periods";
import { statusWord } from "../domain/status";

/**
 * The pack's governance sections (issue 23) as tables of text, for the Word document (a heading
 * and a table each) and the Excel workbook (a sheet each) alike: lived experience, what was
 * escalated to and by the board, its external reviews' recommendations, the data to complete,
 * and the notes on sources. Each row is the digest's result as it stands, worded once here.
 */
export interface PackSection {
  /** The Word heading ("Escalated to this board (1)"). */
  heading: string;
  /** The Excel sheet's name (31 characters at most). */
  sheet: string;
  headers: string[];
  /** Each column's share of the width. */
  widths: number[];
  rows: string[][];
  /** What the Word pack says in place of an empty table. */
  none: string;
}

/** "31 Dec 2023" for an action on time; "31 Dec 2023: 15 days past its deadline" for one past it and not complete. */
export function deadlineText(action: Pick<PackAction, "due" | "daysPastDeadline">): string {
  return action.daysPastDeadline === null ? displayDate(action.due) : `${displayDate(action.due)}: ${action.daysPastDeadline} days past its deadline`;
}

function escalations(heading: string, sheet: string, list: BoardPack["boardEscalations"]["received"], none: string): PackSection {
  return {
    heading: `${heading} (${list.length})`,
    sheet,
    headers: ["Risk or issue", "Title", "From", "To", "Escalated on", "By", "Reason"],
    widths: [0.1, 0.2, 0.14, 0.14, 0.11, 0.11, 0.2],
    rows: list.map((e) => [e.subjectId, e.title, e.fromBoard.name, e.toBoard.name, displayDate(e.escalatedOn), e.by, e.reason]),
    none,
  };
}

/** Each lived-experience QI's latest finding; one with nothing recorded for the period says so in its row. */
function livedExperience(lived: NonNullable<BoardPack["livedExperience"]>): PackSection {
  const period = describeQiPeriod(lived.period);
  return {
    heading: "Lived experience",
    sheet: "Lived experience",
    headers: ["QI", "Area", "Indicator", "Finding"],
    widths: [0.1, 0.08, 0.3, 0.52],
    rows: lived.qis.map((q) => [
      q.ref,
      q.area,
      q.title,
      q.latest
        ? `${q.recordedThisPeriod ? "" : `Nothing recorded for ${period}; latest from ${describeQiPeriod(q.latest.period)}: `}${q.latest.text} (${q.latest.by}, ${displayDate(q.latest.date)})`
        : `Nothing recorded for ${period}.`,
    ]),
    none: "The plan names no lived-experience quality indicator.",
  };
}

function recommendations(pack: BoardPack): PackSection {
  return {
    heading: "External reviews: recommendations",
    sheet: "External reviews",
    headers: ["Review", "Recommendation", "State", "Text", "Linked work"],
    widths: [0.2, 0.1, 0.12, 0.38, 0.2],
    rows: pack.externalReviews.flatMap((review) =>
      review.recommendations.map((r) => [
        `${review.title} (${displayDate(review.date)})`,
        r.id,
        r.state,
        r.text,
        r.linked.map((l) => `${l.id} ${statusWord(l.status)}${l.overdue ? " (overdue)" : ""}`).join(", ") || "no linked work",
      ]),
    ),
    none: "No recommendations recorded.",
  };
}

function dataToComplete(todo: BoardPack["dataToComplete"]): string[][] {
  return [
    ...todo.kpisWithoutTarget.map((k) => ["KPI", k.id, "no target", k.title]),
    ...todo.milestonesWithoutOwner.map((m) => ["Milestone", m.id, "no owner", m.title]),
    ...todo.qisWithoutCadence.map((q) => ["Quality indicator", `${q.ref} (area ${q.area})`, "no fixed cadence", q.title]),
  ];
}

/** The board's governance, in the digest's order; a section the board does not have is left out, "Escalated to this board" never is. */
export function governanceSections(pack: BoardPack): PackSection[] {
  const todo = dataToComplete(pack.dataToComplete);
  return [
    ...(pack.livedExperience ? [livedExperience(pack.livedExperience)] : []),
    escalations("Escalated to this board", "Escalated to this board", pack.boardEscalations.received, "Nothing is escalated to this board."),
    ...(pack.boardEscalations.sent.length ? [escalations("Escalated by this board", "Escalated by this board", pack.boardEscalations.sent, "Nothing was escalated by this board.")] : []),
    ...(pack.externalReviews.length ? [recommendations(pack)] : []),
    ...(todo.length ? [{ heading: `Data to complete (${todo.length})`, sheet: "Data to complete", headers: ["What", "Id", "To complete", "Title"], widths: [0.18, 0.14, 0.16, 0.52], rows: todo, none: "Nothing to complete." }] : []),
  ];
}

/** How many statuses are the plan file's (so illustrative, not an owner's), the board's cadence note, each transcription note, and the baselines' notes. */
export function notesSection(pack: BoardPack): PackSection {
  const s = pack.statusSource;
  const kpiName = (k: BoardPack["kpis"][number]) => `${/^\d/.test(k.id) ? "KPI " : ""}${k.id}${k.label ? ` (${k.label})` : ""}`;
  return {
    heading: "Notes and sources",
    sheet: "Notes",
    headers: ["About", "Note"],
    widths: [0.2, 0.8],
    rows: [
      ...(s.fromPlanFile > 0 ? [["Milestone statuses", `${s.fromPlanFile} of ${s.milestones} milestone statuses are as the plan file gives them, not yet recorded by their owners.`]] : []),
      ...(pack.cadenceNote ? [["Board cadence", pack.cadenceNote]] : []),
      ...pack.sourceNotes.map((n) => [n.about, n.note]),
      // A baseline's note (KPI 2: where it was captured) stays a note, never the baseline.
      ...pack.kpis.filter((k) => k.baselineNote).map((k) => [`${kpiName(k)} baseline`, k.baselineNote!]),
    ],
    none: "None recorded.",
  };
}

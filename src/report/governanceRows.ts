import type { BoardPack, PackAction } from "../domain/boardPack";
import { displayDate } from "../domain/dates";
import { describeQiPeriod } from "../domain/periods";
import { statusWord } from "../domain/status";

/**
 * The pack's governance sections (issue 23) as rows of text, for the Word tables and the Excel
 * sheets alike: what was escalated to and by the board, its external reviews' recommendations,
 * lived experience, the data to complete and the notes on sources. Each row is the digest's
 * result as it stands, worded once.
 */

export const ESCALATION_HEADERS = ["Risk or issue", "Title", "From", "To", "Escalated on", "By", "Reason"];
export const RECOMMENDATION_HEADERS = ["Review", "Recommendation", "State", "Text", "Linked work"];
export const LIVED_EXPERIENCE_HEADERS = ["QI", "Area", "Indicator", "Finding"];
export const DATA_TO_COMPLETE_HEADERS = ["What", "Id", "To complete", "Title"];
export const NOTE_HEADERS = ["About", "Note"];

/** "31 Dec 2023" for an action on time; "31 Dec 2023: 15 days past its deadline" for one past it and not complete. */
export function deadlineText(action: Pick<PackAction, "due" | "daysPastDeadline">): string {
  return action.daysPastDeadline === null ? displayDate(action.due) : `${displayDate(action.due)}: ${action.daysPastDeadline} days past its deadline`;
}

export function escalationRows(escalations: BoardPack["boardEscalations"]["received"]): string[][] {
  return escalations.map((e) => [e.subjectId, e.title, e.fromBoard.name, e.toBoard.name, displayDate(e.escalatedOn), e.by, e.reason]);
}

export function recommendationRows(pack: BoardPack): string[][] {
  return pack.externalReviews.flatMap((review) =>
    review.recommendations.map((r) => [
      `${review.title} (${displayDate(review.date)})`,
      r.id,
      r.state,
      r.text,
      r.linked.map((l) => `${l.id} ${statusWord(l.status)}${l.overdue ? " (overdue)" : ""}`).join(", ") || "no linked work",
    ]),
  );
}

/** Each lived-experience QI's latest finding; one with nothing recorded for the period says so in its row. */
export function livedExperienceRows(lived: NonNullable<BoardPack["livedExperience"]>): string[][] {
  const period = describeQiPeriod(lived.period);
  return lived.qis.map((q) => [
    q.ref,
    q.area,
    q.title,
    q.latest
      ? `${q.recordedThisPeriod ? "" : `Nothing recorded for ${period}; latest from ${describeQiPeriod(q.latest.period)}: `}${q.latest.text} (${q.latest.by}, ${displayDate(q.latest.date)})`
      : `Nothing recorded for ${period}.`,
  ]);
}

export function dataToCompleteRows(todo: BoardPack["dataToComplete"]): string[][] {
  return [
    ...todo.kpisWithoutTarget.map((k) => ["KPI", k.id, "no target", k.title]),
    ...todo.milestonesWithoutOwner.map((m) => ["Milestone", m.id, "no owner", m.title]),
    ...todo.qisWithoutCadence.map((q) => ["Quality indicator", `${q.ref} (area ${q.area})`, "no fixed cadence", q.title]),
  ];
}

/** How many statuses are the plan file's (so illustrative, not an owner's), then each transcription note. */
export function noteRows(pack: BoardPack): string[][] {
  const s = pack.statusSource;
  return [
    ...(s.fromPlanFile > 0 ? [["Milestone statuses", `${s.fromPlanFile} of ${s.milestones} milestone statuses are as the plan file gives them, not yet recorded by their owners.`]] : []),
    ...(pack.cadenceNote ? [["Board cadence", pack.cadenceNote]] : []),
    ...pack.sourceNotes.map((n) => [n.about, n.note]),
    // A baseline's note (KPI 2: where it was captured) stays a note, never the baseline.
    ...pack.kpis.filter((k) => k.baselineNote).map((k) => [`${/^\d/.test(k.id) ? "KPI " : ""}${k.id}${k.label ? ` (${k.label})` : ""} baseline`, k.baselineNote!]),
  ];
}

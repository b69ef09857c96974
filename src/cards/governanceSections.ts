import { displayDate } from "../domain/dates";
import type { DigestContent } from "../domain/digest";
import { describeQiPeriod } from "../domain/periods";
import { statusWord } from "../domain/status";

/**
 * The digest card's governance sections (issue 23), added before the others: lived
 * experience (on a board with that focus), what was escalated to and by this board,
 * actions past their deadline, the reviews this board holds and the data to complete.
 */
interface Line {
  text: string;
  color: string;
}
interface Section {
  title: string;
  empty: string;
  lines: Line[];
  more: string;
}

const line = (text: string, color = "default"): Line => ({ text, color });

function cut(lines: Line[], max: number, what: string): { lines: Line[]; more: string } {
  return lines.length <= max ? { lines, more: "" } : { lines: lines.slice(0, max), more: `… and ${lines.length - max} more ${what}: see the buttons below.` };
}

/** The digest card's closing Source section: how many statuses are the plan file's, and the plan's note (shortened). */
export function sourceSections(d: DigestContent): Section[] {
  const s = d.statusSource;
  if (s.fromPlanFile === 0 && !s.sourceNote) return [];
  const note = s.sourceNote && s.sourceNote.length > 400 ? `${s.sourceNote.slice(0, 397)}…` : s.sourceNote;
  return [{ title: "Source", empty: "", lines: [...(s.fromPlanFile > 0 ? [line(`${s.fromPlanFile} of ${s.milestones} milestone statuses are as the plan file gives them, not yet recorded by their owners.`)] : []), ...(note ? [line(note)] : [])], more: "" }];
}

export function governanceSections(d: DigestContent, maxLines: number): Section[] {
  const sections: Section[] = [];
  const full = Math.max(maxLines, 10);
  if (d.livedExperience) {
    const period = describeQiPeriod(d.livedExperience.period);
    sections.push({
      title: "Lived experience",
      empty: "The plan names no lived-experience quality indicator.",
      ...cut(
        d.livedExperience.qis.map((q) =>
          q.latest
            ? line(`**${q.ref}** (area ${q.area})${q.recordedThisPeriod ? "" : ` · nothing recorded for ${period}; latest from ${describeQiPeriod(q.latest.period)}`}: ${q.latest.text} (${q.latest.by}, ${displayDate(q.latest.date)})`)
            : line(`**${q.ref}** (area ${q.area}): nothing recorded for ${period}`, "attention"),
        ),
        full,
        "quality indicators",
      ),
    });
  }
  sections.push({
    title: `Escalated to this board (${d.boardEscalations.received.length})`,
    empty: "Nothing is escalated to this board.",
    ...cut(d.boardEscalations.received.map((e) => line(`**${e.subjectId}** ${e.title} · from ${e.fromBoard.name}, ${displayDate(e.escalatedOn)} (${e.by}): ${e.reason}`, "attention")), full, "escalations"),
  });
  if (d.boardEscalations.sent.length > 0) {
    sections.push({ title: `Escalated by this board (${d.boardEscalations.sent.length})`, empty: "", ...cut(d.boardEscalations.sent.map((e) => line(`**${e.subjectId}** to ${e.toBoard.name}, ${displayDate(e.escalatedOn)}: ${e.reason}`)), full, "escalations") });
  }
  if (d.actionsPastDeadline.length > 0) {
    sections.push({
      title: `Actions past their deadline (${d.actionsPastDeadline.length})`,
      empty: "",
      ...cut(d.actionsPastDeadline.map((a) => line(`**${a.id}** ${a.title} · due ${displayDate(a.due)}, ${a.daysPastDeadline} days past · ${statusWord(a.overall)}`, "attention")), maxLines, "actions"),
    });
  }
  for (const review of d.externalReviews) {
    sections.push({
      title: `${review.title} (${displayDate(review.date)})`,
      empty: "No recommendations recorded.",
      ...cut(review.recommendations.map((r) => line(`**${r.id}** ${r.state}: ${r.text}`)), full, "recommendations"),
    });
  }
  const todo = d.dataToComplete;
  const todoLines = [
    // Not in bold: the KPI's own line (above) is the one that names it.
    ...todo.kpisWithoutTarget.map((k) => line(`${k.id} has no target`)),
    ...todo.milestonesWithoutOwner.map((m) => line(`${m.id} has no owner`)),
    ...todo.qisWithoutCadence.map((q) => line(`${q.ref} (area ${q.area}) has no fixed cadence`)),
  ];
  if (todoLines.length > 0) sections.push({ title: `Data to complete (${todoLines.length})`, empty: "", ...cut(todoLines, maxLines, "items") });
  if (d.cadenceNote) sections.push({ title: "Cadence", empty: "", lines: [line(d.cadenceNote)], more: "" });
  return sections;
}

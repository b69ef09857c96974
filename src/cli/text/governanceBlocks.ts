import { displayDate } from "../../domain/dates";
import type { DigestContent } from "../../domain/digest";
import { describeQiPeriod } from "../../domain/periods";
import { statusWord } from "../../domain/status";

/** A digest's governance sections (issue 23), on paper: the same blocks as the rest of the digest. */
export interface GovernanceBlock {
  heading: string;
  table?: { headers: string[]; rows: string[][] };
  lines?: string[];
  empty?: string;
}

export function governanceBlocks(d: DigestContent): GovernanceBlock[] {
  const blocks: GovernanceBlock[] = [];
  if (d.livedExperience) {
    blocks.push({
      heading: "Lived experience",
      empty: "The plan names no lived-experience quality indicator.",
      lines: d.livedExperience.qis.map((q) =>
        q.latest
          ? `${q.ref} (area ${q.area}) ${q.recordedThisPeriod ? "" : `[nothing recorded for ${describeQiPeriod(d.livedExperience!.period)}; latest from ${describeQiPeriod(q.latest.period)}] `}${q.latest.text} (${q.latest.by}, ${displayDate(q.latest.date)})`
          : `${q.ref} (area ${q.area}): nothing recorded for ${describeQiPeriod(d.livedExperience!.period)}. ${q.title}`,
      ),
    });
  }
  blocks.push({
    heading: `Escalated to this board (${d.boardEscalations.received.length})`,
    empty: "Nothing is escalated to this board.",
    lines: d.boardEscalations.received.map((e) => `${e.subjectId} ${e.title} — from ${e.fromBoard.name} on ${displayDate(e.escalatedOn)} by ${e.by}: ${e.reason}`),
  });
  if (d.boardEscalations.sent.length > 0) {
    blocks.push({ heading: `Escalated by this board (${d.boardEscalations.sent.length})`, lines: d.boardEscalations.sent.map((e) => `${e.subjectId} ${e.title} — to ${e.toBoard.name} on ${displayDate(e.escalatedOn)}: ${e.reason}`) });
  }
  blocks.push({
    heading: `Actions past their deadline (${d.actionsPastDeadline.length})`,
    empty: "No action is past its deadline.",
    lines: d.actionsPastDeadline.map((a) => `${a.id} ${a.title}: due ${displayDate(a.due)}, ${a.daysPastDeadline} days past, ${statusWord(a.overall)}, not complete`),
  });
  for (const review of d.externalReviews) {
    blocks.push({
      heading: `${review.title} (${displayDate(review.date)}): recommendations`,
      empty: "No recommendations recorded.",
      lines: review.recommendations.map((r) => `${r.id} [${r.state}] ${r.text}${r.linked.length ? ` — ${r.linked.map((l) => `${l.id} ${statusWord(l.status)}`).join(", ")}` : ""}`),
    });
  }
  const todo = d.dataToComplete;
  const todoLines = [
    ...todo.kpisWithoutTarget.map((k) => `${k.id} has no target: ${k.title}`),
    ...todo.milestonesWithoutOwner.map((m) => `${m.id} has no owner`),
    ...todo.qisWithoutCadence.map((q) => `${q.ref} (area ${q.area}) has no fixed cadence`),
  ];
  blocks.push({ heading: `Data to complete (${todoLines.length})`, empty: "Nothing to complete.", lines: todoLines });
  if (d.cadenceNote) blocks.push({ heading: "Cadence", lines: [d.cadenceNote] });
  return blocks;
}

/** The digest's closing "Source" block: how many statuses are the plan file's, and the plan's source note. */
export function sourceBlocks(d: DigestContent): GovernanceBlock[] {
  const s = d.statusSource;
  if (s.fromPlanFile === 0 && !s.sourceNote) return [];
  return [{ heading: "Source", lines: [...(s.fromPlanFile > 0 ? [`${s.fromPlanFile} of ${s.milestones} milestone statuses are as the plan file gives them, not yet recorded by their owners.`] : []), ...(s.sourceNote ? [s.sourceNote] : [])] }];
}

import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { summariseMilestone } from "../../domain/milestones";
import { findMilestone } from "../../domain/view";
import { messageCard, statusBadge, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { sourceLine } from "../../cards/sourceLine";
import { milestoneCheckpoints } from "../../domain/milestoneCheckpoints";

/** Its checkpoints and their state, as lines (issue 23). */
function milestoneCheckpointLines(context: CommandContext, milestone: { id: string; checkpoints?: string; start?: string; due?: string }): string[] {
  const checkpoints = milestoneCheckpoints(milestone, context.view.plan.startDate, context.view.records?.checkpoints ?? [], context.asOf);
  if (checkpoints.length === 0) return [];
  const shown = checkpoints.length > 8 ? checkpoints.filter((c) => c.date <= context.asOf).slice(-6).concat(checkpoints.filter((c) => c.date > context.asOf).slice(0, 2)) : checkpoints;
  return [`**Checkpoints** (${milestone.checkpoints}): ${shown.map((c) => `${displayDate(c.date)} ${c.state}${c.note ? ` (${c.note})` : ""}`).join("; ")}`];
}

/** One milestone: its status, owner, due date, latest note and last update, with the update button. */
export function milestoneCommand(context: CommandContext, milestoneId: string): CardReply {
  const found = findMilestone(context.view.plan, milestoneId);
  if (!found) return messageCard(`There is no milestone ${milestoneId} in this plan.`, { buttons: [{ title: "Plan status", command: "status" }] });
  const m = summariseMilestone(context.view, found.action, found.milestone, context.asOf);
  const due = m.ongoing ? "ongoing" : m.effectiveDue ? `${displayDate(m.effectiveDue)}${m.revisedDue ? " (revised)" : ""}` : "no due date";
  return {
    card: "milestone",
    data: {
      id: m.id,
      title: m.title,
      ...statusBadge(m.status),
      actionText: `${found.action.id} ${found.action.shortTitle ?? found.action.title}`,
      ownersText: m.owners.map((o) => o.name).join(", ") || "no owner",
      dueText: m.daysOverdue === null ? due : `${due} · ${count(m.daysOverdue, "day")} overdue`,
      noteText: m.note ?? "none yet",
      updatedText: m.updatedAt ? `${displayDate(m.updatedAt.slice(0, 10))} by ${m.updatedBy ?? "someone"}` : "none since the plan was imported",
      evidenceText: m.evidence ?? "none",
      checkpointsText: milestoneCheckpointLines(context, found.milestone).join(""),
      source: sourceLine(found.milestone.sourceNote, !m.statusRecorded && "the status is as the plan file gives it, not yet recorded by its owner"),
      buttons: [
        { title: "Update", command: `update ${m.id}` },
        { title: `Action ${found.action.id}`, command: `status ${found.action.id}` },
      ],
    },
  };
}

import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { summariseMilestone } from "../../domain/milestones";
import { findMilestone } from "../../domain/view";
import { messageCard, statusBadge, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

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
      buttons: [
        { title: "Update", command: `update ${m.id}` },
        { title: `Action ${found.action.id}`, command: `status ${found.action.id}` },
      ],
    },
  };
}

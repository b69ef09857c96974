import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { describeMonth } from "../../domain/periods";
import type { MilestoneSummary } from "../../domain/milestones";
import { statusWord } from "../../domain/status";
import { summariseAction } from "../../domain/summaries";
import { findAction } from "../../domain/view";
import { messageCard, statusBadge, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { sourceLine } from "../../cards/sourceLine";

function milestoneDetail(m: MilestoneSummary): string {
  const owners = m.owners.map((o) => o.name).join(", ") || "no owner";
  const due = m.ongoing ? "ongoing" : m.effectiveDue ? `due ${displayDate(m.effectiveDue)}${m.revisedDue ? " (revised)" : ""}` : "no due date";
  const late = m.daysOverdue === null ? "" : ` · ${count(m.daysOverdue, "day")} overdue`;
  return `${owners} · ${due}${late}`;
}

/** The action lead's latest "What has changed?", up to the as-of month. */
function latestCommentary(view: CommandContext["view"], actionId: string, asOf: string): { commentaryText: string; commentaryPeriod: string; commentaryBy: string } {
  const latest = (view.records?.commentary ?? []).filter((c) => c.actionId === actionId && c.period <= asOf.slice(0, 7)).sort((a, b) => a.period.localeCompare(b.period) || a.at.localeCompare(b.at)).pop();
  return latest ? { commentaryText: latest.text, commentaryPeriod: describeMonth(latest.period), commentaryBy: latest.byName } : { commentaryText: "", commentaryPeriod: "", commentaryBy: "" };
}

/** One action in detail: lead, overall status with its reason, every milestone. */
export function actionCommand(context: CommandContext, actionId: string): CardReply {
  const action = findAction(context.view.plan, actionId);
  if (!action) {
    const ids = context.view.plan.actions.map((a) => a.id).join(", ");
    return messageCard(`There is no action ${actionId} in this plan. The actions are ${ids}.`, { buttons: [{ title: "Plan status", command: "status" }] });
  }
  const summary = summariseAction(context.view, action, context.asOf);
  const c = summary.counts;
  const overallText = summary.override
    ? `${statusWord(summary.overall)} (set by ${summary.override.by}; derived ${statusWord(summary.derived)})`
    : statusWord(summary.overall);
  return {
    card: "actionDetail",
    data: {
      id: summary.id,
      title: summary.title,
      lead: summary.lead.name,
      dueText: summary.daysPastDeadline === null ? displayDate(summary.due) : `${displayDate(summary.due)} · **past its deadline** (${summary.daysPastDeadline} days) and not complete`,
      overallText,
      reason: summary.override ? `${summary.override.reason} (derived: ${summary.derivedReason})` : summary.derivedReason,
      ...latestCommentary(context.view, action.id, context.asOf),
      // The action's own note only: a long action's card is near Teams' size limit (the milestone card and the digest say which statuses are the plan file's).
      source: sourceLine(action.sourceNote),
      countsText: `${c.blue} Blue, ${c.green} Green, ${c.amber} Amber, ${c.red} Red${c.unrated ? `, ${c.unrated} unrated` : ""}; ${summary.overdue} overdue`,
      milestones: summary.milestones.map((m) => ({ id: m.id, title: m.title, ...statusBadge(m.status), detailText: milestoneDetail(m), note: m.note ?? "" })),
      buttons: [
        { title: "Plan status", command: "status" },
        { title: "Overdue", command: "overdue" },
      ],
    },
  };
}

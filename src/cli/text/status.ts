import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import type { ActionSummary, PlanSummary } from "../../domain/summaries";
import { statusWord } from "../../domain/status";
import { formatTable } from "../table";

const overallText = (action: ActionSummary) =>
  action.override ? `${statusWord(action.overall)} (override; derived ${statusWord(action.derived)})` : statusWord(action.overall);

/** The progress table of the board report: per area, each action's B/G/A/R counts and overall status. */
export function renderStatus(summary: PlanSummary): string {
  const parts = [`${summary.plan.title} — status as of ${displayDate(summary.asOf)}`, ""];
  for (const area of summary.areas) {
    parts.push(`Area ${area.id}: ${area.title}`);
    const rows = summary.actions
      .filter((a) => a.area === area.id)
      .map((a) => [a.id, a.shortTitle ?? a.title, a.lead.name, String(a.counts.blue), String(a.counts.green), String(a.counts.amber), String(a.counts.red), String(a.counts.unrated), overallText(a) + (a.daysPastDeadline !== null ? " (past deadline)" : ""), String(a.overdue)]);
    parts.push(formatTable(["Action", "Title", "Lead", "B", "G", "A", "R", "Unrated", "Overall", "Overdue"], rows, { maxWidth: [6, 60, 24], alignRight: [3, 4, 5, 6, 7, 9] }));
    parts.push("");
  }
  const t = summary.totals;
  parts.push(`${count(t.milestones, "milestone")}: ${t.counts.blue} Blue, ${t.counts.green} Green, ${t.counts.amber} Amber, ${t.counts.red} Red, ${t.counts.unrated} unrated; ${t.overdue} overdue.`);
  if (summary.sourceNote) parts.push("", `Source: ${summary.sourceNote}`);
  return parts.join("\n");
}

export function renderAction(action: ActionSummary, asOf: string, sourceNote?: string): string {
  const lines = [
    `Action ${action.id}: ${action.title}`,
    `Lead: ${action.lead.name}    Due: ${displayDate(action.due)}    As of: ${displayDate(asOf)}`,
    ...(action.daysPastDeadline !== null ? [`PAST ITS DEADLINE: the action was due ${displayDate(action.due)} and is not complete (${action.daysPastDeadline} days past).`] : []),
    `Overall: ${overallText(action)}`,
    action.override ? `  Override by ${action.override.by}: ${action.override.reason}` : `  Derived: ${action.derivedReason}`,
    "",
  ];
  const rows = action.milestones.map((m) => [
    m.id,
    m.title,
    m.owners.map((o) => o.name).join(", ") || "(no owner)",
    m.ongoing ? "ongoing" : m.effectiveDue ? displayDate(m.effectiveDue) + (m.revisedDue ? " (revised)" : "") : "",
    statusWord(m.status) + (m.statusRecorded ? "" : "*"),
    m.daysOverdue === null ? "" : count(m.daysOverdue, "day"),
    m.note ?? "",
  ]);
  lines.push(formatTable(["Milestone", "Title", "Owner", "Due", "Status", "Overdue", "Latest note"], rows, { maxWidth: [9, 50, 30, 24, 8, 10, 40] }));
  if (action.milestones.some((m) => !m.statusRecorded)) lines.push("* as the plan file gives it: not yet recorded by its owner (see the plan's source note on status).");
  if (sourceNote) lines.push(`Source: ${sourceNote}`);
  return lines.join("\n");
}

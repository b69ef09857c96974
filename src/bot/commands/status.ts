import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { summarisePlan } from "../../domain/summaries";
import { fitting, statusBadge, type CardReply } from "../../cards/cards";
import { actionsChart } from "../../cards/chartElements";
import { statusWord } from "../../domain/status";
import type { CommandContext } from "./context";

/**
 * The progress table of the board report, per area of weakness. A plan with more actions
 * than fit in one Teams message shows the first of each area and says how many more.
 */
export function statusCommand(context: CommandContext): CardReply {
  const summary = summarisePlan(context.view, context.asOf);
  return fitting([Infinity, 25, 12, 6].map((perArea) => () => statusCard(summary, perArea)));
}

function statusCard(summary: ReturnType<typeof summarisePlan>, perArea: number): CardReply {
  const overdue = summary.totals.overdue;
  const byOverall = (["blue", "green", "amber", "red"] as const).map((s) => `${summary.actions.filter((a) => a.overall === s).length} ${statusWord(s)}`).join(", ");
  return {
    card: "planStatus",
    data: {
      speak: `Plan status as of ${displayDate(summary.asOf)}: ${count(summary.actions.length, "action")}; ${byOverall}; ${count(overdue, "milestone")} overdue.`,
      planTitle: summary.plan.title,
      asOfText: displayDate(summary.asOf),
      milestoneCount: count(summary.totals.milestones, "milestone"),
      overdueText: overdue === 0 ? "none overdue" : `${overdue} overdue`,
      source: summary.sourceNote ?? "",
      areas: summary.areas.map((area) => {
        const actions = summary.actions.filter((a) => a.area === area.id);
        return {
        id: area.id,
        title: area.shortTitle ?? area.title,
        more: actions.length > perArea ? `… and ${count(actions.length - perArea, "more action")} in this area, too many for one message: ask for one with "status <action>".` : "",
        actions: actions
          .slice(0, perArea)
          .map((a) => ({
            id: a.id,
            title: a.shortTitle ?? a.title,
            blue: String(a.counts.blue),
            green: String(a.counts.green),
            amber: String(a.counts.amber),
            red: String(a.counts.red),
            ...statusBadge(a.overall),
            ...(a.override || a.daysPastDeadline !== null ? { statusText: `${statusBadge(a.overall).statusText}${a.override ? " (override)" : ""}${a.daysPastDeadline !== null ? " · past deadline" : ""}` } : {}),
          })),
        };
      }),
      chart: actionsChart(summary.actions.map((a) => ({ ...a, overall: statusWord(a.overall) }))),
      buttons: [
        { title: `Overdue (${overdue})`, command: "overdue" },
        { title: "My actions", command: "mine" },
        { title: "KPIs", command: "kpis" },
        { title: "Risks", command: "risks" },
      ],
    },
  };
}

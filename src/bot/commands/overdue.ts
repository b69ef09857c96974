import { displayDate } from "../../domain/dates";
import { groupByOwner, overdueMilestones, type MilestoneSummary } from "../../domain/milestones";
import { statusBadge, type CardReply } from "../cards";
import type { CommandContext } from "./context";

export const overdueRow = (m: MilestoneSummary) => ({
  id: m.id,
  title: m.title,
  ...statusBadge(m.status),
  dueText: m.effectiveDue ? displayDate(m.effectiveDue) : "",
  daysText: `${m.daysOverdue} day${m.daysOverdue === 1 ? "" : "s"} overdue`,
});

/** Overdue milestones grouped by owner (a shared milestone appears under each owner). */
export function overdueCommand(context: CommandContext): CardReply {
  const overdue = overdueMilestones(context.view, context.asOf);
  const groups = groupByOwner(overdue);
  return {
    card: "overdue",
    data: {
      asOfText: displayDate(context.asOf),
      countText: overdue.length === 0 ? "Nothing is overdue" : `${overdue.length} overdue milestone${overdue.length === 1 ? "" : "s"}`,
      owners: groups.map((g) => ({
        owner: `${g.owner?.name ?? "No owner"} (${g.milestones.length})`,
        milestones: g.milestones.map((m) => {
          const row = overdueRow(m);
          const prompt = context.promptStates?.get(m.id);
          return prompt ? { ...row, daysText: `${row.daysText} · ${prompt}` } : row;
        }),
      })),
      buttons: [
        { title: "Plan status", command: "status" },
        { title: "My actions", command: "mine" },
      ],
    },
  };
}

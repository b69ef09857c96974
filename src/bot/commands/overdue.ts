import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { groupByOwner, overdueMilestones, type MilestoneSummary } from "../../domain/milestones";
import { fitting, statusBadge, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

export const overdueRow = (m: MilestoneSummary) => ({
  id: m.id,
  title: m.title,
  ...statusBadge(m.status),
  dueText: m.effectiveDue ? displayDate(m.effectiveDue) : "",
  daysText: `${count(m.daysOverdue ?? 0, "day")} overdue`,
});

/**
 * Overdue milestones grouped by owner (a shared milestone appears under each owner). A
 * list too long for one Teams message shows its first rows and says how many more there are.
 */
export function overdueCommand(context: CommandContext): CardReply {
  const overdue = overdueMilestones(context.view, context.asOf);
  const groups = groupByOwner(overdue);
  return fitting([Infinity, 60, 30, 15, 5].map((maxRows) => () => overdueCard(context, overdue, groups, maxRows)));
}

function overdueCard(context: CommandContext, overdue: MilestoneSummary[], allGroups: ReturnType<typeof groupByOwner>, maxRows: number): CardReply {
  let room = maxRows;
  const groups = allGroups.flatMap((group) => {
    if (room <= 0) return [];
    const shown = group.milestones.slice(0, room);
    room -= shown.length;
    return [{ ...group, shown }];
  });
  const rows = allGroups.reduce((n, g) => n + g.milestones.length, 0);
  const hidden = rows - groups.reduce((n, g) => n + g.shown.length, 0);
  return {
    card: "overdue",
    data: {
      asOfText: displayDate(context.asOf),
      countText: overdue.length === 0 ? "Nothing is overdue" : `${overdue.length} overdue milestone${overdue.length === 1 ? "" : "s"}`,
      more: hidden > 0 ? `… and ${hidden} more, too many for one message. Type "mine" for your own; \`plan-tracker overdue\` lists them all.` : "",
      owners: groups.map((g) => ({
        owner: `${g.owner?.name ?? "No owner"} (${g.milestones.length})`,
        milestones: g.shown.map((m) => {
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

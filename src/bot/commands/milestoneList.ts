import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import type { MilestoneSummary } from "../../domain/milestones";
import { fitting, statusBadge, type Button, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

export interface MilestoneGroup {
  heading: string;
  milestones: MilestoneSummary[];
}

const row = (m: MilestoneSummary) => ({
  id: m.id,
  title: m.title,
  ...statusBadge(m.status),
  dueText: m.ongoing ? "ongoing" : m.effectiveDue ? displayDate(m.effectiveDue) : "not given",
  daysText: m.daysOverdue === null ? m.owners.map((o) => o.name).join(", ") || "no owner" : `${count(m.daysOverdue, "day")} overdue · ${m.owners.map((o) => o.name).join(", ") || "no owner"}`,
});

/** Overdue first, longest overdue first, then by id: what matters survives a list cut to fit. */
export function overdueFirst(milestones: MilestoneSummary[]): MilestoneSummary[] {
  return [...milestones].sort((a, b) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) || a.id.localeCompare(b.id, "en", { numeric: true }));
}

/** Groups of milestones under a heading, cut to fit one Teams message. */
export function milestoneListCard(context: CommandContext, heading: string, countText: string, groups: MilestoneGroup[], buttons: Button[]): CardReply {
  const total = groups.reduce((n, g) => n + g.milestones.length, 0);
  return fitting([Infinity, 40, 20, 10].map((max) => () => {
    let room = max;
    const shown = groups.map((g) => {
      const rows = g.milestones.slice(0, Math.max(0, room));
      room -= rows.length;
      return { owner: g.heading, milestones: rows.map(row) };
    });
    const hidden = total - shown.reduce((n, g) => n + g.milestones.length, 0);
    return {
      card: "milestoneList",
      data: {
        heading,
        countText: `${countText} · as of ${displayDate(context.asOf)}`,
        owners: shown,
        more: hidden > 0 ? `… and ${hidden} more, too many for one message.` : "",
        buttons,
      },
    };
  }));
}

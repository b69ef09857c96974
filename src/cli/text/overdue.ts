import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import type { MilestoneSummary, OwnerGroup } from "../../domain/milestones";
import { statusWord } from "../../domain/status";
import { formatTable } from "../table";

const row = (m: MilestoneSummary) => [m.id, m.title, m.effectiveDue ? displayDate(m.effectiveDue) : "", String(m.daysOverdue ?? ""), statusWord(m.status)];

export function renderOverdue(groups: OwnerGroup[], asOf: string, dueSoon: MilestoneSummary[], dueSoonDays: number): string {
  const total = new Set(groups.flatMap((g) => g.milestones.map((m) => m.id))).size;
  const lines = [`${total} overdue milestone${total === 1 ? "" : "s"} as of ${displayDate(asOf)}`, ""];
  for (const group of groups) {
    lines.push(group.owner ? `${group.owner.name} (${group.milestones.length})` : `No owner (${group.milestones.length})`);
    lines.push(formatTable(["Milestone", "Title", "Due", "Days", "Status"], group.milestones.map(row), { maxWidth: [9, 70], alignRight: [3] }));
    lines.push("");
  }
  lines.push(`Due in the next ${count(dueSoonDays, "day")}: ${dueSoon.length === 0 ? "none" : ""}`);
  if (dueSoon.length > 0) {
    lines.push(formatTable(["Milestone", "Title", "Due", "Owner"], dueSoon.map((m) => [m.id, m.title, displayDate(m.effectiveDue!), m.owners.map((o) => o.name).join(", ")]), { maxWidth: [9, 70] }));
  }
  return lines.join("\n");
}

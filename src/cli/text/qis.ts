import { displayDate } from "../../domain/dates";
import type { QiStatus } from "../../domain/qis";
import { formatTable } from "../table";

export function renderQis(qis: QiStatus[], asOf: string): string {
  const rows = qis.map((q) => [
    `${q.ref} (area ${q.area})`,
    q.title,
    q.cadence,
    q.latest ? `${displayDate(q.latest.date)}${q.latest.rating ? ` ${q.latest.rating}` : ""}: ${q.latest.text}` : "—",
    q.period === null ? "as available" : q.dueThisPeriod ? `due (${q.periodLabel})` : `done (${q.periodLabel})`,
  ]);
  const due = qis.filter((q) => q.dueThisPeriod).length;
  return [
    `Quality indicators as of ${displayDate(asOf)}`,
    "",
    formatTable(["QI", "Title", "Cadence", "Latest finding", "This period"], rows, { maxWidth: [18, 50, 12, 40] }),
    "",
    `${due} of ${qis.length} have no finding for this period.`,
  ].join("\n");
}

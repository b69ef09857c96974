import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import type { RiskStatus } from "../../domain/risks";
import { formatTable } from "../table";

const level = (l: string) => l[0]!.toUpperCase() + l.slice(1);

export function renderRisks(risks: RiskStatus[], asOf: string): string {
  const due = risks.filter((r) => r.dueForReview);
  const rows = risks.map((r) => [
    r.id,
    r.risk,
    `${level(r.before.likelihood)}/${level(r.before.impact)} = ${r.before.score}`,
    `${level(r.after.likelihood)}/${level(r.after.impact)} = ${r.after.score}`,
    displayDate(r.reviewDue) + (r.dueForReview ? " (due)" : ""),
  ]);
  return [
    `Risk register as of ${displayDate(asOf)}, highest score after mitigation first (score = likelihood × impact, Low 1 … High 3)`,
    "",
    formatTable(["Risk", "Description", "Before", "After", "Review"], rows, { maxWidth: [4, 70] }),
    "",
    `${due.length} of ${count(risks.length, "risk")} ${due.length === 1 ? "is" : "are"} due for review.`,
  ].join("\n");
}

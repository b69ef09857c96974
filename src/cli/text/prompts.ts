import { displayDate } from "../../domain/dates";
import type { CycleReport } from "../../app/promptCycle";
import type { DuePrompt, SkippedMilestone } from "../../domain/duePrompts";
import type { DueItem } from "../../domain/dueItems";

const delivery = (p: DuePrompt) =>
  p.delivery.via === "personal-chat"
    ? "personal chat"
    : p.delivery.via === "action-lead"
      ? `via ${p.delivery.leads.map((l) => l.name).join(", ")} (action lead): ${p.delivery.why}`
      : `unreachable: ${p.delivery.why}`;

const itemLabel = (item: DueItem) =>
  item.kind === "kpi" ? `${item.label} (KPI)` : item.kind === "risk" ? `${item.riskId} (risk review)` : item.kind === "qi" ? `${item.qiId} (QI finding)` : item.kind === "checkpoint" ? `${item.milestoneId} (checkpoints)` : `${item.actionId} (commentary)`;

export function renderPrompts(result: { asOf: string; cycle: string; prompts: DuePrompt[]; skipped: SkippedMilestone[] }): string {
  const lines = [`Prompt cycle ${result.cycle} as of ${displayDate(result.asOf)} (dry run: nothing sent or recorded)`, ""];
  for (const prompt of result.prompts) {
    lines.push(`${prompt.owner.name} — ${delivery(prompt)}`);
    for (const id of prompt.milestones) lines.push(`  ${id}  ${prompt.reasons[id]}`);
    for (const item of prompt.items ?? []) lines.push(`  ${itemLabel(item)}  ${item.reason}`);
  }
  const counts = new Map<string, number>();
  for (const s of result.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  lines.push("", `${result.prompts.length} ${result.prompts.some((p) => p.items !== undefined) ? "people" : "owners"} due a prompt; skipped: ${[...counts].map(([r, n]) => `${n} ${r}`).join(", ") || "none"}.`);
  return lines.join("\n");
}

export function renderCycleReport(report: CycleReport): string {
  if (!report.ran) return `Prompt cycle ${report.cycle} did not run: ${report.why ?? "unknown reason"}.`;
  const lines = [`Prompt cycle ${report.cycle}: ${report.sent.length} prompts sent, ${report.unreachable.length} unreachable, ${report.failed.length} failed, ${report.alreadyHandled.length} already handled.`];
  for (const s of report.sent) lines.push(`  sent      ${s.ownerId}${s.recipient === s.ownerId ? "" : ` (to ${s.recipient})`}: ${s.milestones.join(", ")}`);
  for (const u of report.unreachable) lines.push(`  unreachable ${u.ownerId}: ${u.reason}`);
  for (const f of report.failed) lines.push(`  failed    ${f.ownerId}: ${f.reason}`);
  return lines.join("\n");
}

import { displayDate } from "../../domain/dates";
import type { DuePrompt, SkippedMilestone } from "../../domain/duePrompts";

const delivery = (p: DuePrompt) =>
  p.delivery.via === "personal-chat"
    ? "personal chat"
    : p.delivery.via === "action-lead"
      ? `via ${p.delivery.leads.map((l) => l.name).join(", ")} (action lead): ${p.delivery.why}`
      : `unreachable: ${p.delivery.why}`;

export function renderPrompts(result: { asOf: string; cycle: string; prompts: DuePrompt[]; skipped: SkippedMilestone[] }): string {
  const lines = [`Prompt cycle ${result.cycle} as of ${displayDate(result.asOf)} (dry run: nothing sent or recorded)`, ""];
  for (const prompt of result.prompts) {
    lines.push(`${prompt.owner.name} — ${delivery(prompt)}`);
    for (const id of prompt.milestones) lines.push(`  ${id}  ${prompt.reasons[id]}`);
  }
  const counts = new Map<string, number>();
  for (const s of result.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  lines.push("", `${result.prompts.length} owners due a prompt; skipped: ${[...counts].map(([r, n]) => `${n} ${r}`).join(", ") || "none"}.`);
  return lines.join("\n");
}

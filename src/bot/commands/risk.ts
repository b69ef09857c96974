import { displayDate } from "../../domain/dates";
import { riskStatus } from "../../domain/risks";
import { messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { sourceLine } from "../../cards/sourceLine";

const level = (l: string) => l[0]!.toUpperCase() + l.slice(1);

/** One risk: its scores before and after mitigation, the mitigation and when it is next reviewed. */
export function riskCommand(context: CommandContext, riskId: string): CardReply {
  const { plan } = context.view;
  const risk = plan.risks.find((r) => r.id.toLowerCase() === riskId.toLowerCase());
  if (!risk) return messageCard(`There is no risk ${riskId} in this plan. The risks are ${plan.risks.map((r) => r.id).join(", ")}.`, { buttons: [{ title: "Risks", command: "risks" }] });
  const r = riskStatus(risk, context.asOf);
  return {
    card: "risk",
    data: {
      id: r.id,
      risk: r.risk,
      mitigation: r.mitigation,
      progress: r.progress,
      beforeText: `${r.before.score} (${level(r.before.likelihood)} likelihood × ${level(r.before.impact)} impact)`,
      afterText: `${r.after.score} (${level(r.after.likelihood)} likelihood × ${level(r.after.impact)} impact)`,
      ownerText: plan.people.find((p) => p.id === r.owner)?.name ?? r.owner ?? "not given",
      raisedText: displayDate(r.date),
      source: sourceLine(risk.sourceNote),
      reviewText: r.dueForReview ? `due since ${displayDate(r.reviewDue)}` : `next ${displayDate(r.reviewDue)}`,
      buttons: [{ title: "All risks", command: "risks" }],
    },
  };
}

import { displayDate } from "../../domain/dates";
import { riskRegister } from "../../domain/risks";
import type { CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

const level = (l: string) => l[0]!.toUpperCase() + l.slice(1);

export function risksCommand(context: CommandContext): CardReply {
  // Those due for review first, each with a Review button; then the rest, highest score first.
  const register = riskRegister(context.view.plan, context.asOf, context.view.records);
  const risks = [...register.filter((r) => r.dueForReview), ...register.filter((r) => !r.dueForReview)];
  const due = risks.filter((r) => r.dueForReview).length;
  return {
    card: "risks",
    data: {
      asOfText: displayDate(context.asOf),
      dueText: `${due} of ${risks.length} due for review`,
      risks: risks.map((r) => ({
        id: r.id,
        risk: r.risk,
        mitigation: r.mitigation,
        beforeText: `${r.before.score} (${level(r.before.likelihood)} × ${level(r.before.impact)})`,
        afterText: `${r.after.score} (${level(r.after.likelihood)} × ${level(r.after.impact)})`,
        reviewText: r.dueForReview ? `due since ${displayDate(r.reviewDue)}` : `next ${displayDate(r.reviewDue)}`,
        reviewColor: r.dueForReview ? "attention" : "default",
        dueForReview: r.dueForReview,
        reviewCommand: `risk ${r.id}`,
      })),
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}

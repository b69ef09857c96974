import { addMonthsIso, displayDate, type IsoDate } from "../domain/dates";
import { NO_RECORDS } from "../domain/records";
import { riskStatus } from "../domain/risks";
import { personRef, type PlanView } from "../domain/view";
import { messageCard, type CardReply } from "./cards";
import { formCommon, typed, type FormState } from "./recordForm";

const level = (l: string) => l[0]!.toUpperCase() + l.slice(1);

/** One risk, with its Review form for its owner and plan admins (`form` given). */
export function riskCard(view: PlanView, riskId: string, asOf: IsoDate, form?: FormState & { version: number; today: IsoDate }): CardReply {
  const risk = view.plan.risks.find((r) => r.id.toLowerCase() === riskId.toLowerCase());
  if (!risk) return messageCard(`There is no risk ${riskId} in this plan; it has ${view.plan.risks.map((r) => r.id).join(", ")}.`, { buttons: [{ title: "Risks", command: "risks" }] });
  const r = riskStatus(risk, asOf, view.records ?? NO_RECORDS);
  return {
    card: "riskDetail",
    data: {
      id: r.id,
      risk: r.risk,
      asOfText: displayDate(asOf),
      reviewText: r.dueForReview ? `due since ${displayDate(r.reviewDue)}` : `next ${displayDate(r.reviewDue)}`,
      raisedText: displayDate(r.date),
      ownerText: r.owner ? personRef(view.plan, r.owner).name : "(none named)",
      beforeText: `${r.before.score} (${level(r.before.likelihood)} likelihood × ${level(r.before.impact)} impact)`,
      afterText: `${r.after.score} (${level(r.after.likelihood)} likelihood × ${level(r.after.impact)} impact)`,
      mitigation: r.mitigation,
      progressText: r.progress || "—",
      lastReviewText: r.lastReview ? `${displayDate(r.lastReview.reviewedOn)} by ${r.lastReview.by}` : r.lastReviewed ? displayDate(r.lastReviewed) : "not since it was raised",
      form: form
        ? {
            riskId: r.id,
            version: String(form.version),
            nextReviewText: displayDate(addMonthsIso(form.today, risk.reviewEveryMonths)),
            likelihood: typed(form, "likelihood", r.after.likelihood),
            impact: typed(form, "impact", r.after.impact),
            progress: typed(form, "progress", r.progress),
            mitigation: typed(form, "mitigation", r.mitigation),
            ...formCommon(form),
          }
        : undefined,
      buttons: [
        { title: "All risks", command: "risks" },
        { title: `History of ${r.id}`, command: `history ${r.id}` },
      ],
    },
  };
}

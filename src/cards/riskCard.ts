import { addMonthsIso, displayDate, type IsoDate } from "../domain/dates";
import type { PlanView } from "../domain/view";
import { formCommon, typed, type FormState } from "./recordForm";

/**
 * The Review form on a risk's card (`risk R3`), for its owner and plan admins: likelihood
 * and impact after mitigation, progress and mitigation, saved by "Reviewed today". It
 * carries the risk's version, so a review made since the card was opened is not overwritten.
 */
export function riskReviewForm(view: PlanView, riskId: string, form: FormState & { version: number; today: IsoDate }) {
  const risk = view.plan.risks.find((r) => r.id.toLowerCase() === riskId.toLowerCase());
  if (!risk) return undefined;
  return {
    riskId: risk.id,
    version: String(form.version),
    nextReviewText: displayDate(addMonthsIso(form.today, risk.reviewEveryMonths)),
    likelihood: typed(form, "likelihood", risk.after.likelihood),
    impact: typed(form, "impact", risk.after.impact),
    progress: typed(form, "progress", risk.progress),
    mitigation: typed(form, "mitigation", risk.mitigation),
    ...formCommon(form),
  };
}

import { addMonthsIso, type IsoDate } from "./dates";
import type { Level, Plan, Risk } from "./plan";
import { NO_RECORDS, type PlanRecords } from "./records";

const LEVEL_SCORE: Record<Level, number> = { low: 1, medium: 2, high: 3 };

export interface RiskStatus {
  id: string;
  date: IsoDate;
  risk: string;
  mitigation: string;
  progress: string;
  owner?: string;
  before: Risk["before"] & { score: number };
  after: Risk["after"] & { score: number };
  lastReviewed?: IsoDate;
  /** When the next review falls: every `reviewEveryMonths` from the last review, or from when it was raised. */
  reviewDue: IsoDate;
  dueForReview: boolean;
  /** The latest review recorded since import (who, when, through what), or null. */
  lastReview: { reviewedOn: IsoDate; by: string; at: string; source: string } | null;
}

/** Score = likelihood × impact, each Low 1, Medium 2, High 3 (so 1 to 9). */
export function riskScore(rating: Risk["before"]): number {
  return LEVEL_SCORE[rating.likelihood] * LEVEL_SCORE[rating.impact];
}

export function riskStatus(risk: Risk, asOf: IsoDate, records: PlanRecords = NO_RECORDS): RiskStatus {
  const review = records.riskReviews.find((r) => r.riskId === risk.id);
  const reviewDue = addMonthsIso(risk.lastReviewed ?? risk.date, risk.reviewEveryMonths);
  return {
    id: risk.id,
    date: risk.date,
    risk: risk.risk,
    mitigation: risk.mitigation,
    progress: risk.progress,
    owner: risk.owner,
    before: { ...risk.before, score: riskScore(risk.before) },
    after: { ...risk.after, score: riskScore(risk.after) },
    lastReviewed: risk.lastReviewed,
    reviewDue,
    dueForReview: reviewDue <= asOf,
    lastReview: review ? { reviewedOn: review.reviewedOn, by: review.byName, at: review.at, source: review.source } : null,
  };
}

/** The register, highest score after mitigation first (then before mitigation, then id). */
export function riskRegister(plan: Plan, asOf: IsoDate, records: PlanRecords = NO_RECORDS): RiskStatus[] {
  return plan.risks
    .map((risk) => riskStatus(risk, asOf, records))
    .sort((a, b) => b.after.score - a.after.score || b.before.score - a.before.score || a.id.localeCompare(b.id, "en", { numeric: true }));
}

export function risksDueForReview(plan: Plan, asOf: IsoDate, records: PlanRecords = NO_RECORDS): RiskStatus[] {
  return riskRegister(plan, asOf, records).filter((risk) => risk.dueForReview);
}

import { monthOf } from "./periods";
import type { Kpi, KpiPart, Plan, Risk } from "./plan";
import type { PlanRecords } from "./records";

type PlanMeasurement = NonNullable<Kpi["measurements"]>[number];

function merge(measurements: PlanMeasurement[], recorded: PlanRecords["measurements"]): PlanMeasurement[] {
  if (recorded.length === 0) return measurements;
  const periods = new Set(recorded.map((m) => m.period));
  // A recorded measurement replaces what the plan file gave for the same month.
  const kept = measurements.filter((m) => !periods.has(monthOf(m.date)));
  const added = recorded.map((m) => ({ date: m.date, value: m.value, ...(m.note ? { note: m.note } : {}), ...(m.link ? { source: m.link } : {}) }));
  return [...kept, ...added].sort((a, b) => a.date.localeCompare(b.date));
}

function withMeasurements(kpi: Kpi, records: PlanRecords): Kpi {
  const mine = records.measurements.filter((m) => m.kpiId === kpi.id);
  if (mine.length === 0) return kpi;
  if (kpi.parts === undefined) return { ...kpi, measurements: merge(kpi.measurements ?? [], mine.filter((m) => m.part === "")) };
  const parts = kpi.parts.map((part): KpiPart => ({ ...part, measurements: merge(part.measurements, mine.filter((m) => m.part === part.id)) }));
  return { ...kpi, parts };
}

function withReview(risk: Risk, records: PlanRecords): Risk {
  const review = records.riskReviews.find((r) => r.riskId === risk.id);
  if (!review) return risk;
  return {
    ...risk,
    after: { likelihood: review.likelihood, impact: review.impact },
    progress: review.progress,
    mitigation: review.mitigation,
    lastReviewed: review.reviewedOn,
  };
}

/**
 * The plan as it stands: its definition with what has been recorded since applied,
 * so every summary (KPIs, risks, the digest) uses the recorded figures.
 */
export function applyRecords(plan: Plan, records: PlanRecords): Plan {
  if (records.measurements.length === 0 && records.riskReviews.length === 0) return plan;
  return { ...plan, kpis: plan.kpis.map((kpi) => withMeasurements(kpi, records)), risks: plan.risks.map((risk) => withReview(risk, records)) };
}

import type { IsoDate } from "./dates";
import { describeQiPeriod, qiPeriodOf } from "./periods";
import type { Plan, Qi } from "./plan";
import type { PlanRecords, QiFindingRecord } from "./records";
import { personRef, type PersonRef } from "./view";

export interface QiStatus {
  id: string;
  ref: string;
  area: string;
  title: string;
  cadence: Qi["cadence"];
  owner: PersonRef | null;
  /** The period of its cadence the as-of date is in ("2023-Q4"); null for a QI gathered as available. */
  period: string | null;
  periodLabel: string | null;
  latest: Omit<QiFindingRecord, "etag" | "idempotencyKey"> | null;
  /** No finding yet for this period. */
  dueThisPeriod: boolean;
}

/** Each QI with its cadence, its latest finding on or before the as-of date, and whether one is due this period. */
export function qiStatuses(plan: Plan, records: PlanRecords, asOf: IsoDate): QiStatus[] {
  return plan.qis.map((qi) => {
    const period = qiPeriodOf(qi.cadence, asOf) ?? null;
    const findings = records.findings.filter((f) => f.qiId === qi.id && f.date <= asOf).sort((a, b) => a.date.localeCompare(b.date) || a.at.localeCompare(b.at));
    const last = findings[findings.length - 1];
    const latest = last ? (({ etag: _e, idempotencyKey: _k, ...rest }) => rest)(last) : null;
    return {
      id: qi.id,
      ref: qi.ref,
      area: qi.area,
      title: qi.title,
      cadence: qi.cadence,
      owner: qi.owner ? personRef(plan, qi.owner) : null,
      period,
      periodLabel: period ? describeQiPeriod(period) : null,
      latest,
      dueThisPeriod: period !== null && !records.findings.some((f) => f.qiId === qi.id && f.period === period),
    };
  });
}

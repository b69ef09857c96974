import type { IsoDate } from "./dates";
import type { ChangedMilestone, DigestContent, DigestOverdue } from "./digest";
import { addMonthsIso } from "./dates";
import { describeLatest, describeTarget, formatValue, kpiStatuses, resolveTarget, type Trend } from "./kpis";
import { CHECKPOINT_MONTHS, kpiMeasures, type CheckpointKey, type KpiPart } from "./plan";
import { qiStatuses } from "./qis";
import { NO_RECORDS } from "./records";
import { riskRegister, type RiskStatus } from "./risks";
import type { Status } from "./status";
import { summarisePlan } from "./summaries";
import type { PlanView } from "./view";

/**
 * The board pack as a view model: everything the Word and Excel renderers lay out, in seed
 * 003's order, and nothing they would have to work out. A pure function of the plan view, the
 * board's digest (which already knows the previous pack's snapshot and the prompt states), the
 * history and the as-of date; the renderers only arrange it.
 */

export type RagCounts = Record<"blue" | "green" | "amber" | "red", number>;

export interface PackAction {
  id: string;
  title: string;
  counts: RagCounts;
  overall: Status;
  /** The lead's reason when the overall status is an override of the derived one. */
  override: string | null;
}

export interface PackArea {
  id: string;
  title: string;
  actions: PackAction[];
}

export interface PackMilestone {
  id: string;
  actionId: string;
  area: string;
  title: string;
  owners: string;
  due: IsoDate | null;
  effectiveDue: IsoDate | null;
  status: Status;
  daysOverdue: number | null;
  note: string;
  updatedAt: string | null;
  updatedBy: string;
}

export interface PackKpiTarget {
  key: CheckpointKey;
  /** "3-month target". */
  label: string;
  date: IsoDate;
  value: number | null;
}

export interface PackKpi {
  id: string;
  title: string;
  /** The measure's label ("" for a KPI of one measure, whose label is its title). */
  label: string;
  unit: KpiPart["unit"];
  baseline: string;
  baselineValue: number | null;
  baselineDate: IsoDate | null;
  checkpoint: string;
  target: string;
  latest: string;
  /** "On track", "Off track", or why neither can be said. */
  tracking: string;
  onTrack: boolean | null;
  trend: Trend;
  measurements: { date: IsoDate; value: number }[];
  targets: PackKpiTarget[];
}

export interface PackHistoryEntry {
  at: string;
  subject: string;
  subjectId: string;
  from: string;
  to: string;
  by: string;
  source: string;
  note: string;
}

export interface PackQiFinding {
  id: string;
  ref: string;
  area: string;
  title: string;
  period: string;
  date: IsoDate;
  rating: Status | null;
  text: string;
  by: string;
}

export interface BoardPack {
  title: string;
  plan: { id: string; title: string; localArea: string };
  board: { id: string; name: string };
  asOf: IsoDate;
  meeting: IsoDate | null;
  /** The date of the pack (digest) the changes are counted from; null for the board's first. */
  previous: IsoDate | null;
  areas: PackArea[];
  totals: RagCounts & { milestones: number; overdue: number };
  commentary: DigestContent["commentary"];
  completed: ChangedMilestone[];
  turnedAmberOrRed: ChangedMilestone[];
  overdue: DigestOverdue[];
  kpis: PackKpi[];
  risks: RiskStatus[];
  qiFindings: PackQiFinding[];
  milestones: PackMilestone[];
  history: PackHistoryEntry[];
}

export interface BoardPackInput {
  view: PlanView;
  digest: DigestContent;
  asOf: IsoDate;
  /** Recorded changes (any subject), oldest first; those after the as-of date are left out. */
  history: readonly PackHistoryEntry[];
}

const ragCounts = (c: RagCounts): RagCounts => ({ blue: c.blue, green: c.green, amber: c.amber, red: c.red });

function trackingOf(state: string, onTrack: boolean | null): string {
  if (onTrack !== null) return onTrack ? "On track" : "Off track";
  return { "no-data": "No measurement yet", "no-target": "No numeric target", qualitative: "Judged by the board" }[state] ?? state;
}

function packKpis(view: PlanView, asOf: IsoDate): PackKpi[] {
  const parts = new Map(view.plan.kpis.flatMap((kpi) => kpiMeasures(kpi).map((part) => [`${kpi.id}|${part.id}`, part] as const)));
  return kpiStatuses(view.plan, asOf).flatMap((kpi) =>
    kpi.measures.map((measure): PackKpi => {
      const part = parts.get(`${kpi.id}|${measure.part}`)!;
      const baseline = measure.baseline;
      return {
        id: kpi.id,
        title: kpi.title,
        label: measure.label === kpi.title ? "" : measure.label,
        unit: measure.unit,
        baseline: baseline.value !== undefined ? `${formatValue(baseline.value, measure.unit)}${baseline.date ? ` (${baseline.date})` : ""}` : (baseline.text ?? "to be confirmed"),
        baselineValue: baseline.value ?? null,
        baselineDate: baseline.date ?? null,
        checkpoint: `${measure.checkpoint.months}-month (${measure.checkpoint.date})`,
        target: describeTarget(measure),
        latest: describeLatest(measure, (d) => d),
        tracking: trackingOf(measure.state, measure.onTrack),
        onTrack: measure.onTrack,
        trend: measure.trend,
        measurements: measure.measurements,
        targets: CHECKPOINT_MONTHS.map((months) => {
          const key = `m${months}` as CheckpointKey;
          return { key, label: `${months}-month target`, date: addMonthsIso(view.plan.startDate, months), value: resolveTarget(part, key)?.value ?? null };
        }),
      };
    }),
  );
}

export function buildBoardPack(input: BoardPackInput): BoardPack {
  const { view, digest, asOf } = input;
  const summary = summarisePlan(view, asOf);
  const records = view.records ?? NO_RECORDS;
  const qiById = new Map(view.plan.qis.map((q) => [q.id, q]));
  return {
    title: `${digest.board.name}: progress report`,
    plan: digest.plan,
    board: { id: digest.board.id, name: digest.board.name },
    asOf,
    meeting: digest.meeting,
    previous: digest.previous?.asOf ?? null,
    areas: summary.areas.map((area) => ({
      id: area.id,
      title: area.shortTitle ?? area.title,
      actions: summary.actions
        .filter((a) => a.area === area.id)
        .map((a) => ({ id: a.id, title: a.shortTitle ?? a.title, counts: ragCounts(a.counts), overall: a.overall, override: a.override?.reason ?? null })),
    })),
    totals: { ...ragCounts(summary.totals.counts), milestones: summary.totals.milestones, overdue: summary.totals.overdue },
    commentary: digest.commentary,
    completed: digest.changes.completed,
    turnedAmberOrRed: digest.changes.turnedAmberOrRed,
    overdue: digest.overdue,
    kpis: packKpis(view, asOf),
    risks: riskRegister(view.plan, asOf, records),
    qiFindings: qiStatuses(view.plan, records, asOf).flatMap((q) =>
      q.latest ? [{ id: q.id, ref: q.ref, area: q.area, title: qiById.get(q.id)?.title ?? q.title, period: q.latest.period, date: q.latest.date, rating: q.latest.rating ?? null, text: q.latest.text, by: q.latest.byName }] : [],
    ),
    milestones: summary.actions.flatMap((a) =>
      a.milestones.map((m) => ({
        id: m.id,
        actionId: a.id,
        area: a.area,
        title: m.title,
        owners: m.owners.map((o) => o.name).join(", "),
        due: m.due ?? null,
        effectiveDue: m.effectiveDue ?? null,
        status: m.status,
        daysOverdue: m.daysOverdue,
        note: m.note ?? "",
        updatedAt: m.updatedAt ?? null,
        updatedBy: m.updatedBy ?? "",
      })),
    ),
    history: input.history.filter((h) => h.at.slice(0, 10) <= asOf),
  };
}

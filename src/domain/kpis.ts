import { addMonthsIso, type IsoDate } from "./dates";
import { CHECKPOINT_MONTHS, kpiMeasures, measureOwner, type CheckpointKey, type Kpi, type KpiPart, type Plan } from "./plan";
import { personRef, type PersonRef } from "./view";

export type KpiState = "on-track" | "off-track" | "no-data" | "no-target" | "qualitative";
export type Trend = "improving" | "worsening" | "steady" | "unknown";

export interface Checkpoint {
  key: CheckpointKey;
  months: number;
  date: IsoDate;
  /** False while the as-of date is before the first checkpoint, which is then shown as the one ahead. */
  reached: boolean;
}

export interface ResolvedTarget {
  /** The number to meet, with a share of baseline already worked out. */
  value?: number;
  text?: string;
  /** "95% of baseline" when the target was given that way. */
  shareOfBaseline?: number;
  /** The plan's own wording of the target, shown exactly so (issue 23). */
  published?: string;
  sourceNote?: string;
}

export interface Measurement {
  date: IsoDate;
  value: number;
}

export interface MeasureStatus {
  part: string;
  /** Who records it (the part's owner, else the KPI's), or null when the plan names nobody. */
  owner: PersonRef | null;
  label: string;
  unit: KpiPart["unit"];
  direction: KpiPart["direction"];
  /** `published`: the plan's own wording, shown exactly so; `text`: a note about it; `value`: for computation only. */
  baseline: { value?: number; date?: IsoDate; published?: string; text?: string; sourceNote?: string };
  checkpoint: Checkpoint;
  target: ResolvedTarget | null;
  latest: Measurement | null;
  previous: Measurement | null;
  state: KpiState;
  onTrack: boolean | null;
  trend: Trend;
  reason: string;
  measurements: Measurement[];
}

export interface KpiStatus {
  id: string;
  title: string;
  owner: PersonRef | null;
  areas: string[];
  measures: MeasureStatus[];
  /** The least favourable state of its measures. */
  state: KpiState;
  /** The transcription's note on this KPI, shown as its "Source" (issue 23). */
  sourceNote?: string;
}

const CHECKPOINT_KEYS: Record<number, CheckpointKey> = { 3: "m3", 6: "m6", 12: "m12" };

/** The checkpoint that applies: the latest one reached, or the first one while none is. */
export function applicableCheckpoint(startDate: IsoDate, asOf: IsoDate): Checkpoint {
  const checkpoints = CHECKPOINT_MONTHS.map((months) => ({ key: CHECKPOINT_KEYS[months]!, months, date: addMonthsIso(startDate, months) }));
  const reached = checkpoints.filter((c) => c.date <= asOf);
  const last = reached[reached.length - 1];
  return last ? { ...last, reached: true } : { ...checkpoints[0]!, reached: false };
}

export function resolveTarget(measure: KpiPart, key: CheckpointKey): ResolvedTarget | null {
  const target = measure.targets[key];
  if (!target) return null;
  const notes = { ...("published" in target && target.published ? { published: target.published } : {}), ...(target.sourceNote ? { sourceNote: target.sourceNote } : {}) };
  if ("text" in target) return { text: target.text, ...notes };
  if ("value" in target) return { value: target.value, ...notes };
  const base = measure.baseline.value;
  return base === undefined
    ? { shareOfBaseline: target.shareOfBaseline, ...notes }
    : { shareOfBaseline: target.shareOfBaseline, value: round(base * target.shareOfBaseline), ...notes };
}

const round = (value: number) => Math.round(value * 100) / 100;

export function formatValue(value: number, unit: KpiPart["unit"]): string {
  const text = value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
  switch (unit) {
    case "percent":
      return `${text}%`;
    case "weeks":
    case "months":
    case "days":
      return `${text} ${value === 1 ? unit.slice(0, -1) : unit}`;
    default:
      return text;
  }
}

function trendOf(direction: KpiPart["direction"], latest: Measurement | null, previous: Measurement | null): Trend {
  if (!latest || !previous) return "unknown";
  if (latest.value === previous.value) return "steady";
  const up = latest.value > previous.value;
  return up === (direction === "increase") ? "improving" : "worsening";
}

function measureStatus(measure: KpiPart, checkpoint: Checkpoint, asOf: IsoDate, owner: PersonRef | null): MeasureStatus {
  const measurements = measure.measurements
    .filter((m) => m.date <= asOf)
    .map((m) => ({ date: m.date, value: m.value }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const latest = measurements[measurements.length - 1] ?? null;
  const previous = measurements[measurements.length - 2] ?? null;
  const target = resolveTarget(measure, checkpoint.key);
  const base = {
    part: measure.id,
    owner,
    label: measure.label,
    unit: measure.unit,
    direction: measure.direction,
    baseline: measure.baseline,
    checkpoint,
    target,
    latest,
    previous,
    trend: trendOf(measure.direction, latest, previous),
    measurements,
  };
  const at = `${checkpoint.months}-month`;
  if (target?.text !== undefined) {
    return { ...base, state: "qualitative", onTrack: null, reason: `${at} target is "${target.text}", judged by the board` };
  }
  if (target === null) return { ...base, state: "no-target", onTrack: null, reason: `no ${at} target` };
  if (target.value === undefined) {
    return { ...base, state: "no-target", onTrack: null, reason: `${at} target is a share of a baseline still to be confirmed` };
  }
  if (!latest) return { ...base, state: "no-data", onTrack: null, reason: `no measurement yet against the ${at} target of ${formatValue(target.value, measure.unit)}` };
  const onTrack = measure.direction === "increase" ? latest.value >= target.value : latest.value <= target.value;
  const comparison = onTrack ? "meets" : "misses";
  return {
    ...base,
    state: onTrack ? "on-track" : "off-track",
    onTrack,
    reason: `${formatValue(latest.value, measure.unit)} on ${latest.date} ${comparison} the ${at} target of ${formatValue(target.value, measure.unit)}`,
  };
}

const STATE_SEVERITY: Record<KpiState, number> = { "off-track": 4, "no-data": 3, "no-target": 2, qualitative: 1, "on-track": 0 };

export function kpiStatus(plan: Plan, kpi: Kpi, asOf: IsoDate): KpiStatus {
  const checkpoint = applicableCheckpoint(plan.startDate, asOf);
  const ownerOf = (id: string | undefined) => (id === undefined ? null : personRef(plan, id));
  const measures = kpiMeasures(kpi).map((measure) => measureStatus(measure, checkpoint, asOf, ownerOf(measureOwner(kpi, measure))));
  const state = measures.reduce<KpiState>((worst, m) => (STATE_SEVERITY[m.state] > STATE_SEVERITY[worst] ? m.state : worst), "on-track");
  return { id: kpi.id, title: kpi.title, owner: ownerOf(kpi.owner), areas: kpi.areas, measures, state, ...(kpi.sourceNote ? { sourceNote: kpi.sourceNote } : {}) };
}

export function kpiStatuses(plan: Plan, asOf: IsoDate): KpiStatus[] {
  return plan.kpis.map((kpi) => kpiStatus(plan, kpi, asOf));
}

/** Finds "KPI 7" from "7", "kpi7" or "KPI 7". */
export function findKpi(plan: Plan, query: string): Kpi | undefined {
  const wanted = query.toLowerCase().replace(/^kpi\s*/, "").trim();
  return plan.kpis.find((kpi) => kpi.id.toLowerCase().replace(/^kpi\s*/, "") === wanted);
}

/** A target as people read it: "108.8 (85% of baseline)", "Launched Q2", or "—" when there is none. */
export function describeTarget(measure: MeasureStatus): string {
  const { target, unit } = measure;
  if (target === null) return "—";
  if (target.published !== undefined) return target.published;
  if (target.text !== undefined) return target.text;
  const share = target.shareOfBaseline === undefined ? "" : `${Math.round(target.shareOfBaseline * 100)}% of baseline`;
  if (target.value === undefined) return `${share} (baseline to be confirmed)`;
  return share ? `${formatValue(target.value, unit)} (${share})` : formatValue(target.value, unit);
}

/** The latest measurement with its date, or "—". */
export function describeLatest(measure: MeasureStatus, showDate: (date: IsoDate) => string): string {
  return measure.latest ? `${formatValue(measure.latest.value, measure.unit)} (${showDate(measure.latest.date)})` : "—";
}

/** A baseline as the plan publishes it ("<50% (new measure)"), else its figure, else "TBC"; a note is not a baseline. */
export function describeBaseline(measure: Pick<MeasureStatus, "baseline" | "unit">): string {
  const { baseline, unit } = measure;
  if (baseline.published !== undefined) return baseline.published;
  if (baseline.value !== undefined) return formatValue(baseline.value, unit);
  return "TBC";
}

/** The transcription notes behind a measure: its baseline's and its current target's. */
export function measureSourceNotes(measure: MeasureStatus): string[] {
  return [measure.baseline.sourceNote, measure.target?.sourceNote].filter((n): n is string => n !== undefined);
}

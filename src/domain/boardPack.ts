import type { IsoDate } from "./dates";
import type { ChangedMilestone, DigestContent, DigestOverdue } from "./digest";
import { addMonthsIso } from "./dates";
import { describeBaseline, describeLatest, describeTarget, kpiStatuses, measureSourceNotes, resolveTarget, type Trend } from "./kpis";
import { allMilestones, CHECKPOINT_MONTHS, kpiMeasures, type CheckpointKey, type KpiPart, type Plan } from "./plan";
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
  /** The action's own due date, and how many days it is past it while not complete (null when it is not: issue 23). */
  due: IsoDate;
  daysPastDeadline: number | null;
}

export interface PackArea {
  id: string;
  title: string;
  /** The area's totals, which a board that shows area totals only (`detail: "areas"`) reads instead of the action rows. */
  counts: RagCounts;
  /** How many of its actions have each overall status. */
  actionsByOverall: RagCounts;
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
  /** The status is one an owner recorded, not the plan file's (the sample's are illustrative: seed 003 published only counts). */
  statusRecorded: boolean;
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
  /** As the plan publishes it ("<50% (new measure)"), else its figure and date; the number is `baselineValue`. */
  baseline: string;
  /** A note about the baseline (KPI 2: "Baseline captured in April 2023 audit of websites"), never shown as the baseline. */
  baselineNote: string | null;
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

/** A transcription note (`sourceNote`) on something the pack shows, for the pack's notes. */
export interface PackSourceNote {
  /** "Plan", "KPI 1", "Action 2.3", "Milestone 1.1.5", "Risk R3". */
  about: string;
  note: string;
}

export interface BoardPack {
  title: string;
  plan: { id: string; title: string; localArea: string };
  board: { id: string; name: string };
  /** The board's detail (issue 23): each action's row (the default, as seed 003), or area totals only. */
  level: DigestContent["level"];
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
  // The governance sections (issue 23), as the board's digest has them: the same domain results, not worked out again.
  actionsPastDeadline: DigestContent["actionsPastDeadline"];
  boardEscalations: DigestContent["boardEscalations"];
  externalReviews: DigestContent["externalReviews"];
  livedExperience: DigestContent["livedExperience"];
  dataToComplete: DigestContent["dataToComplete"];
  cadenceNote: string | null;
  /** How many milestone statuses are still the plan file's, and the transcription notes on what the pack shows. */
  statusSource: DigestContent["statusSource"];
  sourceNotes: PackSourceNote[];
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
        // Published wording exactly so; a figure with its date; a note is not a baseline.
        baseline: `${describeBaseline(measure)}${baseline.date && baseline.published === undefined && baseline.value !== undefined ? ` (${baseline.date})` : ""}`,
        baselineNote: baseline.text ?? null,
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

const kpiLabel = (id: string) => `${/^\d/.test(id) ? "KPI " : ""}${id}`;

/** The plan's note first, then those of the KPIs (and their baselines and targets), actions, milestones and risks. */
function sourceNotes(plan: Plan, asOf: IsoDate): PackSourceNote[] {
  const notes: PackSourceNote[] = plan.sourceNote ? [{ about: "Plan", note: plan.sourceNote }] : [];
  for (const kpi of kpiStatuses(plan, asOf)) {
    const measureNotes = kpi.measures.flatMap((m) => measureSourceNotes(m).map((note) => ({ about: `${kpiLabel(kpi.id)}${m.part ? ` (${m.part})` : ""}`, note })));
    notes.push(...(kpi.sourceNote ? [{ about: kpiLabel(kpi.id), note: kpi.sourceNote }] : []), ...measureNotes);
  }
  for (const action of plan.actions) if (action.sourceNote) notes.push({ about: `Action ${action.id}`, note: action.sourceNote });
  for (const { milestone } of allMilestones(plan)) if (milestone.sourceNote) notes.push({ about: `Milestone ${milestone.id}`, note: milestone.sourceNote });
  for (const risk of plan.risks) if (risk.sourceNote) notes.push({ about: `Risk ${risk.id}`, note: risk.sourceNote });
  return notes;
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
    level: digest.level,
    asOf,
    meeting: digest.meeting,
    previous: digest.previous?.asOf ?? null,
    areas: summary.areas.map((area) => ({
      id: area.id,
      title: area.shortTitle ?? area.title,
      counts: ragCounts(area.counts),
      actionsByOverall: ragCounts(area.actionsByOverall),
      actions: summary.actions
        .filter((a) => a.area === area.id)
        .map((a) => ({ id: a.id, title: a.shortTitle ?? a.title, counts: ragCounts(a.counts), overall: a.overall, override: a.override?.reason ?? null, due: a.due, daysPastDeadline: a.daysPastDeadline })),
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
        statusRecorded: m.statusRecorded,
        daysOverdue: m.daysOverdue,
        note: m.note ?? "",
        updatedAt: m.updatedAt ?? null,
        updatedBy: m.updatedBy ?? "",
      })),
    ),
    history: input.history.filter((h) => h.at.slice(0, 10) <= asOf),
    actionsPastDeadline: digest.actionsPastDeadline,
    boardEscalations: digest.boardEscalations,
    externalReviews: digest.externalReviews,
    livedExperience: digest.livedExperience,
    dataToComplete: digest.dataToComplete,
    cadenceNote: digest.cadenceNote,
    statusSource: digest.statusSource,
    sourceNotes: sourceNotes(view.plan, asOf),
  };
}

import type { BoardMeeting } from "./boardCalendar";
import { addMonthsIso, type IsoDate } from "./dates";
import { kpiStatuses, describeLatest, describeTarget, type KpiState, type Trend } from "./kpis";
import type { Board } from "./plan";
import { risksDueForReview, type RiskStatus } from "./risks";
import type { Status } from "./status";
import { summarisePlan, type ActionSummary, type AreaSummary, type GroupSummary } from "./summaries";
import { findAction, type PlanView } from "./view";
import { monthOf, qiPeriodOf } from "./periods";
import { qiStatuses } from "./qis";
import { NO_RECORDS } from "./records";
import { boardEscalationsFor, type BoardEscalationView } from "./issuesLog";
import { externalReviews, type ExternalReviewStatus } from "./externalReviews";
import { dataToComplete, type DataToComplete } from "./dataToComplete";

/**
 * A board's digest, as at a date: a pure function of the plan view, the board, the
 * snapshot of the previous digest posted for it, and the milestones' prompt states.
 */

/** What a posted digest recorded, for "changed since the previous digest": each action's overall status and each milestone's status. */
export interface DigestSnapshot {
  asOf: IsoDate;
  actions: Record<string, Status>;
  milestones: Record<string, Status>;
}

export interface ChangedMilestone {
  id: string;
  actionId: string;
  title: string;
  owners: string[];
  from: Status | null;
  to: Status;
  note?: string;
}

export interface DigestKpi {
  id: string;
  title: string;
  label: string;
  state: KpiState;
  onTrack: boolean | null;
  trend: Trend;
  target: string;
  latest: string;
  measuredThisPeriod: boolean;
}

export interface DigestOverdue {
  id: string;
  actionId: string;
  area: string;
  title: string;
  owners: string[];
  status: Status;
  effectiveDue?: IsoDate;
  daysOverdue: number;
  promptState: string;
}

export type ActionRow = Omit<ActionSummary, "milestones">;

export interface DigestContent {
  board: { id: string; name: string; cadence?: string };
  asOf: IsoDate;
  meeting: IsoDate | null;
  digestOn: IsoDate | null;
  /** Monthly boards see each action; quarterly and six-monthly boards the same sections by area of weakness. */
  level: "action" | "area";
  /** The previous digest posted for this board, which "changes" compare with; null for the first. */
  previous: { asOf: IsoDate } | null;
  /** Measurements since this date count as "this period". */
  periodStart: IsoDate;
  plan: { id: string; title: string; localArea: string };
  areas: Omit<AreaSummary, never>[];
  /** Shaped like `status --json`'s actions. */
  actions: ActionRow[];
  totals: GroupSummary;
  changes: {
    actionsMoved: { id: string; title: string; from: Status; to: Status }[];
    completed: ChangedMilestone[];
    turnedAmberOrRed: ChangedMilestone[];
    /** KPI measurements dated in this period. */
    measurementsRecorded: { kpiId: string; part: string; period: string; date: IsoDate; value: number; by: string }[];
    /** Risk reviews made in this period. */
    risksReviewed: { riskId: string; reviewedOn: IsoDate; likelihood: string; impact: string; progress: string; by: string }[];
    /** Leads' commentary written for a month of this period. */
    commentaryAdded: { actionId: string; period: string; by: string }[];
  };
  overdue: DigestOverdue[];
  kpis: DigestKpi[];
  kpisWithoutMeasurement: { id: string; title: string; label: string }[];
  risksDueForReview: RiskStatus[];
  /** Quality indicators with no finding for the period of their cadence that the as-of date is in. */
  qisWithoutFinding: { id: string; ref: string; area: string; title: string; period: string }[];
  /** Each action's latest "What has changed?" from its lead, up to the as-of month. */
  commentary: { actionId: string; title: string; period: string; text: string; by: string; at: string }[];
  /** Actions past their own due date and not complete (issue 23). */
  actionsPastDeadline: { id: string; title: string; due: IsoDate; daysPastDeadline: number; overall: Status }[];
  /** Risks and issues escalated to this board ("Escalated to this board"), and those this board sent up (issue 23). */
  boardEscalations: { received: BoardEscalationView[]; sent: BoardEscalationView[] };
  /**
   * The latest findings of the plan's lived-experience QIs, on a board whose every meeting has a
   * focus on lived experience; null on other boards. A QI with nothing recorded for the period says so.
   */
  livedExperience: { period: string; qis: { id: string; ref: string; area: string; title: string; latest: { period: string; date: IsoDate; text: string; by: string; link?: string } | null; recordedThisPeriod: boolean }[] } | null;
  /** External reviews this board holds, with each recommendation's state (issue 23). */
  externalReviews: ExternalReviewStatus[];
  /** What the plan file leaves to complete: KPIs without a target, milestones without an owner, QIs without a cadence. */
  dataToComplete: DataToComplete;
  /** Where the sources disagree about this board's cadence. */
  cadenceNote: string | null;
  /** How many milestone statuses are still the plan file's (nobody has recorded one), and the plan's own source note (issue 23). */
  statusSource: { fromPlanFile: number; milestones: number; sourceNote: string | null };
}

const PERIOD_MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, "six-monthly": 6 };

export interface DigestInput {
  view: PlanView;
  board: Board;
  asOf: IsoDate;
  meeting?: BoardMeeting;
  previous?: DigestSnapshot;
  promptStates?: ReadonlyMap<string, string>;
}

export function buildDigest(input: DigestInput): DigestContent {
  const { view, board, asOf, previous } = input;
  const summary = summarisePlan(view, asOf);
  const milestones = summary.actions.flatMap((a) => a.milestones);
  // "This period": since the previous digest, or one cadence back for the first.
  const periodStart = previous?.asOf ?? addMonthsIso(asOf, -(PERIOD_MONTHS[board.cadence ?? "monthly"] ?? 1));
  const records = view.records ?? NO_RECORDS;

  const changed = (to: (s: Status) => boolean) =>
    previous
      ? milestones
          .filter((m) => to(m.status) && previous.milestones[m.id] !== m.status)
          .map((m): ChangedMilestone => ({ id: m.id, actionId: m.actionId, title: m.title, owners: m.owners.map((o) => o.name), from: previous.milestones[m.id] ?? null, to: m.status, note: m.note }))
      : [];

  const kpis = kpiStatuses(view.plan, asOf).flatMap((kpi) =>
    kpi.measures.map((measure): DigestKpi => ({
      id: kpi.id,
      title: kpi.title,
      label: measure.label,
      state: measure.state,
      onTrack: measure.onTrack,
      trend: measure.trend,
      target: describeTarget(measure),
      latest: describeLatest(measure, (d) => d),
      measuredThisPeriod: measure.measurements.some((m) => m.date > periodStart && m.date <= asOf),
    })),
  );

  return {
    board: { id: board.id, name: board.name, cadence: board.cadence },
    asOf,
    meeting: input.meeting?.meeting ?? null,
    digestOn: input.meeting?.digestOn ?? null,
    // Each board declares its detail (issue 23); action rows are the default, as seed 003's board table has them.
    level: board.detail === "areas" ? "area" : "action",
    previous: previous ? { asOf: previous.asOf } : null,
    periodStart,
    plan: { id: view.plan.id, title: view.plan.title, localArea: view.plan.localArea },
    areas: summary.areas,
    actions: summary.actions.map(({ milestones: _milestones, ...row }) => row),
    totals: summary.totals,
    changes: {
      actionsMoved: previous
        ? summary.actions.filter((a) => previous.actions[a.id] !== undefined && previous.actions[a.id] !== a.overall).map((a) => ({ id: a.id, title: a.shortTitle ?? a.title, from: previous.actions[a.id]!, to: a.overall }))
        : [],
      completed: changed((s) => s === "blue"),
      turnedAmberOrRed: changed((s) => s === "amber" || s === "red"),
      measurementsRecorded: records.measurements
        .filter((m) => m.date > periodStart && m.date <= asOf)
        .map((m) => ({ kpiId: m.kpiId, part: m.part, period: m.period, date: m.date, value: m.value, by: m.byName })),
      risksReviewed: records.riskReviews
        .filter((r) => r.reviewedOn > periodStart && r.reviewedOn <= asOf)
        .map((r) => ({ riskId: r.riskId, reviewedOn: r.reviewedOn, likelihood: r.likelihood, impact: r.impact, progress: r.progress, by: r.byName })),
      commentaryAdded: records.commentary
        .filter((c) => c.period >= monthOf(periodStart) && c.period <= monthOf(asOf))
        .map((c) => ({ actionId: c.actionId, period: c.period, by: c.byName })),
    },
    overdue: summary.actions.flatMap((a) =>
      a.milestones
        .filter((m) => m.daysOverdue !== null)
        .map((m): DigestOverdue => ({ id: m.id, actionId: a.id, area: a.area, title: m.title, owners: m.owners.map((o) => o.name), status: m.status, effectiveDue: m.effectiveDue, daysOverdue: m.daysOverdue!, promptState: input.promptStates?.get(m.id) ?? "not asked this month" })),
    ),
    kpis,
    qisWithoutFinding: qiStatuses(view.plan, records, asOf)
      .filter((q) => q.dueThisPeriod)
      .map((q) => ({ id: q.id, ref: q.ref, area: q.area, title: q.title, period: q.periodLabel ?? "" })),
    commentary: latestCommentary(view, asOf),
    kpisWithoutMeasurement: kpis.filter((k) => k.state !== "qualitative" && !k.measuredThisPeriod).map(({ id, title, label }) => ({ id, title, label })),
    risksDueForReview: risksDueForReview(view.plan, asOf, records),
    actionsPastDeadline: summary.actions
      .filter((a) => a.daysPastDeadline !== null)
      .map((a) => ({ id: a.id, title: a.shortTitle ?? a.title, due: a.due, daysPastDeadline: a.daysPastDeadline!, overall: a.overall })),
    boardEscalations: boardEscalationsFor(view.plan, records, board.id, asOf),
    livedExperience: board.livedExperience ? livedExperience(view, asOf) : null,
    externalReviews: externalReviews(view, asOf, board.id),
    dataToComplete: dataToComplete(view.plan),
    cadenceNote: board.cadenceNote ?? null,
    statusSource: { fromPlanFile: milestones.filter((m) => !m.statusRecorded).length, milestones: milestones.length, sourceNote: view.plan.sourceNote ?? null },
  };
}

/** The lived-experience QIs' latest findings up to the as-of date, and whether one is recorded for this period. */
function livedExperience(view: PlanView, asOf: IsoDate): NonNullable<DigestContent["livedExperience"]> {
  const findings = view.records?.findings ?? [];
  const qis = view.plan.qis.filter((qi) => qi.livedExperience).map((qi) => {
    const period = qiPeriodOf(qi.cadence, asOf);
    const latest = findings.filter((f) => f.qiId === qi.id && f.date <= asOf).sort((a, b) => a.date.localeCompare(b.date) || a.at.localeCompare(b.at)).pop();
    return {
      id: qi.id,
      ref: qi.ref,
      area: qi.area,
      title: qi.title,
      latest: latest ? { period: latest.period, date: latest.date, text: latest.text, by: latest.byName, ...(latest.link ? { link: latest.link } : {}) } : null,
      recordedThisPeriod: latest !== undefined && period !== undefined && latest.period === period,
    };
  });
  return { period: monthOf(asOf), qis };
}

/** Each action's latest commentary for a month up to the as-of date's. */
function latestCommentary(view: PlanView, asOf: IsoDate): DigestContent["commentary"] {
  const latest = new Map<string, NonNullable<PlanView["records"]>["commentary"][number]>();
  for (const c of view.records?.commentary ?? []) {
    if (c.period > monthOf(asOf)) continue;
    const seen = latest.get(c.actionId);
    if (!seen || c.period > seen.period || (c.period === seen.period && c.at > seen.at)) latest.set(c.actionId, c);
  }
  return view.plan.actions.flatMap((action) => {
    const c = latest.get(action.id);
    return c ? [{ actionId: action.id, title: findAction(view.plan, action.id)?.shortTitle ?? action.title, period: c.period, text: c.text, by: c.byName, at: c.at }] : [];
  });
}

/** What a posted digest stores, so the next one can say what changed since. */
export function snapshotOf(view: PlanView, asOf: IsoDate): DigestSnapshot {
  const summary = summarisePlan(view, asOf);
  return {
    asOf,
    actions: Object.fromEntries(summary.actions.map((a) => [a.id, a.overall])),
    milestones: Object.fromEntries(summary.actions.flatMap((a) => a.milestones.map((m) => [m.id, m.status]))),
  };
}

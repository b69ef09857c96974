import { daysBetween, type IsoDate } from "./dates";
import { memoOn } from "./memo";
import { summariseMilestone, type MilestoneSummary } from "./milestones";
import type { Action, Area } from "./plan";
import type { Status } from "./status";
import { countStatuses, deriveActionStatus, type StatusCounts } from "./statusRule";
import { personRef, type ActionOverride, type PersonRef, type PlanView } from "./view";

export interface ActionSummary {
  id: string;
  title: string;
  shortTitle?: string;
  area: string;
  lead: PersonRef;
  due: IsoDate;
  counts: StatusCounts;
  /** The status the plan's rule derives from the milestone counts. */
  derived: Status;
  derivedReason: string;
  /** The action lead's override, when there is one. */
  override: ActionOverride | null;
  /** The override when present, else the derived status. */
  overall: Status;
  /** How many of its milestones are overdue at the as-of date. */
  overdue: number;
  /** Days the action itself is past its own due date while not complete (not every milestone Blue), else null (issue 23). */
  daysPastDeadline: number | null;
  milestones: MilestoneSummary[];
}

export interface GroupSummary {
  counts: StatusCounts;
  /** How many actions have each overall status. */
  actionsByOverall: StatusCounts;
  overdue: number;
  milestones: number;
}

export interface AreaSummary extends GroupSummary {
  id: string;
  title: string;
  shortTitle?: string;
  actionIds: string[];
}

export interface PlanSummary {
  asOf: IsoDate;
  plan: { id: string; title: string; localArea: string; startDate: IsoDate };
  areas: AreaSummary[];
  actions: ActionSummary[];
  totals: GroupSummary;
  /** The plan's own transcription note, shown on status (issue 23). */
  sourceNote?: string;
}

/** One action's summary (remembered per view and date: callers must not change it). */
export function summariseAction(view: PlanView, action: Action, asOf: IsoDate): ActionSummary {
  return memoOn(view, `action|${action.id}|${asOf}`, () => computeActionSummary(view, action, asOf));
}

function computeActionSummary(view: PlanView, action: Action, asOf: IsoDate): ActionSummary {
  const milestones = action.milestones.map((m) => summariseMilestone(view, action, m, asOf));
  const counts = countStatuses(milestones.map((m) => m.status));
  const derived = deriveActionStatus(counts, view.plan.statusRule);
  const override = view.overrides.get(action.id) ?? null;
  return {
    id: action.id,
    title: action.title,
    shortTitle: action.shortTitle,
    area: action.area,
    lead: personRef(view.plan, action.lead),
    due: action.due,
    counts,
    derived: derived.status,
    derivedReason: derived.reason,
    override,
    overall: override?.status ?? derived.status,
    overdue: milestones.filter((m) => m.daysOverdue !== null).length,
    daysPastDeadline: action.due < asOf && !(milestones.length > 0 && milestones.every((m) => m.status === "blue")) ? daysBetween(action.due, asOf) : null,
    milestones,
  };
}

function addCounts(into: StatusCounts, from: StatusCounts): void {
  for (const key of Object.keys(into) as Status[]) into[key] += from[key];
}

function summariseGroup(actions: ActionSummary[]): GroupSummary {
  const counts = countStatuses([]);
  for (const action of actions) addCounts(counts, action.counts);
  return {
    counts,
    actionsByOverall: countStatuses(actions.map((a) => a.overall)),
    overdue: actions.reduce((sum, a) => sum + a.overdue, 0),
    milestones: actions.reduce((sum, a) => sum + a.milestones.length, 0),
  };
}

function summariseArea(area: Area, actions: ActionSummary[]): AreaSummary {
  const own = actions.filter((a) => a.area === area.id);
  return { id: area.id, title: area.title, shortTitle: area.shortTitle, actionIds: own.map((a) => a.id), ...summariseGroup(own) };
}

/** The progress table: per area of weakness, each action's counts and overall status. */
export function summarisePlan(view: PlanView, asOf: IsoDate): PlanSummary {
  return memoOn(view, `plan|${asOf}`, () => computePlanSummary(view, asOf));
}

function computePlanSummary(view: PlanView, asOf: IsoDate): PlanSummary {
  const { plan } = view;
  const actions = plan.actions.map((action) => summariseAction(view, action, asOf));
  return {
    asOf,
    plan: { id: plan.id, title: plan.title, localArea: plan.localArea, startDate: plan.startDate },
    areas: plan.areas.map((area) => summariseArea(area, actions)),
    actions,
    totals: summariseGroup(actions),
    ...(plan.sourceNote ? { sourceNote: plan.sourceNote } : {}),
  };
}

import { addDaysIso, daysBetween, type IsoDate } from "./dates";
import type { Action, Milestone } from "./plan";
import { memoOn } from "./memo";
import type { Status } from "./status";
import { findPerson, personRef, stateOf, type MilestoneState, type PersonRef, type PlanView } from "./view";

export interface MilestoneSummary {
  id: string;
  actionId: string;
  title: string;
  owners: PersonRef[];
  start?: IsoDate;
  due?: IsoDate;
  revisedDue?: IsoDate;
  /** The revised due date when the owner gave one, else the plan's. */
  effectiveDue?: IsoDate;
  ongoing: boolean;
  status: Status;
  note?: string;
  evidence?: string;
  updatedAt?: string;
  updatedBy?: string;
  version: number;
  /** Days past the effective due date, or null when not overdue. */
  daysOverdue: number | null;
  /** False while its status is the plan file's (nobody has recorded one): illustrative in the sample (issue 23). */
  statusRecorded: boolean;
}

export function effectiveDue(milestone: Milestone, state: MilestoneState): IsoDate | undefined {
  return state.revisedDue ?? milestone.due;
}

/** Overdue: due before the as-of date and not complete. Ongoing work is never overdue. */
export function daysOverdue(milestone: Milestone, state: MilestoneState, asOf: IsoDate): number | null {
  const due = effectiveDue(milestone, state);
  if (due === undefined || state.status === "blue" || due >= asOf) return null;
  return daysBetween(due, asOf);
}

/**
 * Summaries kept per milestone object. A plan rebuilt after a change keeps the objects of
 * every milestone that did not change (assemblePlan.ts), so only the changed ones are worked
 * out again. A kept summary is used only for the same state, date and action, and while its
 * owners' names are still those in the plan. Callers must not change a summary.
 */
const kept = new WeakMap<Milestone, { state: MilestoneState; asOf: IsoDate; actionId: string; summary: MilestoneSummary }>();

export function summariseMilestone(view: PlanView, action: Action, milestone: Milestone, asOf: IsoDate): MilestoneSummary {
  const state = stateOf(view, milestone);
  const known = kept.get(milestone);
  if (known && known.state === state && known.asOf === asOf && known.actionId === action.id && known.summary.owners.every((owner) => owner.name === (findPerson(view.plan, owner.id)?.name ?? owner.id))) {
    return known.summary;
  }
  const summary = computeMilestoneSummary(view, action, milestone, state, asOf);
  kept.set(milestone, { state, asOf, actionId: action.id, summary });
  return summary;
}

function computeMilestoneSummary(view: PlanView, action: Action, milestone: Milestone, state: MilestoneState, asOf: IsoDate): MilestoneSummary {
  return {
    id: milestone.id,
    actionId: action.id,
    title: milestone.title,
    owners: milestone.owners.map((owner) => personRef(view.plan, owner)),
    start: milestone.start,
    due: milestone.due,
    revisedDue: state.revisedDue,
    effectiveDue: effectiveDue(milestone, state),
    ongoing: milestone.ongoing,
    status: state.status,
    note: state.note,
    evidence: state.evidence,
    updatedAt: state.updatedAt,
    updatedBy: state.updatedBy,
    version: state.version,
    daysOverdue: daysOverdue(milestone, state, asOf),
    statusRecorded: state.updatedAt !== undefined,
  };
}

function everyMilestone(view: PlanView, asOf: IsoDate): MilestoneSummary[] {
  return memoOn(view, `milestones|${asOf}`, () => view.plan.actions.flatMap((action) => action.milestones.map((m) => summariseMilestone(view, action, m, asOf))));
}

/** Overdue milestones, longest overdue first. */
export function overdueMilestones(view: PlanView, asOf: IsoDate): MilestoneSummary[] {
  return everyMilestone(view, asOf)
    .filter((m) => m.daysOverdue !== null)
    .sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) || a.id.localeCompare(b.id, "en", { numeric: true }));
}

/** Milestones not yet complete that fall due from the as-of date to `days` days after it, soonest first. */
export function milestonesDueWithin(view: PlanView, asOf: IsoDate, days: number): MilestoneSummary[] {
  const until = addDaysIso(asOf, days);
  return everyMilestone(view, asOf)
    .filter((m) => m.status !== "blue" && m.effectiveDue !== undefined && m.effectiveDue >= asOf && m.effectiveDue <= until)
    .sort((a, b) => (a.effectiveDue ?? "").localeCompare(b.effectiveDue ?? ""));
}

export function unownedMilestones(view: PlanView, asOf: IsoDate): MilestoneSummary[] {
  return everyMilestone(view, asOf).filter((m) => m.owners.length === 0);
}

export interface OwnerGroup {
  owner: PersonRef | null;
  milestones: MilestoneSummary[];
}

/** Groups milestones by owner (a milestone with two owners appears under both); unowned last. */
export function groupByOwner(milestones: MilestoneSummary[]): OwnerGroup[] {
  const groups = new Map<string, OwnerGroup>();
  const unowned: MilestoneSummary[] = [];
  for (const milestone of milestones) {
    if (milestone.owners.length === 0) unowned.push(milestone);
    for (const owner of milestone.owners) {
      const group = groups.get(owner.id) ?? { owner, milestones: [] };
      group.milestones.push(milestone);
      groups.set(owner.id, group);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => (a.owner?.name ?? "").localeCompare(b.owner?.name ?? ""));
  return unowned.length > 0 ? [...sorted, { owner: null, milestones: unowned }] : sorted;
}

import type { IsoDate } from "./dates";
import type { Action, Milestone, Person, Plan } from "./plan";
import type { PlanRecords } from "./records";
import type { RagStatus, Status } from "./status";

/** What has been recorded about a milestone since it was imported. */
export interface MilestoneState {
  status: Status;
  note?: string;
  /** An https link to evidence of progress. */
  evidence?: string;
  /** A due date the owner gave in place of the plan's. */
  revisedDue?: IsoDate;
  /** The owner asked not to be prompted before this date. */
  snoozedUntil?: IsoDate;
  /** When and by whom the status was last recorded (ISO instant; display name). */
  updatedAt?: string;
  updatedBy?: string;
  /** Counts recorded changes; the history entry of change n has version n. */
  version: number;
  /** The stored row's ETag when this state was read from storage: a write conditional on it needs no read first. */
  etag?: string;
}

/** An action lead's judgement in place of the derived status, with the reason shown beside it. */
export interface ActionOverride {
  status: RagStatus;
  reason: string;
  by: string;
  at: string;
}

/**
 * A plan as stored: its definition plus what has been recorded against it. Every
 * summary is a pure function of a PlanView and an as-of date.
 */
export interface PlanView {
  /** The plan with what has been recorded applied (KPI measurements, risk reviews). */
  plan: Plan;
  milestones: ReadonlyMap<string, MilestoneState>;
  overrides: ReadonlyMap<string, ActionOverride>;
  /** The plan as last imported, before records were applied (what a CSV import revises); `plan` when absent. */
  definition?: Plan;
  /** KPI measurements, risk reviews, QI findings and commentary as recorded; none when absent. */
  records?: PlanRecords;
}

export interface PersonRef {
  id: string;
  name: string;
}

/** A view of a freshly imported plan: every milestone at the status its file gives. */
export function viewOfPlan(plan: Plan): PlanView {
  const milestones = new Map<string, MilestoneState>();
  for (const action of plan.actions) {
    for (const milestone of action.milestones) milestones.set(milestone.id, { status: milestone.status, version: 0 });
  }
  return { plan, milestones, overrides: new Map() };
}

export function stateOf(view: PlanView, milestone: Milestone): MilestoneState {
  return view.milestones.get(milestone.id) ?? { status: milestone.status, version: 0 };
}

const peopleIndexes = new WeakMap<Plan, Map<string, Person>>();

/** The person with this id; plans are immutable once parsed, so the index is built once per plan. */
export function findPerson(plan: Plan, id: string): Person | undefined {
  let index = peopleIndexes.get(plan);
  if (!index) {
    index = new Map(plan.people.map((person) => [person.id, person]));
    peopleIndexes.set(plan, index);
  }
  return index.get(id);
}

export function personRef(plan: Plan, id: string): PersonRef {
  return { id, name: findPerson(plan, id)?.name ?? id };
}

export function findAction(plan: Plan, id: string): Action | undefined {
  return plan.actions.find((action) => action.id === id);
}

export function findMilestone(plan: Plan, id: string): { action: Action; milestone: Milestone } | undefined {
  for (const action of plan.actions) {
    const milestone = action.milestones.find((m) => m.id === id);
    if (milestone) return { action, milestone };
  }
  return undefined;
}

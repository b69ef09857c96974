import type { IsoDate } from "./dates";
import { allMilestones, type ExternalReview, type Plan } from "./plan";
import type { Status } from "./status";
import { summariseAction } from "./summaries";
import { findAction, findMilestone, stateOf, type PlanView } from "./view";
import { daysOverdue } from "./milestones";

/**
 * External reviews (issue 23): the DfE and NHS England review's findings and
 * recommendations, attached to a meeting of the board that holds it. Each recommendation's
 * state is computed from the work linked to it. Pure.
 */

export type RecommendationState = "not linked" | "in progress" | "at risk" | "complete";

export interface LinkedWork {
  kind: "action" | "milestone";
  id: string;
  title: string;
  status: Status;
  overdue: boolean;
}

export interface RecommendationStatus {
  id: string;
  text: string;
  state: RecommendationState;
  linked: LinkedWork[];
  /** Linked ids that are not (or no longer) actions or milestones of the plan. */
  notInPlan: string[];
  sourceNote?: string;
}

export interface ExternalReviewStatus {
  board: { id: string; name: string };
  date: IsoDate;
  title: string;
  document?: ExternalReview["document"];
  findings: string[];
  recommendations: RecommendationStatus[];
  sourceNote?: string;
}

/** Complete when all its linked work is Blue; at risk when any is Red or overdue; in progress otherwise. */
export function recommendationState(linked: LinkedWork[]): RecommendationState {
  if (linked.length === 0) return "not linked";
  if (linked.every((l) => l.status === "blue")) return "complete";
  if (linked.some((l) => l.status === "red" || l.overdue)) return "at risk";
  return "in progress";
}

function linkedWork(view: PlanView, rec: ExternalReview["recommendations"][number], asOf: IsoDate, key: string): LinkedWork[] {
  const actions = rec.actions.flatMap((id): LinkedWork[] => {
    const action = findAction(view.plan, id);
    if (!action) return [];
    const summary = summariseAction(view, action, asOf);
    return [{ kind: "action", id, title: action.shortTitle ?? action.title, status: summary.overall, overdue: summary.daysPastDeadline !== null }];
  });
  // Milestones made from this recommendation in the app answer it too.
  const made = allMilestones(view.plan).filter(({ milestone }) => milestone.origin?.from === key).map(({ milestone }) => milestone.id);
  const milestones = [...new Set([...rec.milestones, ...made])].flatMap((id): LinkedWork[] => {
    const found = findMilestone(view.plan, id);
    if (!found) return [];
    const state = stateOf(view, found.milestone);
    return [{ kind: "milestone", id, title: found.milestone.title, status: state.status, overdue: daysOverdue(found.milestone, state, asOf) !== null }];
  });
  return [...actions, ...milestones];
}

export function reviewStatus(view: PlanView, review: ExternalReview, asOf: IsoDate): ExternalReviewStatus {
  const board = view.plan.boards.find((b) => b.id === review.board);
  return {
    board: { id: review.board, name: board?.name ?? review.board },
    date: review.date,
    title: review.title,
    ...(review.document ? { document: review.document } : {}),
    findings: review.findings,
    recommendations: review.recommendations.map((rec) => {
      const linked = linkedWork(view, rec, asOf, `${review.board} ${review.date} ${rec.id}`);
      const notInPlan = [...rec.actions.filter((id) => !findAction(view.plan, id)), ...rec.milestones.filter((id) => !findMilestone(view.plan, id))];
      return { id: rec.id, text: rec.text, state: recommendationState(linked), linked, notInPlan, ...(rec.sourceNote ? { sourceNote: rec.sourceNote } : {}) };
    }),
    ...(review.sourceNote ? { sourceNote: review.sourceNote } : {}),
  };
}

/** The reviews held up to the as-of date, newest first; a board's only, when given. */
export function externalReviews(view: PlanView, asOf: IsoDate, boardId?: string): ExternalReviewStatus[] {
  return view.plan.externalReviews
    .filter((r) => r.date <= asOf && (boardId === undefined || r.board === boardId))
    .sort((a, b) => b.date.localeCompare(a.date))
    .map((r) => reviewStatus(view, r, asOf));
}

/** One review: a board (id or name) and its meeting date. */
export function findExternalReview(plan: Plan, board: string, date: string): ExternalReview | undefined {
  const wanted = board.trim().toLowerCase();
  return plan.externalReviews.find((r) => r.date === date.trim() && (r.board === wanted || plan.boards.find((b) => b.id === r.board)?.name.toLowerCase().includes(wanted)));
}

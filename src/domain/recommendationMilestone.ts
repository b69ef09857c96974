import { findExternalReview } from "./externalReviews";
import type { Checked, Problem } from "./recordRules";
import { milestoneSchema, type Milestone, type Plan } from "./plan";
import { findAction, findMilestone, findPerson } from "./view";

/**
 * A review's recommendation turned into a new milestone (issue 23): an in-app change to
 * the plan, marked `origin: { kind: "app", from: "<board> <date> <recommendation>" }` so an
 * import of an older plan file neither changes nor removes it. Pure.
 */
export interface RecommendationMilestoneInput {
  board: string;
  date: string;
  recommendation: string;
  actionId: string;
  title: string;
  owner: string;
  due: string;
  /** Default: the action's next free number ("1.1.6"). */
  id?: string;
}

export const recommendationKey = (board: string, date: string, recommendation: string) => `${board} ${date} ${recommendation}`;

export function checkRecommendationMilestone(plan: Plan, input: RecommendationMilestoneInput, by: string, at: string): Checked<{ actionId: string; milestone: Milestone }> {
  const problems: Problem[] = [];
  const review = findExternalReview(plan, input.board, input.date);
  const rec = review?.recommendations.find((r) => r.id.toLowerCase() === input.recommendation.trim().toLowerCase());
  if (!review) problems.push({ field: "review", message: `there is no external review of ${input.board} on ${input.date}` });
  else if (!rec) problems.push({ field: "recommendation", message: `the review has no recommendation "${input.recommendation}" (${review.recommendations.map((r) => r.id).join(", ")})` });
  const action = findAction(plan, input.actionId.trim());
  if (!action) problems.push({ field: "action", message: `"${input.actionId}" is not an action of this plan` });
  const owner = input.owner.trim();
  if (!findPerson(plan, owner)) problems.push({ field: "owner", message: `"${owner}" is not a person in the plan` });
  let id = input.id?.trim();
  if (action && !id) {
    const numbers = action.milestones.map((m) => Number(m.id.split(".").pop())).filter(Number.isFinite);
    id = `${action.id}.${Math.max(0, ...numbers) + 1}`;
  }
  if (id && findMilestone(plan, id)) problems.push({ field: "id", message: `milestone ${id} already exists` });
  if (problems.length > 0 || !review || !rec || !action || !id) return { ok: false, problems };
  const parsed = milestoneSchema.safeParse({
    id,
    title: input.title.trim(),
    owners: [owner],
    due: input.due.trim(),
    origin: { kind: "app", from: recommendationKey(review.board, review.date, rec.id), at, by },
    sourceNote: `Added in Plan Tracker from recommendation ${rec.id} of the ${review.title}, by ${by}.`,
  });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? "milestone"), message: i.message })) };
  return { ok: true, value: { actionId: action.id, milestone: parsed.data } };
}

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { messageCard, type CardReply } from "../../cards/cards";
import type { FormState } from "../../cards/recordForm";
import { recommendationMilestoneAdded, recommendationMilestoneForm } from "../../cards/recommendationMilestoneCard";
import { todayIn } from "../../domain/dates";
import { findExternalReview, reviewStatus } from "../../domain/externalReviews";
import { findPerson, type PlanView } from "../../domain/view";
import { isPlanTrackerError } from "../../errors";
import { buttonData } from "../buttonData";
import type { ButtonContext, HandlerContext } from "../commandTypes";
import { teamsActor } from "../commands/records";

/**
 * A review's recommendation made a milestone, from Teams (issue 23): `recommendation-milestone
 * <board> <date> <recommendation>` (the external-review card's button, for plan admins) opens the
 * form; its Add milestone button writes through the same GovernanceService call as the CLI, with
 * the card's idempotency key. Both are for plan admins only, checked centrally from stored data.
 * A refusal (unknown recommendation, bad month or owner) writes nothing and says why on the form.
 */

const text = (max: number) => z.string().max(max).optional();

/**
 * What Add milestone sends: the recommendation it is for and the key, then the form's four inputs (absent when
 * left empty); nothing else. The inputs' names follow buttonData's card-input pattern, because Teams sends them
 * with every button on the card (its External review button too).
 */
export const recommendationMilestoneSchema = buttonData({
  board: z.string().trim().min(1).max(64),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recommendation: z.string().trim().min(1).max(64),
  idempotencyKey: z.string().min(8).max(64),
  text_milestoneTitle: text(300),
  value_milestoneAction: text(64),
  value_milestoneOwner: text(64),
  date_milestoneDue: text(32),
});

export type RecommendationMilestoneNeeds = "plans" | "governance" | "now";
export const RECOMMENDATION_MILESTONE_NEEDS = ["plans", "governance", "now"] as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function found(view: PlanView, board: string, date: string, recommendation: string, asOf: string) {
  const review = findExternalReview(view.plan, board, date);
  if (!review) return undefined;
  const status = reviewStatus(view, review, asOf);
  const rec = status.recommendations.find((r) => r.id.toLowerCase() === recommendation.trim().toLowerCase());
  return rec ? { review: status, recommendation: rec } : undefined;
}

const unknown = (board: string, date: string, recommendation: string) =>
  messageCard(`There is no recommendation "${recommendation}" in an external review of ${board} on ${date}, so nothing was added.`, { title: "Not added", buttons: [{ title: "External reviews", command: "external-reviews" }] });

/** `recommendation-milestone dfe-nhse-review 2024-01-04 ER1`: the form (plan admins; checked before this runs). */
export function recommendationMilestoneCommand(context: HandlerContext, args: { board: string; date: string; recommendation: string }): CardReply {
  const target = found(context.view, args.board, args.date, args.recommendation, context.asOf);
  if (!target) return unknown(args.board, args.date, args.recommendation);
  return recommendationMilestoneForm(context.view.plan, target.review, target.recommendation);
}

/** What is wrong with the form before anything is asked of the plan: a blank field, or a due date that is not a month. */
function formProblems(values: Record<"title" | "action" | "owner" | "due", string>): string[] {
  return [
    ...(values.title === "" ? ["Give the milestone a title."] : []),
    ...(values.action === "" ? ["Choose the action it belongs to."] : []),
    ...(values.owner === "" ? ["Choose its owner."] : []),
    ...(values.due === "" ? ["Give its due month (YYYY-MM)."] : MONTH.test(values.due) ? [] : [`"${values.due}" is not a month: give it as YYYY-MM (2024-06).`]),
  ];
}

export async function recommendationMilestoneButton(context: ButtonContext<RecommendationMilestoneNeeds>, data: z.output<typeof recommendationMilestoneSchema>): Promise<CardReply> {
  const { services, planId } = context;
  const view = await services.plans.view(planId);
  const asOf = todayIn(view.plan.timeZone, services.now());
  const target = found(view, data.board, data.date, data.recommendation, asOf);
  if (!target) return unknown(data.board, data.date, data.recommendation);
  const values = { title: (data.text_milestoneTitle ?? "").trim(), action: (data.value_milestoneAction ?? "").trim(), owner: (data.value_milestoneOwner ?? "").trim(), due: (data.date_milestoneDue ?? "").trim() };
  const refused = (problems: string[], idempotencyKey = data.idempotencyKey): CardReply => recommendationMilestoneForm(view.plan, target.review, target.recommendation, { values, problems, idempotencyKey } satisfies FormState);
  const problems = formProblems(values);
  if (problems.length > 0) return refused(problems);
  try {
    const added = await services.governance.milestoneFromRecommendation(
      planId,
      { board: target.review.board.id, date: target.review.date, recommendation: target.recommendation.id, actionId: values.action, title: values.title, owner: values.owner, due: values.due },
      teamsActor(context.sender),
      { idempotencyKey: data.idempotencyKey },
    );
    const now = await services.plans.view(planId);
    const after = found(now, data.board, data.date, data.recommendation, asOf) ?? target;
    return recommendationMilestoneAdded(after.review, after.recommendation, added, findPerson(now.plan, values.owner)?.name ?? values.owner);
  } catch (error) {
    if (isPlanTrackerError(error, "invalid-input")) return refused(error.problems.length ? [...error.problems] : [error.message]);
    // Nothing was written (someone added the same id at once): a new key, so that trying again is a new request.
    if (isPlanTrackerError(error, "conflict")) return refused([error.message], randomUUID());
    throw error;
  }
}

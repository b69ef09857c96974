import { displayDate } from "../domain/dates";
import type { ExternalReviewStatus, RecommendationStatus } from "../domain/externalReviews";
import type { Milestone, Plan } from "../domain/plan";
import type { CardReply } from "./cards";
import { formCommon, typed, type FormState } from "./recordForm";

/**
 * A review's recommendation made a milestone, from Teams (issue 23): the form a plan admin
 * fills (title, the action it belongs to, owner, due month), shown again with what was typed
 * and why when it is refused, and what was added once it is.
 */

const reviewLine = (review: ExternalReviewStatus) => `${review.title}: ${review.board.name}, ${displayDate(review.date)}`;

const buttons = (review: ExternalReviewStatus) => [{ title: "External review", command: `external-review ${review.board.id} ${review.date}` }];

export function recommendationMilestoneForm(plan: Plan, review: ExternalReviewStatus, recommendation: RecommendationStatus, state?: FormState): CardReply {
  // The action the recommendation is linked to first (or that of its first linked milestone), as the form's choice.
  const linkedAction = recommendation.linked.map((l) => (l.kind === "action" ? l.id : l.id.split(".").slice(0, 2).join(".")))[0] ?? plan.actions[0]?.id ?? "";
  return {
    card: "recommendationMilestone",
    data: {
      heading: `Milestone from recommendation ${recommendation.id}`,
      reviewText: reviewLine(review),
      recommendationText: recommendation.text,
      source: recommendation.sourceNote ?? "",
      ...formCommon(state),
      form: {
        board: review.board.id,
        date: review.date,
        recommendation: recommendation.id,
        idempotencyKey: formCommon(state).idempotencyKey,
        title: typed(state, "title"),
        action: typed(state, "action", linkedAction),
        owner: typed(state, "owner"),
        due: typed(state, "due"),
        actions: plan.actions.map((a) => ({ title: `${a.id} ${a.shortTitle ?? a.title}`.slice(0, 120), value: a.id })),
        people: plan.people.map((p) => ({ title: p.role && p.kind === "person" ? `${p.name} (${p.role})`.slice(0, 120) : p.name, value: p.id })),
      },
      buttons: buttons(review),
    },
  };
}

export function recommendationMilestoneAdded(review: ExternalReviewStatus, recommendation: RecommendationStatus, added: { actionId: string; milestone: Milestone; duplicate: boolean }, ownerName: string): CardReply {
  const m = added.milestone;
  return {
    card: "recommendationMilestone",
    data: {
      heading: `Milestone ${m.id} added from ${recommendation.id}`,
      reviewText: reviewLine(review),
      recommendationText: recommendation.text,
      source: m.sourceNote ?? "",
      problems: [],
      confirmation: `${added.duplicate ? "Already added: " : ""}${m.id} ${m.title} · action ${added.actionId} · ${ownerName} · due ${m.due ? displayDate(m.due) : "not set"}. It answers ${recommendation.id} and has a history entry.`,
      form: null,
      buttons: [{ title: `Milestone ${m.id}`, command: `milestone ${m.id}` }, ...buttons(review)],
    },
  };
}

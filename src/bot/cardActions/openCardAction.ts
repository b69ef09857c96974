import type { IsoDate } from "../../domain/dates";
import { todayIn } from "../../domain/dates";
import { mayUpdateMilestone } from "../../domain/permissions";
import type { Action, Milestone } from "../../domain/plan";
import { findMilestone, type PlanView } from "../../domain/view";
import { messageCard, type CardReply } from "../../cards/cards";
import { refusal } from "../access";
import { milestoneButtonSchema as submissionSchema } from "../buttonData";
import type { Services } from "../services";

/** What the milestone card's buttons (Save, Remind me, Not mine, refresh) use. */
export type SaveMilestoneDependencies = Pick<Services, "plans" | "links" | "now" | "messenger" | "log">;

/** Who pressed a button, and the plan it acts on, as the dispatcher checked them (by aadObjectId, from stored data). */
export interface Presser {
  aadObjectId?: string;
  name: string;
  planId: string;
  isAdmin: boolean;
}

export interface CardActionContext {
  planId: string;
  view: PlanView;
  asOf: IsoDate;
  milestoneId: string;
  action: Action;
  milestone: Milestone;
  /** The version of the milestone the card was built from. */
  version: number;
  /** The card's key, prefixed with the verb: the buttons of one card share a key. */
  idempotencyKey: string;
  personId?: string;
}

/**
 * The checks every milestone-card button makes before anything else: the submission
 * has the card's shape, the milestone exists, and the sender (by aadObjectId, through
 * their link) is its owner, its action lead or a plan admin. Returns a refusal card or
 * what the button's handler needs.
 */
export async function openCardAction(
  deps: SaveMilestoneDependencies,
  verb: string,
  data: unknown,
  sender: Presser,
): Promise<{ refusal: CardReply } | { context: CardActionContext }> {
  const notSaved = (text: string) => ({ refusal: messageCard(text, { title: "Not saved" }) });
  const submission = submissionSchema.safeParse(data);
  if (!submission.success) return notSaved("That request could not be read, so nothing was recorded.");
  const { milestoneId, version } = submission.data;
  const { planId, isAdmin } = sender;
  const view = await deps.plans.view(planId);
  const found = findMilestone(view.plan, milestoneId);
  if (!found) return notSaved(`There is no milestone ${milestoneId} in the plan, so nothing was recorded.`);
  const personId = sender.aadObjectId ? await deps.links.personFor(planId, sender.aadObjectId) : undefined;
  if (!mayUpdateMilestone(view.plan, milestoneId, { personId, isAdmin })) {
    return { refusal: refusal(`the owner of milestone ${milestoneId}, the lead of action ${found.action.id} or a plan admin`, "update it", "Nothing was recorded.", { title: "Not saved" }) };
  }
  return {
    context: {
      planId, view, asOf: todayIn(view.plan.timeZone, deps.now()), milestoneId, action: found.action, milestone: found.milestone, version,
      idempotencyKey: `${verb}:${submission.data.idempotencyKey}`, personId,
    },
  };
}

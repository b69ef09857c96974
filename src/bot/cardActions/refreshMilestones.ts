import { todayIn } from "../../domain/dates";
import { refreshButtonSchema as refreshSchema } from "../buttonData";
import { mayUpdateMilestone } from "../../domain/permissions";
import { findMilestone } from "../../domain/view";
import { messageCard, type CardReply } from "../../cards/cards";
import { milestoneUpdateCard } from "../../cards/milestoneUpdateCard";
import type { Presser, SaveMilestoneDependencies } from "./openCardAction";


/**
 * Action.Execute `refresh`: Teams asks for the card again when it is opened, and gets
 * it as it stands now — current statuses, notes and versions — so an owner coming back
 * to an old prompt neither sees stale figures nor saves against an old version. Like
 * every button, the viewer is identified by aadObjectId and sees only the milestones
 * they may update.
 */
export async function refreshMilestones(deps: SaveMilestoneDependencies, data: unknown, sender: Presser): Promise<CardReply> {
  const request = refreshSchema.safeParse(data);
  if (!request.success) return messageCard("That card could not be refreshed.", { title: "Plan Tracker" });
  const { planId, isAdmin } = sender;
  const view = await deps.plans.view(planId);
  const personId = sender.aadObjectId ? await deps.links.personFor(planId, sender.aadObjectId) : undefined;
  const yours = request.data.milestoneIds.filter((id) => findMilestone(view.plan, id) && mayUpdateMilestone(view.plan, id, { personId, isAdmin }));
  if (yours.length === 0) return messageCard("These milestones are not yours to update.", { title: "Plan Tracker", detail: 'Type "mine" to see your own, or "status" for the plan.' });
  return milestoneUpdateCard(view, yours, todayIn(view.plan.timeZone, deps.now()), {
    heading: yours.length === 1 ? `Milestone ${yours[0]} needs an update` : `${yours.length} milestones need an update`,
    intro: "As they stand now. Your update is recorded with your name and the time.",
  });
}

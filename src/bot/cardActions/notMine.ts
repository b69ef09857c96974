import { findPerson } from "../../domain/view";
import { isPlanTrackerError } from "../../errors";
import { messageCard, type CardReply } from "../../cards/cards";
import { inputKey, milestoneUpdateCard } from "../../cards/milestoneUpdateCard";
import { openCardAction } from "./openCardAction";
import type { Presser, SaveMilestoneDependencies } from "./openCardAction";

const MAX_REASON = 500;

/**
 * "Not mine": the milestone goes to its action lead with the owner's reason, and the
 * claim is recorded in its history. Untrusted like Save, and recorded once per key.
 */
export async function notMine(deps: SaveMilestoneDependencies, data: unknown, sender: Presser): Promise<CardReply> {
  const opened = await openCardAction(deps, "notmine", data, sender);
  if ("refusal" in opened) return opened.refusal;
  const { planId, view, asOf, milestoneId, version, idempotencyKey, personId, action } = opened.context;
  const raw = (data as Record<string, unknown>)[`reason_${inputKey(milestoneId)}`];
  const reason = typeof raw === "string" ? raw.trim() : "";
  const lead = findPerson(view.plan, action.lead)?.name ?? action.lead;
  if (reason === "" || reason.length > MAX_REASON) {
    return milestoneUpdateCard(view, [milestoneId], asOf, { notice: `Not sent: say in at most ${MAX_REASON} characters why milestone ${milestoneId} is not yours, or whose it is.`, typed: { [milestoneId]: { reason } } });
  }
  if (personId === action.lead) {
    return messageCard(`You lead action ${action.id}, so milestone ${milestoneId} stays with you; a plan admin can change its owner in the plan. Nothing was recorded.`, { title: "Not sent" });
  }
  const history = await deps.plans.milestoneHistory(planId, milestoneId);
  if (history.some((entry) => entry.idempotencyKey === idempotencyKey)) return sent(milestoneId, lead);
  try {
    await deps.plans.recordMilestoneEvent(planId, milestoneId, `Not mine: ${reason}`, { id: sender.aadObjectId ?? "unknown", name: sender.name, source: "teams" }, version, idempotencyKey);
  } catch (error) {
    if (!isPlanTrackerError(error, "conflict")) throw error;
    const fresh = await deps.plans.view(planId);
    return milestoneUpdateCard(fresh, [milestoneId], asOf, { notice: `Not sent: ${error.message}. Here it is as it stands now.`, typed: { [milestoneId]: { reason } } });
  }
  const card = milestoneUpdateCard(view, [milestoneId], asOf, {
    heading: `Milestone ${milestoneId} needs an owner`,
    intro: `${sender.name} says milestone ${milestoneId} of action ${action.id} is not theirs: “${reason}”. As the action's lead, please update it or find its owner.`,
  });
  try {
    await deps.messenger?.send(planId, action.lead, card);
  } catch (error) {
    deps.log(`Could not pass ${milestoneId} to ${action.lead}: ${error instanceof Error ? error.message : String(error)}`);
    return messageCard(`Recorded that milestone ${milestoneId} is not yours, but ${lead} (lead of action ${action.id}) cannot be reached in Teams. A plan admin will see it in the milestone's history.`, { title: "Recorded, not delivered" });
  }
  return sent(milestoneId, lead);
}

function sent(milestoneId: string, lead: string): CardReply {
  return messageCard(`Milestone ${milestoneId} has gone to ${lead}, the action's lead, with your reason.`, { title: "Passed on", buttons: [{ title: "Plan status", command: "status" }] });
}

import { messageCard, type CardReply } from "../cards/cards";
import { channelIdOf } from "./channelId";
import type { Services } from "./services";
import type { Turn } from "./turn";

export type PlanResolution = { planId: string } | { reply: CardReply };
type Deps = Pick<Services, "plans" | "bindings" | "links" | "admins" | "operatorIds">;

/** A plan id as a button or a command carries it: checked before it reaches storage. */
export const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The plans a Teams user belongs to: linked to one of its people, or one of its admins
 * (from stored data, by aadObjectId). Every stored plan for the command line's operator.
 */
export async function plansOf(deps: Deps, aadObjectId: string | undefined): Promise<string[]> {
  const stored = await deps.plans.listPlans();
  if (!aadObjectId) return [];
  if (deps.operatorIds.includes(aadObjectId)) return stored.map((p) => p.id);
  const member = await Promise.all(
    stored.map(async ({ id }) => ((await deps.links.personFor(id, aadObjectId)) !== undefined || (await deps.admins.isAdmin(id, aadObjectId)) ? id : undefined)),
  );
  return member.filter((id): id is string => id !== undefined);
}

/** Whether this Teams user may see and act on a plan (through its own access checks). */
export async function mayUsePlan(deps: Deps, aadObjectId: string | undefined, planId: string): Promise<boolean> {
  if (aadObjectId === undefined) return false;
  if (deps.operatorIds.includes(aadObjectId)) return true;
  return (await deps.links.personFor(planId, aadObjectId)) !== undefined || (await deps.admins.isAdmin(planId, aadObjectId));
}

const wrongPlan = (text: string) => ({ reply: messageCard(`${text} Nothing was done.`, { title: "Not this plan", buttons: [{ title: "My plans", command: "plans" }] }) });

/**
 * The plan a turn is about, resolved once per turn in the dispatcher.
 *
 * - A team channel or group chat serves the plan it is bound to (`use plan <id> here`);
 *   unbound, PLAN_ID's plan, or the only stored plan; else it says how to bind it.
 * - A personal chat serves the plan the person belongs to: the only one; of several, the one
 *   they chose with `plan <id>`, else a card asks which; of none, PLAN_ID's or the only plan.
 * - `pinned` is the plan a card's button carries (stamped on every button when the card was
 *   sent). It must be the plan the conversation serves (a channel), or one the sender belongs
 *   to (a personal chat): anything else is refused here, before any handler runs.
 */
export async function planOfTurn(deps: Deps, turn: Turn, pinned?: string): Promise<PlanResolution> {
  const stored = await deps.plans.listPlans();
  if (stored.length === 0) return { reply: messageCard("No plan is stored yet. A plan admin can send me a plan file in a personal chat, or import one with `plan-tracker import <file>`.", { buttons: [] }) };
  const ids = stored.map((p) => p.id);
  if (pinned !== undefined && !ids.includes(pinned)) return wrongPlan("That button belongs to a plan that is not stored here.");
  const fallback = deps.plans.defaultPlanId && ids.includes(deps.plans.defaultPlanId) ? deps.plans.defaultPlanId : ids.length === 1 ? ids[0] : undefined;
  const shared = turn.conversation.type === "channel" || turn.conversation.type === "groupChat";
  if (shared) {
    // One plan stored: every conversation serves it (no read).
    const planId = ids.length === 1 ? ids[0]! : ((await deps.bindings.planOf(channelIdOf(turn.conversation.id))) ?? fallback);
    if (planId === undefined) {
      return { reply: messageCard(`This ${turn.conversation.type === "channel" ? "channel" : "chat"} is not bound to a plan yet, and ${ids.length} plans are stored (${ids.join(", ")}). A plan admin types "use plan <id> here".`, { title: "Which plan?", buttons: [] }) };
    }
    if (pinned !== undefined && pinned !== planId) return wrongPlan(`That button belongs to plan ${pinned}, and this conversation serves plan ${planId}.`);
    return { planId };
  }
  if (ids.length === 1) {
    if (pinned !== undefined && pinned !== ids[0]) return wrongPlan(`That button belongs to plan ${pinned}.`);
    return { planId: ids[0]! };
  }
  const aad = turn.sender.aadObjectId;
  if (pinned !== undefined) {
    if (pinned === fallback || (await mayUsePlan(deps, aad, pinned))) return { planId: pinned };
    return wrongPlan(`That button belongs to plan ${pinned}, which you are not in.`);
  }
  const mine = await plansOf(deps, aad);
  if (mine.length === 1) return { planId: mine[0]! };
  if (mine.length === 0) {
    if (fallback) return { planId: fallback };
    return { reply: messageCard(`You are not in any of the ${ids.length} plans stored here yet. A plan admin can link you to your name in their plan.`, { title: "Which plan?", buttons: [] }) };
  }
  const chosen = aad ? await deps.bindings.choiceOf(aad) : undefined;
  if (chosen && mine.includes(chosen)) return { planId: chosen };
  return { reply: whichPlan(stored.filter((p) => mine.includes(p.id))) };
}

/** A person in several plans, with no choice made yet: a button for each. */
export function whichPlan(plans: { id: string; title: string }[]): CardReply {
  return messageCard(`You are in ${plans.length} plans. Which one do you mean? Your choice is kept for this chat until you choose another with "plan <id>".`, {
    title: "Which plan?",
    buttons: plans.slice(0, 6).map((p) => ({ title: `${p.title} (${p.id})`.slice(0, 80), command: `plan ${p.id}` })),
  });
}

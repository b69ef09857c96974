import { messageCard, type CardReply } from "../../cards/cards";
import { channelIdOf } from "../channelId";
import type { HandlerContext } from "../commandTypes";
import { plansOf } from "../planOfTurn";

type PlanNeeds = "plans" | "links" | "admins" | "bindings" | "operatorIds";

/** `plans`: the plans the sender belongs to (linked, or an admin), with a button to switch to each in a personal chat. */
export async function plansCommand(context: HandlerContext<PlanNeeds>): Promise<CardReply> {
  const { services, user, turn } = context;
  const stored = await services.plans.listPlans();
  const mine = new Set(await plansOf(services, user.aadObjectId));
  // The plan everyone here is answered about when they are in none (PLAN_ID's, or the only one), as planOfTurn answers.
  const open = stored.length === 1 ? stored[0]!.id : services.plans.defaultPlanId;
  const visible = stored.filter((p) => mine.has(p.id) || p.id === open);
  if (visible.length === 0) return messageCard(`You are not in any of the ${stored.length} plans stored here yet. A plan admin can link you to your name in their plan.`, { title: "Your plans", buttons: [] });
  const lines = visible.map((p) => `- **${p.title}** (${p.id})${mine.has(p.id) ? "" : " — open to everyone here"}`);
  const personal = turn.conversation.type === "personal" || turn.conversation.type === undefined;
  return messageCard(lines.join("\n"), {
    title: visible.length === 1 ? "Your plan" : `Your ${visible.length} plans`,
    detail: personal ? 'In this chat, "plan <id>" chooses which one I answer about.' : 'A plan admin binds this conversation to a plan with "use plan <id> here".',
    buttons: personal && visible.length > 1 ? visible.slice(0, 6).map((p) => ({ title: `Use ${p.id}`.slice(0, 80), command: `plan ${p.id}` })) : [],
  });
}

/** `plan <id>` in a personal chat: the plan this person's questions are about from now on. */
export async function choosePlanCommand(context: HandlerContext<"bindings">): Promise<CardReply> {
  const { services, user, planId, view } = context;
  if (!user.aadObjectId) return messageCard("Teams did not say who you are, so your choice cannot be kept.", { buttons: [] });
  await services.bindings.choose(user.aadObjectId, planId);
  return messageCard(`From now on I answer about ${view.plan.title} (${planId}) in this chat.`, { title: "Plan chosen" });
}

/**
 * `use plan <id> here`: binds this channel or group chat to a plan (its admins only). A
 * conversation bound to another plan is taken from it only by someone who administers that one too.
 */
export async function usePlanHereCommand(context: HandlerContext<"bindings" | "admins">): Promise<CardReply> {
  const { services, turn, planId, view } = context;
  const where = turn.conversation.type === "channel" ? "channel" : "chat";
  const conversationId = channelIdOf(turn.conversation.id);
  const current = await services.bindings.planOf(conversationId);
  if (current !== undefined && current !== planId && !(await services.admins.isAdmin(current, turn.sender.aadObjectId))) {
    return messageCard(`This ${where} follows plan ${current}. Only an admin of ${current} can move it to another plan. Nothing was changed.`, { title: "Not changed", buttons: [] });
  }
  const { previous } = await services.bindings.bind(conversationId, planId, turn.sender.aadObjectId ?? turn.sender.name);
  const before = previous && previous !== planId ? ` It served ${previous} before.` : "";
  return messageCard(`This ${where} now follows ${view.plan.title} (${planId}): "status", prompts' buttons and every card here are about this plan.${before}`, { title: "Plan bound" });
}

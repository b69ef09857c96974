import { z } from "zod";
import { messageCard, withPlan, type CardReply } from "../../cards/cards";
import { reassignChooseCard, reassignConfirmCard, reassignDoneCard } from "../../cards/reassignCard";
import { echo } from "../../domain/echo";
import { findPersonByName } from "../../domain/people";
import { isPlanTrackerError } from "../../errors";
import { buttonData } from "../buttonData";
import type { ButtonContext, HandlerContext } from "../commandTypes";

const PERSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What Confirm reassign sends: the two plan people, and the reason typed on the card. */
export const confirmReassignSchema = buttonData({
  fromId: z.string().regex(PERSON_ID).max(64),
  toId: z.string().regex(PERSON_ID).max(64),
  // The card's reason box: an input, so (like every card input) sent only when filled in; the handler refuses without it.
  reason_reassign: z.string().trim().max(500).optional(),
});

const refused = (text: string) => messageCard(text, { title: "Not reassigned", buttons: [{ title: "People", command: "people" }] });

/** What Show what would move sends (the chooser of `reassign <person>`): the leaver, and the person chosen on the card. */
export const previewReassignSchema = buttonData({
  fromId: z.string().regex(PERSON_ID).max(64),
  // The card's choice, an input (sent empty when nobody was chosen: the card asks again).
  toId: z.union([z.literal(""), z.string().regex(PERSON_ID).max(64)]),
  reason_reassign: z.string().trim().max(500).optional(),
});

/**
 * `reassign <person> to <person> [because <reason>]` (plan admins): what would move, on a card
 * with Confirm reassign; `reassign <person>` alone (a gone person's button on `people`) first
 * asks who takes over. Writes nothing.
 */
export async function reassignCommand(context: HandlerContext<"reassign">, fromName: string, toName: string, reason: string): Promise<CardReply> {
  const plan = context.view.plan;
  const from = findPersonByName(plan, fromName);
  if (from && toName === "") return withPlan(reassignChooseCard(from, plan.people, reason), context.planId);
  const to = findPersonByName(plan, toName);
  const unknown = !from ? fromName : !to ? toName : undefined;
  if (unknown !== undefined || !from || !to) return refused(`There is no "${echo(unknown ?? "")}" among the plan's people. Nothing was moved.`);
  if (from.id === to.id) return refused(`${from.name} cannot be reassigned to themselves. Nothing was moved.`);
  const preview = await context.services.reassign(context.planId, from.id, to.id, actorOf(context), reason || "(to be given)", { preview: true });
  return withPlan(reassignConfirmCard(preview, reason), context.planId);
}

/** Show what would move: the chooser's answer, as `reassign <from> to <to>` would show it. Writes nothing. */
export async function previewReassign(context: ButtonContext<"reassign" | "plans">, data: z.output<typeof previewReassignSchema>): Promise<CardReply> {
  const plan = (await context.services.plans.view(context.planId)).plan;
  const from = plan.people.find((p) => p.id === data.fromId);
  if (!from) return refused(`${data.fromId} is not a person in plan ${context.planId}. Nothing was moved.`);
  if (data.toId === "") return withPlan(reassignChooseCard(from, plan.people, data.reason_reassign ?? ""), context.planId);
  try {
    const preview = await context.services.reassign(context.planId, data.fromId, data.toId, actorOf(context), data.reason_reassign || "(to be given)", { preview: true });
    return withPlan(reassignConfirmCard(preview, data.reason_reassign ?? ""), context.planId);
  } catch (error) {
    if (isPlanTrackerError(error, "not-found") || isPlanTrackerError(error, "invalid-input")) return refused(error.message);
    throw error;
  }
}

/** Confirm reassign: the moves, by a plan admin (checked centrally), with the reason typed on the card. */
export async function confirmReassign(context: ButtonContext<"reassign">, data: z.output<typeof confirmReassignSchema>): Promise<CardReply> {
  if (!data.reason_reassign) return refused("Give a reason on the card (it goes into each moved item's history). Nothing was moved.");
  try {
    const report = await context.services.reassign(context.planId, data.fromId, data.toId, actorOf(context), data.reason_reassign);
    return withPlan(reassignDoneCard(report), context.planId);
  } catch (error) {
    if (isPlanTrackerError(error, "not-found") || isPlanTrackerError(error, "invalid-input") || isPlanTrackerError(error, "conflict")) return refused(error.message);
    throw error;
  }
}

function actorOf(context: { turn: { sender: { aadObjectId?: string; name: string } } }) {
  return { id: context.turn.sender.aadObjectId ?? "unknown", name: context.turn.sender.name || "a plan admin", source: "teams" as const };
}

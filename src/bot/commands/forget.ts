import { z } from "zod";
import { messageCard, withPlan, type CardReply } from "../../cards/cards";
import { forgetConfirmCard, forgetDoneCard } from "../../cards/forgetCard";
import { echo } from "../../domain/echo";
import { findPersonByName } from "../../domain/people";
import { isPlanTrackerError } from "../../errors";
import { buttonData } from "../buttonData";
import type { ButtonContext, HandlerContext } from "../commandTypes";

const PERSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * What Confirm forget sends: the plan person (the plan comes from the card's stamp) and the Teams
 * user the card showed, a precondition only: the identity forgotten is always the stored link's.
 */
export const confirmForgetSchema = buttonData({ personId: z.string().regex(PERSON_ID).max(64), linkedTo: z.string().min(1).max(128) });

const refused = (text: string) => messageCard(text, { title: "Not forgotten", buttons: [{ title: "People", command: "people" }] });

/** `forget <person>` (plan admins): what would be deleted, on a card with Confirm forget. Writes nothing. */
export async function forgetCommand(context: HandlerContext<"links">, personName: string): Promise<CardReply> {
  const person = findPersonByName(context.view.plan, personName);
  if (!person) return refused(`There is no "${echo(personName)}" among the plan's people. Nothing was deleted.`);
  const link = await context.services.links.linkOf(context.planId, person.id);
  if (!link) return refused(`${person.name} has no Teams link in plan ${context.planId}: there is no Teams identity to forget. Nothing was deleted.`);
  return withPlan(forgetConfirmCard(person, link, context.planId), context.planId);
}

/** Confirm forget, by a plan admin (checked centrally): the same forget as `plan-tracker forget` (src/app/forgetPerson.ts). */
export async function confirmForget(context: ButtonContext<"forget" | "plans" | "admins">, data: z.output<typeof confirmForgetSchema>): Promise<CardReply> {
  const person = (await context.services.plans.view(context.planId)).plan.people.find((p) => p.id === data.personId);
  if (!person) return refused(`${data.personId} is not a person in plan ${context.planId}. Nothing was deleted.`);
  const sender = context.sender;
  // The identity is the tenant's: the sender must be an admin of every plan it holds a link or admin row in.
  const mayChange = (planId: string) => context.services.admins.isAdmin(planId, sender.aadObjectId);
  try {
    const report = await context.services.forget(context.planId, person.id, { id: sender.aadObjectId ?? "unknown", name: sender.name || "a plan admin", source: "teams" }, { linkedTo: data.linkedTo, mayChange });
    return withPlan(forgetDoneCard(person, report), context.planId);
  } catch (error) {
    if (isPlanTrackerError(error, "not-found") || isPlanTrackerError(error, "conflict") || isPlanTrackerError(error, "forbidden")) return refused(`${upperFirst(error.message)}. Nothing was deleted.`);
    throw error;
  }
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

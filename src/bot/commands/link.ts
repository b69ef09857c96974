import { echo } from "../../domain/echo";
import { messageCard, type CardReply } from "../../cards/cards";
import { findPersonByName } from "../../domain/people";
import type { HandlerContext } from "../commandTypes";

/** `link <person> to @user`: the mentioned user becomes that plan person (admins only). */
export async function link(context: HandlerContext<"links" | "teams">, personName: string): Promise<CardReply> {
  const { planId, view, turn, services } = context;
  const person = findPersonByName(view.plan, personName);
  if (!person) {
    const names = view.plan.people.map((p) => p.name).slice(0, 8).join(", ");
    return messageCard(`There is no "${echo(personName)}" among the plan's people (for example ${names}). Nothing was linked.`, { buttons: [{ title: "People", command: "people" }] });
  }
  const mentioned = turn.mentioned[0];
  if (!mentioned) {
    return messageCard(`Mention the Teams user to link: "link ${person.name} to @them". Nothing was linked.`, { buttons: [] });
  }
  const member = await services.teams.member(mentioned);
  if (!member.aadObjectId) return messageCard("Teams did not say who that is (no Azure AD id); nothing was linked.", { buttons: [] });
  await services.links.link(planId, person.id, { aadObjectId: member.aadObjectId, name: member.name, tenantId: turn.conversation.tenantId }, "manual", turn.sender.name || "an admin");
  return messageCard(`${person.name} is now linked to ${member.name} in Teams. Plan Tracker will ask them about their milestones.`, {
    buttons: [{ title: "People", command: "people" }],
  });
}

import { findPersonByAddress } from "../domain/people";
import type { PlanView } from "../domain/view";
import type { Services } from "./services";
import type { Turn } from "./turn";

/**
 * The plan person this Teams user is. Not linked yet and the plan has addresses:
 * Teams tells us the user's email and UPN, and a match links them.
 */
export async function personOf(deps: Pick<Services, "links" | "teams" | "log">, turn: Turn, planId: string, view: PlanView, aadObjectId: string): Promise<string | undefined> {
  const linked = await deps.links.personFor(planId, aadObjectId);
  if (linked || !view.plan.people.some((p) => p.email || p.upn) || turn.channelId !== "msteams") return linked;
  let member;
  try {
    member = await deps.teams.member(turn.sender.teamsId ?? "");
  } catch (error) {
    deps.log(`Could not look up ${aadObjectId} in Teams to link them by email: ${String(error)}`);
    return undefined;
  }
  const person = findPersonByAddress(view.plan, [member.email, member.userPrincipalName]);
  if (!person) return undefined;
  await deps.links.link(planId, person.id, { aadObjectId, name: member.name ?? person.name, tenantId: turn.conversation.tenantId }, "email", "Plan Tracker (email match)");
  return person.id;
}

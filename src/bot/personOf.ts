import { emailMatchingAllowed, linkByEmail } from "../app/emailLinking";
import type { PlanView } from "../domain/view";
import type { Services } from "./services";
import type { Turn } from "./turn";

/**
 * The plan person this Teams user is. Not linked yet and the plan has addresses: Teams tells
 * us the user's email and UPN, and a match links them — only for a sender in the plan's tenant
 * or ALLOWED_TENANT_IDS, and never over an existing link (see emailLinking.ts).
 */
export async function personOf(deps: Pick<Services, "links" | "teams" | "log" | "allowedTenantIds">, turn: Turn, planId: string, view: PlanView, aadObjectId: string): Promise<string | undefined> {
  const linked = await deps.links.personFor(planId, aadObjectId);
  if (linked || !view.plan.people.some((p) => p.email || p.upn) || turn.channelId !== "msteams") return linked;
  const tenantId = turn.conversation.tenantId;
  if (!emailMatchingAllowed(view.plan, deps.allowedTenantIds, tenantId)) return undefined;
  let member;
  try {
    member = await deps.teams.member(turn.sender.teamsId ?? "");
  } catch (error) {
    deps.log(`Could not look up ${aadObjectId} in Teams to link them by email: ${String(error)}`);
    return undefined;
  }
  return linkByEmail(deps.links, planId, view.plan, deps.allowedTenantIds, { aadObjectId, name: member.name ?? "", tenantId: tenantId ?? "", addresses: [member.email, member.userPrincipalName] });
}

import { findPersonByAddress } from "../domain/people";
import type { Plan } from "../domain/plan";
import type { LinkRepository } from "../storage/linkRepository";

/**
 * Linking a Teams user to a plan person by email, only where it cannot cross tenants or
 * override a person:
 * - the user's tenant must be the plan's `tenantId` or one of ALLOWED_TENANT_IDS (with neither
 *   configured, email matching is off: any tenant can have a user reporting any address);
 * - a match never replaces a link (of the person or of the user); the refusal is recorded for
 *   admins, who see it in `people` and can link by hand.
 */
export function emailMatchingAllowed(plan: Pick<Plan, "tenantId">, allowedTenantIds: readonly string[], tenantId: string | undefined): boolean {
  if (!tenantId) return false;
  return plan.tenantId === tenantId || allowedTenantIds.includes(tenantId);
}

export interface TeamsMemberAddresses {
  aadObjectId: string;
  name: string;
  tenantId: string;
  addresses: (string | undefined)[];
}

/** The plan person this user is by email, linked now; undefined when there is no match or the match was refused. */
export async function linkByEmail(links: Pick<LinkRepository, "linkIfFree" | "recordConflict">, planId: string, plan: Pick<Plan, "people" | "tenantId">, allowedTenantIds: readonly string[], member: TeamsMemberAddresses): Promise<string | undefined> {
  if (!emailMatchingAllowed(plan, allowedTenantIds, member.tenantId)) return undefined;
  const person = findPersonByAddress(plan, member.addresses);
  if (!person) return undefined;
  const user = { aadObjectId: member.aadObjectId, name: member.name, tenantId: member.tenantId };
  const outcome = await links.linkIfFree(planId, person.id, user, "Plan Tracker (email match)");
  if (outcome.linked) return person.id;
  if (outcome.forgotten) return undefined; // forgotten: linked again only by hand, and their id is not written down as a refused match
  await links.recordConflict(planId, { personId: person.id, aadObjectId: member.aadObjectId, teamsName: member.name, tenantId: member.tenantId, linkedTo: outcome.linkedTo });
  return undefined;
}

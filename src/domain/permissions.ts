import type { Plan } from "./plan";
import { findMilestone } from "./view";

/**
 * Who may update a milestone: its owners, its action's lead, and plan admins. The
 * person comes from the sender's link (by aadObjectId), never from what a card claims.
 */
export function mayUpdateMilestone(plan: Plan, milestoneId: string, who: { personId?: string; isAdmin: boolean }): boolean {
  if (who.isAdmin) return true;
  const found = findMilestone(plan, milestoneId);
  if (!found || who.personId === undefined) return false;
  return found.milestone.owners.includes(who.personId) || found.action.lead === who.personId;
}

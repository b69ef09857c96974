import { randomBytes } from "node:crypto";
import type { BackupTables } from "../backup/backupTables";
import { PlanTrackerError } from "../errors";
import type { AdminRepository } from "../storage/adminRepository";
import type { LinkRepository } from "../storage/linkRepository";
import type { Actor } from "../storage/planDiff";
import type { PlanRepository } from "../storage/planRepository";
import { scrubIdentity, type ScrubReport } from "../storage/scrubIdentity";
import type { PlanService } from "./planService";

export interface ForgetReport extends ScrubReport {
  planId: string;
  personId: string;
  pseudonym: string;
}

/**
 * `forget <person>`: deletes a plan person's Teams identity data (their link, personal chat,
 * prompt recipient ids, admin rows) and replaces their Azure AD object id in history by a
 * pseudonym. The plan keeps the person by name as the plan file gives it; the forget itself is
 * recorded (who, when, which person, the pseudonym), and email matching will not link them again.
 */
export interface ForgetConditions {
  /** The Teams user the confirmation showed: refused if the person has been linked to another since. */
  linkedTo?: string;
  /**
   * Whether the one asking may change a plan. The Teams identity is the tenant's, not one plan's:
   * forgetting it removes its links and admin rows in every plan. In Teams a plan admin may do that
   * only if they are an admin of every plan where the identity holds a link or an admin row; the
   * command line (the operator) passes nothing and may.
   */
  mayChange?: (planId: string) => Promise<boolean>;
}

export async function forgetPerson(deps: { plans: PlanService; planRows: PlanRepository; links: LinkRepository; admins: Pick<AdminRepository, "isAdmin" | "remove">; tables: BackupTables }, planId: string, personId: string, admin: Actor, conditions: ForgetConditions = {}, now = new Date()): Promise<ForgetReport> {
  const view = await deps.plans.view(planId);
  if (!view.plan.people.some((p) => p.id === personId)) throw new PlanTrackerError("not-found", `there is no person ${personId} in plan ${planId}`);
  const link = await deps.links.linkOf(planId, personId);
  if (!link) throw new PlanTrackerError("not-found", `${personId} has no Teams link in plan ${planId}: there is no Teams identity to forget`);
  if (conditions.linkedTo !== undefined && conditions.linkedTo !== link.aadObjectId) throw new PlanTrackerError("conflict", `${personId} has been linked to another Teams user since this card was shown`);
  const adminOf: string[] = [];
  for (const plan of await deps.plans.listPlans()) {
    const isAdmin = await deps.admins.isAdmin(plan.id, link.aadObjectId);
    if (isAdmin) adminOf.push(plan.id);
    const touched = isAdmin || plan.id === planId || (await deps.links.personFor(plan.id, link.aadObjectId)) !== undefined;
    if (touched && conditions.mayChange && !(await conditions.mayChange(plan.id))) {
      throw new PlanTrackerError("forbidden", `their Teams user is also linked to, or an admin of, plan ${plan.id}, and only an admin of every such plan can forget it`);
    }
  }
  const pseudonym = `forgotten-${randomBytes(6).toString("hex")}`;
  // Taken out of every plan's admins the usual way (with its history row, which the scrub then pseudonymises).
  for (const id of adminOf) await deps.admins.remove(id, link.aadObjectId, admin.id);
  const scrubbed = await scrubIdentity(deps.tables, deps.planRows, link.aadObjectId, pseudonym);
  await deps.links.recordForgotten(planId, personId, { pseudonym, by: admin.id, byName: admin.name, at: now.toISOString() });
  return { planId, personId, pseudonym, ...scrubbed };
}

import { findKpi } from "./kpis";
import { kpiMeasures, measureOwner, type Plan } from "./plan";
import { findQi } from "./recordRules";
import { findAction } from "./view";

/**
 * Who may record what, from stored data only: the plan person the sender's aadObjectId
 * is linked to, and plan admin rights. Never a name, never card data.
 */
export interface Asker {
  personId?: string;
  isAdmin: boolean;
}

/** A KPI's owner (of the KPI or of any of its parts), or an admin. */
export function mayRecordKpi(plan: Plan, kpiId: string, asker: Asker): boolean {
  if (asker.isAdmin) return true;
  const kpi = findKpi(plan, kpiId);
  if (!kpi || asker.personId === undefined) return false;
  return kpi.owner === asker.personId || kpiMeasures(kpi).some((part) => measureOwner(kpi, part) === asker.personId);
}

export function mayReviewRisk(plan: Plan, riskId: string, asker: Asker): boolean {
  if (asker.isAdmin) return true;
  const risk = plan.risks.find((r) => r.id.toLowerCase() === riskId.toLowerCase());
  return risk?.owner !== undefined && risk.owner === asker.personId;
}

export function mayRecordFinding(plan: Plan, qiId: string, asker: Asker): boolean {
  if (asker.isAdmin) return true;
  const qi = findQi(plan, qiId);
  return qi?.owner !== undefined && qi.owner === asker.personId;
}

/** An action's lead, or an admin: commentary and overrides. */
export function mayLeadAction(plan: Plan, actionId: string, asker: Asker): boolean {
  if (asker.isAdmin) return true;
  const action = findAction(plan, actionId);
  return action !== undefined && action.lead === asker.personId;
}

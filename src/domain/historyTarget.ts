import { findKpi } from "./kpis";
import type { Plan } from "./plan";
import { findQi } from "./recordRules";
import { findAction, findMilestone } from "./view";

export type HistoryTarget = { subject: "milestone" | "action" | "kpi" | "risk" | "qi"; id: string; label: string };

/**
 * What `history …` is about: "1.2.4" (a milestone), "1.2" (an action: overrides and
 * commentary), "kpi 7", "R3", or a QI ("a1-qi3"). Undefined when the plan has no such thing.
 */
export function findHistoryTarget(plan: Plan, text: string): HistoryTarget | undefined {
  const query = text.trim();
  const kpiQuery = /^kpi\s*(.+)$/i.exec(query);
  if (kpiQuery) {
    const kpi = findKpi(plan, kpiQuery[1]!);
    return kpi ? { subject: "kpi", id: kpi.id, label: kpi.id } : undefined;
  }
  const risk = plan.risks.find((r) => r.id.toLowerCase() === query.toLowerCase());
  if (risk) return { subject: "risk", id: risk.id, label: `risk ${risk.id}` };
  const qi = findQi(plan, query);
  if (qi) return { subject: "qi", id: qi.id, label: `${qi.ref} (area ${qi.area})` };
  const milestone = findMilestone(plan, query);
  if (milestone) return { subject: "milestone", id: milestone.milestone.id, label: `milestone ${milestone.milestone.id}` };
  const action = findAction(plan, query);
  if (action) return { subject: "action", id: action.id, label: `action ${action.id}` };
  return undefined;
}

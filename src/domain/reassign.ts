import type { Plan } from "./plan";

/**
 * What `reassign <from> to <to>` moves: every place the plan names the first person as
 * an owner or a lead (milestone owners, action leads, KPI and KPI-part owners, QI owners,
 * risk owners), each as a change of one field of one definition. A definition kind a later
 * feature gives owners adds its place here. Pure.
 */
export interface OwnershipMove {
  kind: "action" | "milestone" | "kpi" | "risk" | "meta";
  /** The definition's id (the plan's id for a QI, which lives in the plan's meta row). */
  id: string;
  field: string[];
  value: unknown;
  /** For a QI: the history goes under the QI. */
  subject?: { kind: "qi"; id: string };
  /** What moves, in words: "milestone 1.2.1 (owner)". */
  label: string;
}

export function ownershipMoves(plan: Plan, from: string, to: string): OwnershipMove[] {
  const moves: OwnershipMove[] = [];
  for (const action of plan.actions) {
    if (action.lead === from) moves.push({ kind: "action", id: action.id, field: ["lead"], value: to, label: `action ${action.id} (lead)` });
    for (const milestone of action.milestones) {
      if (!milestone.owners.includes(from)) continue;
      // The new person takes the leaver's place in the list; named twice if already there would mean nothing more.
      const owners = [...new Set(milestone.owners.map((owner) => (owner === from ? to : owner)))];
      moves.push({ kind: "milestone", id: milestone.id, field: ["owners"], value: owners, label: `milestone ${milestone.id} (owner)` });
    }
  }
  for (const kpi of plan.kpis) {
    if (kpi.owner === from) moves.push({ kind: "kpi", id: kpi.id, field: ["owner"], value: to, label: `KPI ${kpi.id} (owner)` });
    for (const part of kpi.parts ?? []) {
      if (part.owner === from) moves.push({ kind: "kpi", id: kpi.id, field: ["parts", part.id, "owner"], value: to, label: `KPI ${kpi.id} part ${part.id} (owner)` });
    }
  }
  for (const qi of plan.qis) {
    if (qi.owner === from) moves.push({ kind: "meta", id: plan.id, field: ["qis", qi.id, "owner"], value: to, subject: { kind: "qi", id: qi.id }, label: `QI ${qi.id} (owner)` });
  }
  for (const risk of plan.risks) {
    if (risk.owner === from) moves.push({ kind: "risk", id: risk.id, field: ["owner"], value: to, label: `risk ${risk.id} (owner)` });
  }
  return moves;
}

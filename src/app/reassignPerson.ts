import { ownershipMoves } from "../domain/reassign";
import { PlanTrackerError } from "../errors";
import { changeDefinitions } from "../storage/definitionEdits";
import type { Actor } from "../storage/planDiff";
import type { PlanRepository } from "../storage/planRepository";
import type { PlanService } from "./planService";

export interface ReassignReport {
  planId: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  /** What moves (or moved), in words: "milestone 1.2.1 (owner)". */
  moves: string[];
  /** False for the preview a confirmation card shows. */
  done: boolean;
}

/**
 * `reassign <from> to <to>`: everything the first person owns or leads moves to the
 * second, as in-app definition changes (history with source, admin and reason; markers
 * so a later import of an older plan file does not undo them). The caller has checked
 * that the actor administers the plan.
 */
export async function reassignPerson(deps: { plans: PlanService; planRows: PlanRepository }, planId: string, fromId: string, toId: string, admin: Actor, reason: string, options: { preview?: boolean } = {}): Promise<ReassignReport> {
  const view = await deps.plans.view(planId, { fresh: true });
  const plan = view.definition ?? view.plan;
  const person = (id: string) => {
    const found = plan.people.find((p) => p.id === id);
    if (!found) throw new PlanTrackerError("not-found", `${id} is not a person in plan ${planId} (see \`plan-tracker people\`); nothing was moved`);
    return { id: found.id, name: found.name };
  };
  const from = person(fromId);
  const to = person(toId);
  if (from.id === to.id) throw new PlanTrackerError("invalid-input", `${from.name} would be reassigned to themselves; nothing was moved`);
  if (reason.trim() === "") throw new PlanTrackerError("invalid-input", "a reassignment needs a reason for the history; nothing was moved");
  const moves = ownershipMoves(plan, from.id, to.id);
  const report = { planId, from, to, moves: moves.map((m) => m.label) };
  if (options.preview || moves.length === 0) return { ...report, done: false };
  await changeDefinitions(deps.planRows, planId, moves, admin, `Reassigned from ${from.name} to ${to.name}: ${reason.trim()}`);
  return { ...report, done: true };
}

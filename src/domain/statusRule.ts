import { count } from "./plural";
import { z } from "zod";
import type { RagStatus, Status } from "./status";

/**
 * How an action's overall status is derived from its milestones' ratings.
 *
 * Default rule, which reproduces every overall status in the progress report:
 * - no rated milestones: unrated;
 * - every milestone Blue: Blue;
 * - Red milestones are at least `redShareAtLeast` (40%) of the rated ones: Red;
 * - at least `amberCountAtLeast` (1) milestone Amber or Red: Amber;
 * - otherwise: Green.
 * The thresholds are per plan (`statusRule` in the plan file).
 */
export const statusRuleSchema = z.object({
  redShareAtLeast: z.number().gt(0).max(1),
  amberCountAtLeast: z.number().int().min(1),
});
export type StatusRule = z.output<typeof statusRuleSchema>;

export const DEFAULT_STATUS_RULE: StatusRule = { redShareAtLeast: 0.4, amberCountAtLeast: 1 };

export type StatusCounts = Record<Status, number>;

export function countStatuses(statuses: readonly Status[]): StatusCounts {
  const counts: StatusCounts = { blue: 0, green: 0, amber: 0, red: 0, unrated: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

export interface DerivedStatus {
  status: Status;
  /** Why, in words a board member can read: "2 of 5 rated milestones (40%) are Red, at or above 40%". */
  reason: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function deriveActionStatus(counts: StatusCounts, rule: StatusRule = DEFAULT_STATUS_RULE): DerivedStatus {
  const rated = counts.blue + counts.green + counts.amber + counts.red;
  const total = rated + counts.unrated;
  const unratedNote = counts.unrated > 0 ? ` (${counts.unrated} not yet rated)` : "";
  if (total === 0) return { status: "unrated", reason: "the action has no milestones" };
  if (rated === 0) return { status: "unrated", reason: `none of its ${count(total, "milestone")} is rated yet` };
  if (counts.blue === total) return { status: "blue", reason: total === 1 ? "its one milestone is complete" : `all ${total} milestones are complete` };
  const redShare = counts.red / rated;
  if (counts.red > 0 && redShare >= rule.redShareAtLeast) {
    return {
      status: "red",
      reason: `${counts.red} of ${rated} rated milestones (${percent(redShare)}) are Red, at or above the ${percent(rule.redShareAtLeast)} threshold${unratedNote}`,
    };
  }
  const atRisk = counts.amber + counts.red;
  if (atRisk >= rule.amberCountAtLeast) {
    const redPart = counts.red > 0 ? `; Red is ${percent(redShare)} of rated milestones, below the ${percent(rule.redShareAtLeast)} threshold for Red` : "";
    return { status: "amber", reason: `${atRisk} of ${rated} rated milestones are Amber or Red${redPart}${unratedNote}` };
  }
  return {
    status: "green" satisfies RagStatus,
    reason: `no milestone is Amber or Red; ${counts.blue} complete and ${counts.green} on track${unratedNote}`,
  };
}

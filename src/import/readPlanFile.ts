import { extname } from "node:path";
import type { Plan } from "../domain/plan";
import { PlanTrackerError } from "../errors";
import { readMilestoneCsv } from "./readMilestoneCsv";
import { readPlanJson } from "./readPlanJson";

export type PlanFileFormat = "json" | "csv";

export function planFileFormat(fileName: string): PlanFileFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".csv") return "csv";
  throw new PlanTrackerError("invalid-input", `${fileName}: a plan file must be .json (a whole plan) or .csv (the milestones of a stored plan)`);
}

/**
 * Reads a plan file into a validated plan. A CSV holds only milestones, so it needs
 * the stored plan it revises.
 */
export function readPlanFile(text: string, fileName: string, stored: Plan | undefined): Plan {
  if (planFileFormat(fileName) === "json") return readPlanJson(text, fileName);
  const current = stored;
  if (!current) {
    throw new PlanTrackerError("invalid-input", `${fileName}: a CSV of milestones updates a stored plan, and there is none yet; import the plan's JSON first`);
  }
  return readMilestoneCsv(text, fileName, current);
}

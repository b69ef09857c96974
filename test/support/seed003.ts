import type { StatusCounts } from "../../src/domain/statusRule";
import type { Status } from "../../src/domain/status";

/**
 * The progress table of seed 003 (Blue/Green/Amber/Red counts and overall status of
 * each action), as printed. A test checks this copy against the seed document itself.
 */
export const SEED_003_TABLE: { action: string; counts: Omit<StatusCounts, "unrated">; overall: Status }[] = [
  { action: "1.1", counts: { blue: 2, green: 3, amber: 0, red: 0 }, overall: "green" },
  { action: "1.2", counts: { blue: 1, green: 1, amber: 1, red: 2 }, overall: "red" },
  { action: "1.3", counts: { blue: 3, green: 0, amber: 0, red: 1 }, overall: "amber" },
  { action: "1.4", counts: { blue: 5, green: 1, amber: 0, red: 0 }, overall: "green" },
  { action: "1.5", counts: { blue: 3, green: 0, amber: 0, red: 0 }, overall: "blue" },
  { action: "1.6", counts: { blue: 0, green: 0, amber: 3, red: 0 }, overall: "amber" },
  { action: "2.1", counts: { blue: 2, green: 2, amber: 0, red: 0 }, overall: "green" },
  { action: "2.2", counts: { blue: 2, green: 1, amber: 2, red: 0 }, overall: "amber" },
  { action: "2.3", counts: { blue: 1, green: 0, amber: 4, red: 1 }, overall: "amber" },
  { action: "2.4", counts: { blue: 0, green: 2, amber: 2, red: 2 }, overall: "amber" },
];

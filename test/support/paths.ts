import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** The project's root folder (tests run from dist/test/...). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..", "..");
export const SAMPLE_PLAN = resolve(PROJECT_ROOT, "data", "somerset-app.json");
export const CLI = resolve(PROJECT_ROOT, "bin", "plan-tracker.js");

/** A public document the sample plan is transcribed from (../shared/seeds beside the project, or SEEDS_DIR). */
export function seedPath(prefix: string): string {
  const dir = process.env.SEEDS_DIR ?? resolve(PROJECT_ROOT, "..", "shared", "seeds");
  const file = existsSync(dir) ? readdirSync(dir).find((name) => name.startsWith(prefix)) : undefined;
  if (!file) throw new Error(`seed ${prefix} not found in ${dir} (set SEEDS_DIR to the folder of the seed documents)`);
  return resolve(dir, file);
}

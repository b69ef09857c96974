import { resolve } from "node:path";

/** The project's root folder (tests run from dist/test/...). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..", "..");
export const SAMPLE_PLAN = resolve(PROJECT_ROOT, "data", "somerset-app.json");
export const CLI = resolve(PROJECT_ROOT, "bin", "plan-tracker.js");

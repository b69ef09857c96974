import { existsSync } from "node:fs";
import { z } from "zod";
import { PlanTrackerError } from "./errors";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/** Every setting Plan Tracker reads from the environment (see .env.example). */
const configSchema = z.object({
  AZURE_TABLES_CONNECTION_STRING: optionalString,
  TABLE_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, "must start with a letter and be letters and digits (Azure table names)").default("plantracker")),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  EMBEDDED_TABLES_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(10012)),
  PLAN_ID: optionalString,
  SAMPLE_PLAN_FILE: z.preprocess(emptyAsUndefined, z.string().default("data/somerset-app.json")),
});

export interface Config {
  /** Undefined means the embedded default: Azurite started by Plan Tracker itself. */
  tablesConnectionString?: string;
  tablePrefix: string;
  dataDir: string;
  embeddedTablesPort: number;
  defaultPlanId?: string;
  samplePlanFile: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new PlanTrackerError("configuration", "the configuration in the environment (or .env) is invalid", problems);
  }
  const e = parsed.data;
  return {
    tablesConnectionString: e.AZURE_TABLES_CONNECTION_STRING,
    tablePrefix: e.TABLE_PREFIX,
    dataDir: e.DATA_DIR,
    embeddedTablesPort: e.EMBEDDED_TABLES_PORT,
    defaultPlanId: e.PLAN_ID,
    samplePlanFile: e.SAMPLE_PLAN_FILE,
  };
}

/** Reads `.env` into the environment when there is one; variables already set win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

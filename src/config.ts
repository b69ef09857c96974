import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseWorkingHours, type WorkingHours } from "./domain/workingDays";
import { PlanTrackerError } from "./errors";
import { BOT_SDKS, type BotSdk } from "./teams/createRuntime";

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/** Every setting Plan Tracker reads from the environment (see .env.example). */
const configSchema = z.object({
  AZURE_TABLES_CONNECTION_STRING: optionalString,
  /** Azure Tables by Microsoft Entra ID instead of a key: https://<account>.table.core.windows.net */
  AZURE_TABLES_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https$/, error: "must be an https URL such as https://<account>.table.core.windows.net" }).optional()),
  /** The client id of the user-assigned managed identity that reads and writes the tables (empty: DefaultAzureCredential). */
  AZURE_CLIENT_ID: optionalString,
  /** Set: traces and counters go to this Application Insights resource (OpenTelemetry); unset: nothing is sent. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  /** The bot's log level (pino). */
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  /** How long one storage request may take, retries included, before the turn or command fails. */
  STORAGE_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(500).max(60_000).default(10_000)),
  TABLE_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/, "must start with a letter and be letters and digits (Azure table names)").default("plantracker")),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  EMBEDDED_TABLES_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(10012)),
  PLAN_ID: optionalString,
  SAMPLE_PLAN_FILE: z.preprocess(emptyAsUndefined, z.string().default("data/somerset-app.json")),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  /** Which SDK speaks the Bot Framework protocol: botbuilder (the default) or agents (the Microsoft 365 Agents SDK). */
  BOT_SDK: z.preprocess(emptyAsUndefined, z.enum(BOT_SDKS, { error: `must be one of ${BOT_SDKS.join(", ")}` }).default(BOT_SDKS[0])),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(emptyAsUndefined, z.enum(["SingleTenant", "UserAssignedMSI"]).default("SingleTenant")),
  ALLOWED_TENANT_IDS: optionalString,
  PLAN_ADMIN_IDS: optionalString,
  /** Tests only: where the bot fetches the keys that sign Bot Framework tokens. */
  BOT_OPENID_METADATA_URL: optionalString,
  NODE_ENV: optionalString,
  PROMPT_SCHEDULE: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  PROMPT_HOURS: z.preprocess(emptyAsUndefined, z.string().refine((text) => parseWorkingHours(text) !== undefined, "must be working hours such as 09:00-17:00").default("09:00-17:00")),
  PROMPT_CHECK_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1440).default(15)),
  PROMPT_REMINDER_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(30).default(3)),
  PROMPT_ESCALATION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(30).default(3)),
  /** How long a cycle's lease lasts unless renewed: a crashed holder's cycle is taken over after this. */
  PROMPT_LEASE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(5).max(3600).default(300)),
  TEAMS_TENANT_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(30)),
  TEAMS_CONVERSATION_RATE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(7)),
  BACKUP_SCHEDULE: z.preprocess(emptyAsUndefined, z.enum(["on", "off"]).default("on")),
  BACKUP_CHECK_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1440).default(60)),
  /** The daily backups' blob container, reached with the managed identity (AZURE_CLIENT_ID, else DefaultAzureCredential). */
  BACKUP_CONTAINER_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https$/, error: "must be an https URL such as https://<account>.blob.core.windows.net/<container>" }).optional()),
  /** Or a Storage connection string (an account key, or Azurite) with BACKUP_CONTAINER. */
  BACKUP_BLOB_CONNECTION_STRING: optionalString,
  BACKUP_CONTAINER: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, "must be a blob container name (3-63 lowercase letters, digits and single hyphens)").default("plan-tracker-backups")),
  /** Outside production only: a fixed "today" (YYYY-MM-DD) for demonstrations and tests. */
  PLAN_TRACKER_TODAY: z.preprocess(emptyAsUndefined, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").optional()),
});

/** The names of every setting the app reads (the infrastructure's app settings are checked against them). */
export const CONFIG_KEYS: readonly string[] = Object.keys(configSchema.shape);

const list = (value: string | undefined) => (value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");

export interface BotConfig {
  port: number;
  sdk: BotSdk;
  /** Empty: local only, every request is accepted anonymously. */
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: "SingleTenant" | "UserAssignedMSI";
  /** Empty: every tenant may use the bot. */
  allowedTenantIds: string[];
  /** Azure AD object ids of the people who may administer plans from Teams. */
  adminIds: string[];
  openIdMetadataUrl?: string;
  /** A fixed "today" (never in production). */
  fixedToday?: string;
  prompts: { schedule: boolean; hours: WorkingHours; checkEveryMinutes: number; reminderAfter: number; escalateAfter: number; leaseSeconds: number };
  /** Teams' limits for what the bot sends: requests a second per tenant and per conversation. */
  rates: { perTenantPerSecond: number; perConversationPerSecond: number };
}

export interface Config {
  /** Undefined (and no tablesEndpoint) means the embedded default: Azurite started by Plan Tracker itself. */
  tablesConnectionString?: string;
  /** Azure Tables reached with a Microsoft Entra ID token (a managed identity) rather than an account key. */
  tablesEndpoint?: string;
  /** The user-assigned managed identity for tablesEndpoint; undefined: DefaultAzureCredential. */
  tablesClientId?: string;
  tablePrefix: string;
  dataDir: string;
  embeddedTablesPort: number;
  defaultPlanId?: string;
  /** How long a plan read serves later requests in this process. */
  /** The deadline of one storage request (default 10 s). */
  storageDeadlineMs?: number;
  /** The bot's log level. */
  logLevel?: "debug" | "info" | "warn" | "error";
  /** Where telemetry goes; undefined: nowhere. */
  applicationInsightsConnectionString?: string;
  samplePlanFile: string;
  bot: BotConfig;
  /**
   * Origins besides SharePoint and OneDrive that plan files sent in Teams may be downloaded
   * from (src/teams/fileUrls.ts). Set only in code, by tests serving a file on loopback; no
   * environment variable reaches it.
   */
  extraFileOrigins?: string[];
  /** The daily backup; undefined: none is scheduled (tests set it when they want one). */
  backup?: BackupConfig;
}

export interface BackupConfig {
  schedule: boolean;
  checkEveryMinutes: number;
  /** Where the backups go: a blob container (by URL with a managed identity, or by connection string), else DATA_DIR/backups. */
  destination: { containerUrl: string } | { connectionString: string; container: string } | { folder: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new PlanTrackerError("configuration", "the configuration in the environment (or .env) is invalid", problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.MicrosoftAppType === "SingleTenant" && e.MicrosoftAppId) {
    if (!e.MicrosoftAppPassword) problems.push("MicrosoftAppPassword: is required when MicrosoftAppId is set (the bot's client secret), or use MicrosoftAppType=UserAssignedMSI");
    if (!e.MicrosoftAppTenantId) problems.push("MicrosoftAppTenantId: is required when MicrosoftAppId is set (a SingleTenant bot's tenant)");
  }
  if (e.MicrosoftAppType === "UserAssignedMSI") {
    if (!e.MicrosoftAppId) problems.push("MicrosoftAppId: is required when MicrosoftAppType is UserAssignedMSI (the client id of the bot's managed identity)");
    if (!e.MicrosoftAppTenantId) problems.push("MicrosoftAppTenantId: is required when MicrosoftAppType is UserAssignedMSI (the managed identity's tenant)");
    if (e.MicrosoftAppPassword) problems.push("MicrosoftAppPassword: must be empty when MicrosoftAppType is UserAssignedMSI (a managed identity has no secret)");
  }
  if (e.AZURE_TABLES_CONNECTION_STRING && e.AZURE_TABLES_ENDPOINT) {
    problems.push("AZURE_TABLES_ENDPOINT: set it or AZURE_TABLES_CONNECTION_STRING, not both");
  }
  if (e.AZURE_CLIENT_ID && !e.AZURE_TABLES_ENDPOINT) {
    problems.push("AZURE_TABLES_ENDPOINT: is required when AZURE_CLIENT_ID is set (the tables the managed identity may use)");
  }
  if (e.BACKUP_CONTAINER_URL && e.BACKUP_BLOB_CONNECTION_STRING) problems.push("BACKUP_CONTAINER_URL: set it or BACKUP_BLOB_CONNECTION_STRING, not both");
  if (e.BOT_OPENID_METADATA_URL && e.NODE_ENV === "production") problems.push("BOT_OPENID_METADATA_URL: is for tests and is refused in production");
  if (e.PLAN_TRACKER_TODAY && e.NODE_ENV === "production") problems.push("PLAN_TRACKER_TODAY: a fixed date is refused in production");
  if (!e.MicrosoftAppId && e.NODE_ENV === "production") {
    problems.push("MicrosoftAppId: is required in production (without it every request is accepted without authentication)");
  }
  if (!e.AZURE_TABLES_CONNECTION_STRING && !e.AZURE_TABLES_ENDPOINT && e.NODE_ENV === "production") {
    problems.push("AZURE_TABLES_ENDPOINT (with a managed identity) or AZURE_TABLES_CONNECTION_STRING: one is required in production (the embedded table store is a development default)");
  }
  if (problems.length > 0) throw new PlanTrackerError("configuration", "the configuration in the environment (or .env) is invalid", problems);
  return {
    tablesConnectionString: e.AZURE_TABLES_CONNECTION_STRING,
    tablesEndpoint: e.AZURE_TABLES_ENDPOINT,
    tablesClientId: e.AZURE_CLIENT_ID,
    tablePrefix: e.TABLE_PREFIX,
    dataDir: e.DATA_DIR,
    embeddedTablesPort: e.EMBEDDED_TABLES_PORT,
    defaultPlanId: e.PLAN_ID,
    storageDeadlineMs: e.STORAGE_TIMEOUT_MS,
    applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    logLevel: e.LOG_LEVEL,
    samplePlanFile: e.SAMPLE_PLAN_FILE,
    backup: {
      schedule: e.BACKUP_SCHEDULE === "on",
      checkEveryMinutes: e.BACKUP_CHECK_MINUTES,
      destination: e.BACKUP_CONTAINER_URL ? { containerUrl: e.BACKUP_CONTAINER_URL } : e.BACKUP_BLOB_CONNECTION_STRING ? { connectionString: e.BACKUP_BLOB_CONNECTION_STRING, container: e.BACKUP_CONTAINER } : { folder: join(e.DATA_DIR, "backups") },
    },
    bot: {
      port: e.PORT,
      sdk: e.BOT_SDK,
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appTenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
      allowedTenantIds: list(e.ALLOWED_TENANT_IDS),
      adminIds: list(e.PLAN_ADMIN_IDS),
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      fixedToday: e.PLAN_TRACKER_TODAY,
      prompts: { schedule: e.PROMPT_SCHEDULE === "on", hours: parseWorkingHours(e.PROMPT_HOURS)!, checkEveryMinutes: e.PROMPT_CHECK_MINUTES,
        reminderAfter: e.PROMPT_REMINDER_DAYS,
        escalateAfter: e.PROMPT_ESCALATION_DAYS,
        leaseSeconds: e.PROMPT_LEASE_SECONDS,
      },
      rates: { perTenantPerSecond: e.TEAMS_TENANT_RATE, perConversationPerSecond: e.TEAMS_CONVERSATION_RATE },
    },
  };
}

/** Reads `.env` into the environment when there is one; variables already set win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

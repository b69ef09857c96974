// First: compiled modules come from Node's cache where it has one, and the bot starts its embedded
// store's process before loading anything else (see each module).
import "./compileCache";
import "./prewarmStore";
import type { Services } from "./bot/services";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { odata, RestError, TableClient, TableServiceClient } from "@azure/data-tables";
import { backupTableNames, type BackupTables } from "./backup/backupTables";
import { blobDestination, folderDestination, type BackupDestination } from "./backup/backupDestination";
import { DailyBackup } from "./backup/dailyBackup";
import type { BackupScheduler } from "./backup/backupScheduler";
import { BackupRepository } from "./storage/backupRepository";
import { forgetPerson, type ForgetConditions, type ForgetReport } from "./app/forgetPerson";
import { reassignPerson, type ReassignReport } from "./app/reassignPerson";
import type { Actor } from "./storage/planDiff";
import type { TokenCredential } from "@azure/identity";
import { PlanService } from "./app/planService";
import { PromptPlanner } from "./app/promptPlanner";
import { RecordService } from "./app/recordService";
import { GovernanceService } from "./app/governanceService";
import type { PromptCycle } from "./app/promptCycle";
import type { PlanScheduler } from "./app/planScheduler";
import type { DigestCycle } from "./app/digestCycle";
import type { BotSdk } from "./teams/createRuntime";
import { DigestService } from "./app/digestService";
import { ReportService } from "./app/reportService";
import { DigestRepository } from "./storage/digestRepository";
import { loadConfig, loadDotEnv, type Config } from "./config";
import { PlanTrackerError } from "./errors";
import { AdminRepository } from "./storage/adminRepository";
import { BindingRepository } from "./storage/bindingRepository";
import { CatalogRepository } from "./storage/catalogRepository";
import { fileDownloader, type FileDownloader } from "./teams/fileDownload";
import { ConversationRepository } from "./storage/conversationRepository";
import { LeaseRepository } from "./storage/leaseRepository";
import { LinkRepository } from "./storage/linkRepository";
import { PromptRepository } from "./storage/promptRepository";
import { embeddedRecoveryPolicy } from "./storage/embeddedRecoveryPolicy";
import { deadlinePolicy, DEFAULT_STORAGE_DEADLINE_MS } from "./storage/deadlinePolicy";
import { createLogger, type LogFunction } from "./logging/logger";
import { startTelemetry, type Telemetry } from "./telemetry/telemetry";
import type { Messenger } from "./app/promptCycle";
import type { EmbeddedTables } from "./storage/embeddedTables";
import { PlanRepository } from "./storage/planRepository";
import { MembershipRepository } from "./storage/membershipRepository";
import { PlanRecordStore } from "./storage/planRecordStore";
import { RequestCounter } from "./storage/requestCounter";
import { fileUploader } from "./teams/fileConsent";
import { loadDeferredModules } from "./deferredModule";
import { discardPrewarmedTableServer } from "./storage/tableServerProcess";

/**
 * The composition root: the one place that builds configuration-dependent I/O —
 * the table store (embedded Azurite or Azure), the table clients, the repositories
 * and the services. The CLI and the bot both start here.
 */

export interface AppOptions {
  /** A long-running process (the bot) takes over the embedded store if its host exits; a CLI command does not. */
  longRunning: boolean;
  log: LogFunction;
  /** false: an empty embedded store is left empty (export, restore and backups must see the store as it is). Default true. */
  seedSample?: boolean;
  /** Told once the table store is on its way (its process spawned, or the store is elsewhere), before the app is ready. */
  storeStarting?: () => void;
}

export interface App {
  config: Config;
  plans: PlanService;
  /** KPI measurements, risk reviews, QI findings, leads' commentary, and every subject's history. */
  records: RecordService;
  /** The issues log, board escalations and milestone checkpoints (issue 23). */
  governance: GovernanceService;
  prompts: PromptPlanner;
  conversations: ConversationRepository;
  /** Who Teams said was added to or removed from the teams the bot is in (`people`'s "gone"). */
  memberships: MembershipRepository;
  links: LinkRepository;
  /** Each plan's admins (seeded from PLAN_ADMIN_IDS), and which plan each conversation serves. */
  admins: AdminRepository;
  bindings: BindingRepository;
  /** Plan files sent in Teams, downloaded through the file URL policy. */
  files: FileDownloader;
  promptRecords: PromptRepository;
  digests: DigestService;
  /** The board pack (Word, Excel). */
  reports: ReportService;
  digestRecords: DigestRepository;
  leases: LeaseRepository;
  /** Every Plan Tracker table but the leases, for export and restore (src/backup). */
  backupTables: BackupTables;
  /** `forget <person>`: a plan person's Teams identity removed from every table (src/app/forgetPerson.ts). */
  forget(planId: string, personId: string, admin: Actor, conditions?: ForgetConditions): Promise<ForgetReport>;
  /** `reassign <from> to <to>`: what one person owns or leads moves to another, as in-app changes (src/app/reassignPerson.ts). */
  reassign(planId: string, fromId: string, toId: string, admin: Actor, reason: string, options?: { preview?: boolean }): Promise<ReassignReport>;
  /** The daily backups' records (`plan-tracker backups`). */
  backupRecords: BackupRepository;
  /** The daily backup, to the destination the configuration names (a blob container, or DATA_DIR/backups). */
  dailyBackup(): Promise<DailyBackup>;
  /** package.json's version, written into backups. */
  appVersion: string;
  requestCounter: RequestCounter;
  /** Spans and counters for Application Insights (a no-op without APPLICATIONINSIGHTS_CONNECTION_STRING). */
  telemetry: Telemetry;
  /** Where the data is, for start-up messages: "embedded store in .data (host)" or the Azure endpoint. */
  describeStorage(): string;
  /** Answers when storage does (readiness). */
  checkStorage(): Promise<void>;
  close(): Promise<void>;
}

/** The tables, each behind one repository; names are TABLE_PREFIX + this. */
type TableName = "plans" | "catalog" | "conversations" | "links" | "prompts" | "digests" | "leases" | "admins" | "bindings" | "backups" | "memberships";

/** How the tables are reached: a connection string (an account key, or Azurite), or an endpoint with a Microsoft Entra ID credential. */
type TableAccess = { connectionString: string } | { endpoint: string; credential: TokenCredential };

/**
 * The credential for AZURE_TABLES_ENDPOINT: the user-assigned managed identity named by
 * AZURE_CLIENT_ID, or else DefaultAzureCredential (a system-assigned identity in Azure, `az login`
 * on a developer's machine).
 */
export async function tablesCredential(config: Pick<Config, "tablesClientId">): Promise<TokenCredential> {
  const { DefaultAzureCredential, ManagedIdentityCredential } = await import("@azure/identity");
  return config.tablesClientId ? new ManagedIdentityCredential({ clientId: config.tablesClientId }) : new DefaultAzureCredential();
}

/** How long a CLI command waits for an embedded store that does not answer. */
const CLI_STORE_WAIT_MS = 10_000;

export async function openApp(config: Config, options: AppOptions): Promise<App> {
  // A store process started ahead (src/prewarmStore.ts) that this app did not take is not needed.
  return openStoreAndCompose(config, options).finally(discardPrewarmedTableServer);
}

async function openStoreAndCompose(config: Config, options: AppOptions): Promise<App> {
  if (config.tablesEndpoint !== undefined || config.tablesConnectionString !== undefined) options.storeStarting?.();
  if (config.tablesEndpoint !== undefined) {
    const telemetry = await startTelemetry(config.applicationInsightsConnectionString);
    return compose(config, options, { endpoint: config.tablesEndpoint, credential: await tablesCredential(config) }, undefined, telemetry);
  }
  let embedded: EmbeddedTables | undefined;
  let connectionString = config.tablesConnectionString;
  if (connectionString === undefined) {
    // Loaded only when used: a production install (npm ci --omit=dev) has no Azurite.
    const { openEmbeddedTables } = await import("./storage/embeddedTables.js").catch((error: unknown) => {
      throw new PlanTrackerError("configuration", "AZURE_TABLES_CONNECTION_STRING is not set, and the embedded table store (Azurite, a development dependency) is not installed", [], { cause: error });
    });
    // A command waits a few seconds for a store that does not answer, then fails (exit 7); the bot keeps waiting.
    embedded = await openEmbeddedTables({ dataDir: config.dataDir, port: config.embeddedTablesPort, takeOver: options.longRunning, log: options.log, starting: options.storeStarting, ...(options.longRunning ? {} : { waitMs: CLI_STORE_WAIT_MS }) });
    connectionString = embedded.connectionString;
  }
  const telemetry = await startTelemetry(config.applicationInsightsConnectionString);
  try {
    return await compose(config, options, { connectionString }, embedded, telemetry);
  } catch (error) {
    await embedded?.close();
    await telemetry.shutdown();
    throw error;
  }
}

async function compose(config: Config, options: AppOptions, access: TableAccess, embedded: EmbeddedTables | undefined, telemetry: Telemetry): Promise<App> {
  // Plain http is allowed only for a local emulator (the embedded store, or Azurite in tests).
  const emulator = (text: string) => /TableEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(text) || /UseDevelopmentStorage=true/.test(text);
  const clientOptions = { allowInsecureConnection: "connectionString" in access && emulator(access.connectionString) };
  const requestCounter = new RequestCounter();
  // Any table name: the backup reads tables added by later features without a change here.
  const client = (name: TableName | string) => {
    const tableName = `${config.tablePrefix}${name}`;
    const table = "connectionString" in access
      ? TableClient.fromConnectionString(access.connectionString, tableName, clientOptions)
      : new TableClient(access.endpoint, tableName, access.credential, clientOptions);
    const storageSpan = telemetry.storagePolicy(name);
    if (storageSpan) table.pipeline.addPolicy(storageSpan);
    // Policies run in the order added. A hand-over of the embedded store (a new host starting, the
    // supervisor restarting Azurite) is waited for outside the deadline, which bounds each attempt.
    if (embedded) table.pipeline.addPolicy(embeddedRecoveryPolicy(embedded));
    table.pipeline.addPolicy(deadlinePolicy(config.storageDeadlineMs ?? DEFAULT_STORAGE_DEADLINE_MS));
    table.pipeline.addPolicy(requestCounter.policy);
    return table;
  };
  const planTable = client("plans");
  const catalogTable = client("catalog");
  const conversationTable = client("conversations");
  const linkTable = client("links");
  const promptTable = client("prompts");
  const digestTable = client("digests");
  const leaseTable = client("leases");
  const adminTable = client("admins");
  const bindingTable = client("bindings");
  const backupTable = client("backups");
  const membershipTable = client("memberships");
  const service = "connectionString" in access ? TableServiceClient.fromConnectionString(access.connectionString, clientOptions) : new TableServiceClient(access.endpoint, access.credential, clientOptions);
  if (embedded) service.pipeline.addPolicy(embeddedRecoveryPolicy(embedded));
  service.pipeline.addPolicy(deadlinePolicy(config.storageDeadlineMs ?? DEFAULT_STORAGE_DEADLINE_MS));
  await createMissingTables(service, config.tablePrefix, [planTable, catalogTable, conversationTable, linkTable, promptTable, digestTable, leaseTable, adminTable, bindingTable, backupTable, membershipTable]);

  const planRepository = new PlanRepository(planTable);
  const plans = new PlanService(planRepository, new CatalogRepository(catalogTable), config.defaultPlanId);
  const backupTables: BackupTables = {
    names: async () => {
      const names: string[] = [];
      for await (const table of service.listTables()) if (table.name) names.push(table.name);
      return backupTableNames(config.tablePrefix, names);
    },
    table: (name) => client(name),
  };
  if (embedded && options.seedSample !== false) {
    // Only the embedded default is seeded: a real deployment starts from the plan its team imports.
    const seeded = await plans.seedIfEmpty(async () => {
      const path = resolve(config.samplePlanFile);
      return { fileName: basename(path), text: await readFile(path, "utf8") };
    });
    if (seeded) options.log(`Loaded the sample plan ${seeded.planId} into the empty embedded store`);
  }

  const conversations = new ConversationRepository(conversationTable);
  const links = new LinkRepository(linkTable, plans);
  const promptRecords = new PromptRepository(promptTable);
  const digestRecords = new DigestRepository(digestTable);
  const digests = new DigestService(plans, digestRecords, promptRecords);
  const recordStore = new PlanRecordStore(planTable, planRepository);
  const leases = new LeaseRepository(leaseTable);
  const backupRecords = new BackupRepository(backupTable);
  const admins = new AdminRepository(adminTable, config.bot.adminIds, plans);
  const appVersion = await packageVersion();
  return {
    config,
    plans,
    records: new RecordService(plans, recordStore),
    governance: new GovernanceService(plans, recordStore),
    prompts: new PromptPlanner(plans, links, conversations),
    conversations,
    memberships: new MembershipRepository(membershipTable),
    links,
    admins,
    bindings: new BindingRepository(bindingTable),
    files: fileDownloader({ extraOrigins: config.extraFileOrigins }),
    promptRecords,
    digests,
    reports: new ReportService(plans, digests),
    digestRecords,
    leases,
    backupTables,
    backupRecords,
    forget: (planId, personId, admin, conditions) => forgetPerson({ plans, planRows: planRepository, links, admins, tables: backupTables }, planId, personId, admin, conditions),
    reassign: (planId, fromId, toId, admin, reason, reassignOptions) => reassignPerson({ plans, planRows: planRepository }, planId, fromId, toId, admin, reason, reassignOptions),
    dailyBackup: async () => new DailyBackup(backupTables, backupRecords, leases, await backupDestination(config, access), { appVersion, leaseSeconds: config.bot.prompts.leaseSeconds, log: options.log }),
    appVersion,
    requestCounter,
    telemetry,
    describeStorage: () => (embedded ? `embedded table store in ${config.dataDir} (${embedded.role()}, port ${config.embeddedTablesPort})` : `Azure Tables at ${new URL(planTable.url).origin}`),
    checkStorage: async () => {
      if (embedded && !embedded.serving()) throw new PlanTrackerError("storage", "the embedded table store is restarting");
      // The cheapest request that proves the table answers: one page of at most one row.
      // A probe must answer quickly: past 2 s, storage counts as not answering (the SDK would keep retrying).
      await planTable
        .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${""}` }, abortSignal: AbortSignal.timeout(2000) })
        .byPage({ maxPageSize: 1 })
        .next();
    },
    close: async () => {
      await embedded?.close();
      // Telemetry that cannot be delivered must not stop a clean close (the exporter keeps it on disk to retry).
      await telemetry.shutdown().catch((error: unknown) => options.log("telemetry could not be flushed", { level: "warn", error: String(error) }));
    },
  };
}

/**
 * Creates the app's tables that do not exist yet. Every start after the first finds them all in
 * one listing: a create per table (eleven requests, each refused as existing) was most of what a
 * cold start spent on the store once it answered. An identity allowed to use the tables but not
 * to list them (a role granted per table) creates each, as before.
 */
async function createMissingTables(service: TableServiceClient, prefix: string, tables: TableClient[]): Promise<void> {
  const existing = new Set<string>();
  // "~" sorts after every character a table name may hold (letters and digits).
  const queryOptions = prefix ? { filter: odata`TableName ge ${prefix} and TableName lt ${`${prefix}~`}` } : {};
  try {
    for await (const table of service.listTables({ queryOptions })) if (table.name) existing.add(table.name);
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 403)) throw error;
  }
  await Promise.all(tables.filter((table) => !existing.has(table.tableName)).map((table) => table.createTable()));
}

/**
 * Where the daily backups go: the blob container BACKUP_CONTAINER_URL names (with the tables'
 * managed identity), or one in the account BACKUP_BLOB_CONNECTION_STRING names (created if
 * missing: Azurite, an account key), else the folder DATA_DIR/backups.
 */
async function backupDestination(config: Config, access: TableAccess): Promise<BackupDestination> {
  const destination = config.backup?.destination ?? { folder: join(config.dataDir, "backups") };
  if ("folder" in destination) return folderDestination(destination.folder);
  // Loaded only when used: most CLI commands never touch blobs.
  const { BlobServiceClient, ContainerClient } = await import("@azure/storage-blob");
  if ("containerUrl" in destination) {
    const credential = "credential" in access ? access.credential : await tablesCredential(config);
    return blobDestination(new ContainerClient(destination.containerUrl, credential));
  }
  const container = BlobServiceClient.fromConnectionString(destination.connectionString).getContainerClient(destination.container);
  await container.createIfNotExists();
  return blobDestination(container);
}

/** The version in package.json (next to dist/ when built, and in a production image). */
async function packageVersion(): Promise<string> {
  const text = await readFile(resolve(__dirname, "..", "..", "package.json"), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

export interface RunningBot {
  app: App;
  /** Runs one prompt cycle for a plan. */
  prompts: PromptCycle;
  /** Posts each board's digest once per meeting. */
  digests: DigestCycle;
  /** Runs prompts and digests on a timer, in working hours (PROMPT_SCHEDULE, PROMPT_HOURS, PROMPT_CHECK_MINUTES). */
  scheduler: PlanScheduler;
  /** Writes the daily backup (BACKUP_SCHEDULE); undefined when none is scheduled. */
  backups?: BackupScheduler;
  /** Where /api/messages listens. */
  url: string;
  /** The SDK that speaks the Bot Framework protocol (BOT_SDK). */
  sdk: BotSdk;
  close(): Promise<void>;
}

/** The Teams runtime on the SDK BOT_SDK chooses, for the configured bot registration (anonymous when there is no app id). */
async function createRuntime(config: Config, log: LogFunction) {
  const { createTeamsRuntime } = await import("./teams/createRuntime.js");
  const { turnErrorHandler } = await import("./bot/turnErrorHandler.js");
  return createTeamsRuntime(config.bot.sdk, { identity: config.bot, onTurnError: turnErrorHandler(log) });
}

/** The prompt cycle with its messenger, for a process that sends prompts without serving the bot (the CLI). */
async function createPromptCycle(app: App, runtime: Awaited<ReturnType<typeof createRuntime>>, config: Config, log: LogFunction) {
  const { TeamsMessenger } = await import("./bot/teamsMessenger.js");
  const { RateLimiter } = await import("./bot/rateLimiter.js");
  const { PromptCycle } = await import("./app/promptCycle.js");
  const { DigestCycle } = await import("./app/digestCycle.js");
  const messenger = tracedMessenger(new TeamsMessenger(runtime, app.links, app.conversations, new RateLimiter(config.bot.rates)), app.telemetry);
  const { telemetry } = app;
  return {
    messenger,
    cycle: new PromptCycle(app.plans, app.prompts, app.promptRecords, app.leases, messenger, config.bot.prompts, log, (planId, report) => {
      const attributes = { plan: planId, cycle: report.cycle };
      telemetry.count("prompts.sent", report.sent.length, attributes);
      telemetry.count("prompts.unreachable", report.unreachable.length, attributes);
      telemetry.count("prompts.failed", report.failed.length, attributes);
      telemetry.count("prompts.retried", report.retried.length, attributes);
    }),
    digests: new DigestCycle(app.plans, app.digests, app.digestRecords, app.leases, messenger, config.bot.prompts, log, (planId, report) => {
      for (const posted of report.posted) telemetry.count("digests.posted", 1, { plan: planId, board: posted.boardId });
    }),
  };
}

/** A span around each proactive send: a prompt, reminder or note to a person, or a digest to a channel. */
function tracedMessenger(messenger: Messenger, telemetry: Telemetry): Messenger {
  if (!telemetry.enabled) return messenger;
  return {
    send: (planId, personId, card) => telemetry.span("proactive send", { plan: planId, target: "person" }, () => messenger.send(planId, personId, card)),
    post: (tenantId, reference, card) => telemetry.span("proactive send", { target: "channel" }, () => messenger.post(tenantId, reference, card)),
    ...(messenger.prefetch ? { prefetch: (planId: string) => messenger.prefetch!(planId) } : {}),
    ...(messenger.release ? { release: () => messenger.release!() } : {}),
  };
}

/** Runs prompt (and digest) cycles from a command (cron, a timer function): the same cycles the bot's scheduler runs. */
export async function withPromptCycle<T>(app: App, log: LogFunction, work: (cycle: PromptCycle, digests: DigestCycle) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(app.config, log);
  const { cycle, digests } = await createPromptCycle(app, runtime, app.config, log);
  return work(cycle, digests);
}

/** What the command table's handlers may use, from the app's repositories (the bot, and `plan-tracker ask`). */
export function dispatcherServices(app: App, promptStates: Services["promptStates"], options: Pick<Services, "operatorIds" | "allowedTenantIds" | "messenger" | "now" | "log">): Omit<Services, "teams"> {
  return {
    plans: app.plans,
    reassign: app.reassign,
    forget: app.forget,
    memberships: app.memberships,
    admins: app.admins,
    bindings: app.bindings,
    files: app.files,
    conversations: app.conversations,
    links: app.links,
    promptRecords: app.promptRecords,
    promptStates,
    digests: app.digests,
    digestRecords: app.digestRecords,
    records: app.records,
    reports: app.reports,
    governance: app.governance,
    ...options,
  };
}

/** How long after listening the bot loads its deferred libraries if no readiness probe came first. */
const DEFERRED_LOAD_AFTER_MS = 2000;

const once = (work: () => void) => {
  let done = false;
  return () => {
    if (!done) work();
    done = true;
  };
};

/** Builds the bot on top of the app: authentication, adapter, turn error handler, handlers and the HTTP server. */
export async function startBot(config: Config, log: LogFunction): Promise<RunningBot> {
  // The store starts (in its own process) while this one loads the bot's libraries and the
  // Teams SDK (seconds of module loading, which would otherwise come after the store): loaded
  // here, not at the top, so that CLI commands do not load them. Loading blocks this process,
  // so it begins once the store's process has been spawned, not before.
  let storeStarting!: () => void;
  const storeOnItsWay = new Promise<void>((resolve) => (storeStarting = resolve));
  const opening = openApp(config, { longRunning: true, log, storeStarting });
  await Promise.race([storeOnItsWay, opening.then(() => undefined, () => undefined)]);
  const [opened, loaded] = await Promise.allSettled([
    opening,
    Promise.all([
      import("./bot/planTrackerBot.js"),
      import("./bot/dispatcher.js"),
      import("./bot/promptStates.js"),
      import("./logging/turnLog.js"),
      import("./server.js"),
      import("./app/planScheduler.js"),
      createRuntime(config, log),
    ]),
  ]);
  if (loaded.status === "rejected") {
    if (opened.status === "fulfilled") await opened.value.close();
    throw loaded.reason;
  }
  if (opened.status === "rejected") throw opened.reason;
  const [{ PlanTrackerBot }, { Dispatcher }, { SharedPromptStates }, { withTurnLog }, { createServer }, { PlanScheduler }, runtime] = loaded.value;
  const app = opened.value;
  try {
    const { bot: settings } = config;
    const { messenger, cycle: prompts, digests } = await createPromptCycle(app, runtime, config, log);
    const fixedToday = settings.fixedToday;
    const now = fixedToday ? () => new Date(`${fixedToday}T12:00:00Z`) : () => new Date();
    const dispatcher = new Dispatcher(dispatcherServices(app, new SharedPromptStates(app.promptRecords), { operatorIds: [], allowedTenantIds: settings.allowedTenantIds, messenger, now, log }));
    // The board pack's uploads go through the same file URL policy as plan files' downloads.
    const bot = new PlanTrackerBot({ dispatcher, conversations: app.conversations, memberships: app.memberships, allowedTenantIds: settings.allowedTenantIds, log, uploads: fileUploader({ extraOrigins: config.extraFileOrigins }) });
    const authenticated = settings.appId !== undefined;
    // Libraries only turns need (card templating, the date parser) load once the bot has answered its first
    // readiness probe, or soon after it listens if nothing probes it: not on the way to readiness.
    // A library that fails to load here fails the turns that need it (each loads it again), not the process.
    const loadDeferred = once(() =>
      setImmediate(() => {
        try {
          loadDeferredModules();
        } catch (error) {
          log("a library deferred past readiness could not be loaded", { level: "error", error: String(error) });
        }
      }),
    );
    const checkStorage = async () => {
      await app.checkStorage();
      loadDeferred();
    };
    const server = createServer({ runtime, handler: withTurnLog(bot.handle, log, app.telemetry), checkStorage, authenticated, log });
    const scheduler = new PlanScheduler(app.plans, app.leases, prompts, digests, { hours: settings.prompts.hours, intervalMs: settings.prompts.checkEveryMinutes * 60_000, leaseSeconds: settings.prompts.leaseSeconds, now, log });
    if (settings.prompts.schedule) scheduler.start();
    let backups: BackupScheduler | undefined;
    if (config.backup?.schedule) {
      const { BackupScheduler } = await import("./backup/backupScheduler.js");
      const daily = await app.dailyBackup();
      backups = new BackupScheduler(daily, config.backup.checkEveryMinutes * 60_000);
      backups.start();
      log(`Daily backups: to ${daily.describe()}`);
    }
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      // Without authentication the bot is for this machine only: nothing else can reach it.
      server.listen(settings.port, authenticated ? "0.0.0.0" : "127.0.0.1", () => resolve());
    });
    const deferredTimer = setTimeout(loadDeferred, DEFERRED_LOAD_AFTER_MS).unref();
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : settings.port;
    return {
      app,
      prompts,
      digests,
      scheduler,
      ...(backups ? { backups } : {}),
      url: `http://127.0.0.1:${port}/api/messages`,
      sdk: runtime.sdk,
      close: async () => {
        clearTimeout(deferredTimer);
        await scheduler.stop();
        await backups?.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.server.closeAllConnections(); // keep-alive connections would hold the close open
        await closed;
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** `npm start`: the bot on the configuration in the environment (by default, the embedded store and the sample plan). */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const { log } = createLogger(config.logLevel);
  const running = await startBot(config, log);
  log(`Plan Tracker is listening on ${running.url}`);
  log(`Storage: ${running.app.describeStorage()}`);
  log(`Teams: ${running.sdk === "agents" ? "Microsoft 365 Agents SDK (@microsoft/agents-hosting)" : "Bot Framework SDK (botbuilder, no longer supported by Microsoft)"}, BOT_SDK=${running.sdk}`);
  if (!config.bot.appId) {
    log("WARNING: MicrosoftAppId is not set, so every request is accepted without authentication. This is for local use only; never expose this port.");
    log("Chat with it locally: run `npm run playground` in another terminal and open the address it prints.");
  }
  if (config.bot.fixedToday) log(`Today is fixed at ${config.bot.fixedToday} (PLAN_TRACKER_TODAY)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing the server and the storage`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log("could not close cleanly", { level: "error", error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`plan-tracker: ${error instanceof PlanTrackerError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

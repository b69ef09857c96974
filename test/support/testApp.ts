import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Config } from "../../src/config";
import { openApp, type App } from "../../src/index";
import type { Actor } from "../../src/storage/planDiff";
import { SAMPLE_PLAN } from "./paths";

export function testConnectionString(): string {
  const connection = process.env.TEST_TABLES_CONNECTION_STRING;
  if (!connection) throw new Error("the test Azurite is not running (mochaGlobalSetup did not run)");
  return connection;
}

/** A table prefix no other test uses, so each suite has empty tables of its own. */
export function uniquePrefix(): string {
  return `t${randomBytes(5).toString("hex")}`;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    tablesConnectionString: testConnectionString(),
    tablePrefix: uniquePrefix(),
    dataDir: ".data-test",
    embeddedTablesPort: 10099,
    samplePlanFile: SAMPLE_PLAN,
    // The timer stays off in tests: they run cycles themselves, at the time they choose.
    bot: { port: 0, appType: "SingleTenant", allowedTenantIds: [], adminIds: [], prompts: { schedule: false, hours: { start: 540, end: 1020 }, checkEveryMinutes: 15, reminderAfter: 3, escalateAfter: 3, leaseSeconds: 300 }, rates: { perTenantPerSecond: 30, perConversationPerSecond: 7 } },
    ...overrides,
  };
}

export async function openTestApp(overrides: Partial<Config> = {}): Promise<App> {
  return openApp(testConfig(overrides), { longRunning: false, log: () => undefined });
}

export const sampleText = () => readFileSync(SAMPLE_PLAN, "utf8");
export const sampleJson = () =>
  JSON.parse(sampleText()) as Record<string, unknown> & { tenantId?: string; kpis: Record<string, unknown>[]; people: { id: string; email?: string }[]; actions: { id: string; milestones: Record<string, unknown>[] }[] };

export const admin: Actor = { id: "cli:test", name: "Test admin", source: "cli" };

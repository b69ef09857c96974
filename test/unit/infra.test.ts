import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_KEYS, loadConfig } from "../../src/config";
import { PROJECT_ROOT } from "../support/paths";

/**
 * infra/ cannot be compiled here (no Bicep compiler installs from npm or Debian), so these tests
 * hold it to the app instead: what it sets is what the app reads, and what it sets is enough
 * for the app to start in production with no secret.
 */

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");
const main = read("infra/main.bicep");

/** `var appSettings = { KEY: expression … }` in main.bicep, as written. */
function appSettings(): Map<string, string> {
  const block = /^var appSettings = \{\n([\s\S]*?)\n\}/m.exec(main);
  assert.ok(block, "main.bicep declares var appSettings = { … }");
  return new Map(block[1]!.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("//")).map((line) => {
    const [, key, value] = /^([A-Za-z_][A-Za-z0-9_]*): (.+)$/.exec(line) ?? [];
    assert.ok(key && value, `an app setting line: ${line}`);
    return [key, value] as [string, string];
  }));
}

/** Settings that infra/ sets before the app reads them, each with the change that makes it read. */
const READ_BY_A_LATER_CHANGE: Record<string, string> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: "telemetry through @azure/monitor-opentelemetry",
};

/** Stand-ins for what Azure fills in at deployment, shaped like the real values. */
const DEPLOYED: Record<string, string> = {
  "identity.outputs.clientId": "33333333-3333-3333-3333-333333333333",
  "identity.outputs.tenantId": "22222222-2222-2222-2222-222222222222",
  "storage.outputs.tableEndpoint": "https://plantrackerst1234.table.core.windows.net",
  "backups.outputs.containerUrl": "https://plantrackerst1234.blob.core.windows.net/plan-tracker-backups",
  "monitoring.outputs.connectionString": "InstrumentationKey=44444444-4444-4444-4444-444444444444",
  planAdminIds: "55555555-5555-5555-5555-555555555555",
  "tenant().tenantId": "22222222-2222-2222-2222-222222222222",
};

/** A setting's value as the app would see it: a literal, a parameter's default, or a deployed stand-in. */
function valueOf(expression: string): string {
  const literal = /^'(.*)'$/.exec(expression);
  if (literal) return literal[1]!;
  if (DEPLOYED[expression] !== undefined) return DEPLOYED[expression];
  const param = new RegExp(`^param ${expression} string = (.+)$`, "m").exec(main);
  assert.ok(param, `${expression} is a literal, a deployed value or a parameter with a default`);
  return valueOf(param[1]!.trim());
}

describe("infrastructure (infra/*.bicep) and the app's settings", () => {
  const settings = appSettings();
  const documented = new Set([...read(".env.example").matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!));

  it("sets only keys the app reads, each documented in .env.example", () => {
    for (const key of settings.keys()) {
      assert.ok(CONFIG_KEYS.includes(key) || key in READ_BY_A_LATER_CHANGE, `${key} is not a setting the app reads (src/config.ts)`);
      assert.ok(documented.has(key), `${key} is not in .env.example`);
    }
  });

  it("sets everything the app requires in production, with no secret: the bot and the tables by managed identity", () => {
    const env = Object.fromEntries([...settings].map(([key, expression]) => [key, valueOf(expression)]));
    const config = loadConfig(env);
    assert.equal(env.NODE_ENV, "production");
    assert.equal(config.bot.appType, "UserAssignedMSI");
    assert.equal(config.bot.appPassword, undefined);
    assert.equal(config.tablesConnectionString, undefined);
    assert.equal(config.tablesEndpoint, DEPLOYED["storage.outputs.tableEndpoint"]);
    assert.equal(config.tablesClientId, config.bot.appId, "one identity for the bot and the tables");
    // The botSdk parameter reaches the app as BOT_SDK, and each value it allows is one the app accepts.
    assert.equal(config.bot.sdk, valueOf("botSdk"));
    const allowed = /@allowed\(\[([^\]]*)\]\)\s*param botSdk /.exec(main)?.[1]?.match(/'([^']+)'/g)?.map((quoted) => quoted.slice(1, -1));
    assert.deepEqual(allowed, ["botbuilder", "agents"]);
    assert.deepEqual(allowed.map((sdk) => loadConfig({ ...env, BOT_SDK: sdk }).bot.sdk), allowed);
    // Each setting the app cannot start without is one infra/ sets: take any away and it refuses.
    for (const key of ["MicrosoftAppId", "MicrosoftAppTenantId", "AZURE_TABLES_ENDPOINT"]) {
      const { [key]: _removed, ...without } = env;
      assert.throws(() => loadConfig(without), /configuration/, `the app starts without ${key}`);
    }
  });

  it("grants the identity Storage Table Data Contributor on an account without shared keys", () => {
    const storage = read("infra/modules/storage.bicep");
    assert.match(storage, /allowSharedKeyAccess: false/);
    assert.match(storage, /0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3/, "the built-in role's id");
    assert.match(main, /tableContributorPrincipalId: identity\.outputs\.principalId/);
  });

  it("runs Node 24 everywhere production runs: App Service, the container image, package.json's engines", () => {
    const app = read("infra/modules/appService.bicep");
    assert.match(app, /linuxFxVersion: 'NODE\|24-lts'/);
    for (const setting of ["alwaysOn: true", "healthCheckPath: '/readyz'", "httpsOnly: true"]) assert.ok(app.includes(setting), setting);
    assert.deepEqual([...read("Dockerfile").matchAll(/^FROM (\S+)/gm)].map((m) => m[1]), ["node:24-slim", "node:24-slim"]);
    assert.match((JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node, /\^24\./);
  });

  it("registers the bot as the managed identity, with the Teams channel", () => {
    const bot = read("infra/modules/bot.bicep");
    assert.match(bot, /msaAppType: 'UserAssignedMSI'/);
    assert.match(bot, /msaAppMSIResourceId: identityId/);
    assert.match(bot, /channelName: 'MsTeamsChannel'/);
  });
});

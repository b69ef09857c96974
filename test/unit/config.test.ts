import { strict as assert } from "node:assert";
import { loadConfig } from "../../src/config";
import { PlanTrackerError } from "../../src/errors";
import { tablesCredential } from "../../src/index";

const APP_ID = "11111111-1111-1111-1111-111111111111";
const TENANT = "22222222-2222-2222-2222-222222222222";
const IDENTITY = "33333333-3333-3333-3333-333333333333";
const ENDPOINT = "https://plantrackercouncil.table.core.windows.net";
const CONNECTION = "DefaultEndpointsProtocol=https;AccountName=plantrackercouncil;AccountKey=a2V5;EndpointSuffix=core.windows.net";

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof PlanTrackerError) return [...error.problems];
    throw error;
  }
  return [];
};

describe("configuration: identities and storage", () => {
  const production = { NODE_ENV: "production" };
  const msiBot = { MicrosoftAppType: "UserAssignedMSI", MicrosoftAppId: IDENTITY, MicrosoftAppTenantId: TENANT };
  const secretBot = { MicrosoftAppType: "SingleTenant", MicrosoftAppId: APP_ID, MicrosoftAppPassword: "secret", MicrosoftAppTenantId: TENANT };
  const msiTables = { AZURE_TABLES_ENDPOINT: ENDPOINT, AZURE_CLIENT_ID: IDENTITY };

  const accepted: [string, NodeJS.ProcessEnv][] = [
    ["nothing set: local, anonymous, embedded store", {}],
    ["production with managed identities for the bot and the tables (the default deployment)", { ...production, ...msiBot, ...msiTables }],
    ["production with a secret and a connection string (the fallback)", { ...production, ...secretBot, AZURE_TABLES_CONNECTION_STRING: CONNECTION }],
    ["the tables endpoint without a client id (DefaultAzureCredential)", { ...production, ...msiBot, AZURE_TABLES_ENDPOINT: ENDPOINT }],
    ["a managed identity bot with a connection string for the tables", { ...production, ...msiBot, AZURE_TABLES_CONNECTION_STRING: CONNECTION }],
    ["a secret bot with managed identity tables", { ...production, ...secretBot, ...msiTables }],
  ];
  for (const [name, env] of accepted) {
    it(`accepts ${name}`, () => assert.deepEqual(problemsOf(env), []));
  }

  const refused: [string, NodeJS.ProcessEnv, string[]][] = [
    ["UserAssignedMSI without the identity's client id", { MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: TENANT }, [
      "MicrosoftAppId: is required when MicrosoftAppType is UserAssignedMSI (the client id of the bot's managed identity)",
    ]],
    ["UserAssignedMSI without the tenant", { MicrosoftAppType: "UserAssignedMSI", MicrosoftAppId: IDENTITY }, [
      "MicrosoftAppTenantId: is required when MicrosoftAppType is UserAssignedMSI (the managed identity's tenant)",
    ]],
    ["UserAssignedMSI with a secret", { ...msiBot, MicrosoftAppPassword: "secret" }, [
      "MicrosoftAppPassword: must be empty when MicrosoftAppType is UserAssignedMSI (a managed identity has no secret)",
    ]],
    ["SingleTenant with an app id only", { MicrosoftAppType: "SingleTenant", MicrosoftAppId: APP_ID }, [
      "MicrosoftAppPassword: is required when MicrosoftAppId is set (the bot's client secret), or use MicrosoftAppType=UserAssignedMSI",
      "MicrosoftAppTenantId: is required when MicrosoftAppId is set (a SingleTenant bot's tenant)",
    ]],
    ["both a connection string and an endpoint", { AZURE_TABLES_CONNECTION_STRING: CONNECTION, AZURE_TABLES_ENDPOINT: ENDPOINT }, [
      "AZURE_TABLES_ENDPOINT: set it or AZURE_TABLES_CONNECTION_STRING, not both",
    ]],
    ["a client id without the endpoint", { AZURE_CLIENT_ID: IDENTITY }, [
      "AZURE_TABLES_ENDPOINT: is required when AZURE_CLIENT_ID is set (the tables the managed identity may use)",
    ]],
    ["an endpoint that is not https", { AZURE_TABLES_ENDPOINT: "http://plantrackercouncil.table.core.windows.net" }, [
      "AZURE_TABLES_ENDPOINT: must be an https URL such as https://<account>.table.core.windows.net",
    ]],
    ["production with a bot but no tables", { ...production, ...msiBot }, [
      "AZURE_TABLES_ENDPOINT (with a managed identity) or AZURE_TABLES_CONNECTION_STRING: one is required in production (the embedded table store is a development default)",
    ]],
    ["production with tables but no bot", { ...production, ...msiTables }, [
      "MicrosoftAppId: is required in production (without it every request is accepted without authentication)",
    ]],
  ];
  for (const [name, env, problems] of refused) {
    it(`refuses ${name}, naming what is missing`, () => assert.deepEqual(problemsOf(env), problems));
  }

  it("carries the endpoint and the identity to the composition root", () => {
    const config = loadConfig({ ...production, ...msiBot, ...msiTables });
    assert.equal(config.tablesEndpoint, ENDPOINT);
    assert.equal(config.tablesClientId, IDENTITY);
    assert.equal(config.tablesConnectionString, undefined);
    assert.deepEqual([config.bot.appType, config.bot.appId, config.bot.appTenantId, config.bot.appPassword], ["UserAssignedMSI", IDENTITY, TENANT, undefined]);
  });

  it("uses the user-assigned identity named by AZURE_CLIENT_ID, else DefaultAzureCredential", async () => {
    // By name: the composition root loads @azure/identity with import(), its ES module build, which is not this file's CommonJS one.
    assert.equal((await tablesCredential({ tablesClientId: IDENTITY })).constructor.name, "ManagedIdentityCredential");
    assert.equal((await tablesCredential({ tablesClientId: undefined })).constructor.name, "DefaultAzureCredential");
  });
});

import { strict as assert } from "node:assert";
import { loadConfig } from "../../src/config";
import { authConfiguration } from "../../src/teams/agents/authConfiguration";

const APP = { MicrosoftAppId: "00000000-0000-0000-0000-00000000a11d", MicrosoftAppTenantId: "tenant-council" };

describe("BOT_SDK", () => {
  it("is botbuilder unless set, and agents when asked", () => {
    assert.equal(loadConfig({}).bot.sdk, "botbuilder");
    assert.equal(loadConfig({ BOT_SDK: "" }).bot.sdk, "botbuilder");
    assert.equal(loadConfig({ BOT_SDK: "agents" }).bot.sdk, "agents");
  });

  it("refuses anything else at start, naming the choices", () => {
    assert.throws(() => loadConfig({ BOT_SDK: "teams" }), (error: { problems: string[] }) => {
      assert.deepEqual(error.problems, ["BOT_SDK: must be one of botbuilder, agents"]);
      return true;
    });
  });
});

/** One .env serves both SDKs: botbuilder reads the MicrosoftApp* keys itself; the Agents SDK gets them as one connection. */
describe("the bot registration on the Agents SDK", () => {
  const connectionOf = (config: ReturnType<typeof authConfiguration>) => [...config.connections!.values()];

  it("a SingleTenant app id, tenant and secret become a client-secret connection", () => {
    const { bot } = loadConfig({ ...APP, MicrosoftAppPassword: "secret", BOT_SDK: "agents" });
    const auth = authConfiguration(bot);
    assert.deepEqual(connectionOf(auth), [{ clientId: APP.MicrosoftAppId, tenantId: APP.MicrosoftAppTenantId, authType: "ClientSecret", clientSecret: "secret" }]);
    assert.deepEqual(auth.connectionsMap, [{ serviceUrl: "*", connection: "planTracker" }]);
  });

  it("a user-assigned managed identity becomes a managed-identity connection with no secret", () => {
    const auth = authConfiguration({ appId: APP.MicrosoftAppId, appTenantId: APP.MicrosoftAppTenantId, appType: "UserAssignedMSI" });
    assert.deepEqual(connectionOf(auth), [{ clientId: APP.MicrosoftAppId, tenantId: APP.MicrosoftAppTenantId, authType: "UserManagedIdentity", clientSecret: undefined }]);
  });

  it("no app id is anonymous, whatever else the environment holds", () => {
    const auth = authConfiguration({ appType: "SingleTenant" });
    assert.deepEqual(connectionOf(auth), [{ clientId: undefined, tenantId: undefined, clientSecret: undefined }]);
  });
});

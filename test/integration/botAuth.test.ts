import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startBot, type RunningBot } from "../../src/index";
import { FakeConnector } from "../support/fakeConnector";
import { FakeOpenId } from "../support/fakeOpenId";
import { admin, sampleText, testConfig } from "../support/testApp";

const APP_ID = "00000000-0000-0000-0000-00000000a11d";

describe("Bot Framework token validation (MicrosoftAppId set)", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let openId: FakeOpenId;
  let connector: FakeConnector;

  before(async () => {
    openId = new FakeOpenId();
    await openId.start();
    connector = new FakeConnector();
    await connector.start();
    const config = testConfig();
    bot = await startBot(
      { ...config, bot: { ...config.bot, port: 0, appId: APP_ID, appPassword: "not-used-in-these-tests", appTenantId: "tenant-somerset", openIdMetadataUrl: openId.metadataUrl } },
      () => undefined,
    );
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await openId.stop();
    await connector.stop();
  });

  /** An Action.Execute invoke: its answer comes back in the HTTP response, so a valid token can be proven without the bot calling out. */
  const invoke = () => ({
    type: "invoke",
    name: "adaptiveCard/action",
    id: "invoke-1",
    channelId: "msteams",
    serviceUrl: connector.url,
    from: { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" },
    recipient: { id: `28:${APP_ID}`, name: "Plan Tracker" },
    conversation: { id: "a:personal-ann", conversationType: "personal", tenantId: "tenant-somerset" },
    value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.2" } } },
  });

  const send = (authorization?: string) =>
    fetch(bot.url, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: JSON.stringify(invoke()) });

  it("a request without a token gets 401 and reaches no handler", async () => {
    const response = await send();
    assert.equal(response.status, 401);
    assert.equal(connector.sent.length, 0);
  });

  it("a forged token (signed with another key) gets 401", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const response = await send(`Bearer ${openId.token(APP_ID, connector.url, { signWith: privateKey })}`);
    assert.equal(response.status, 401);
  });

  it("an expired token gets 401", async () => {
    const response = await send(`Bearer ${openId.token(APP_ID, connector.url, { expiresInSeconds: -3600 })}`);
    assert.equal(response.status, 401);
  });

  it("a token for another bot gets 401", async () => {
    const response = await send(`Bearer ${openId.token("another-app-id", connector.url)}`);
    assert.equal(response.status, 401);
  });

  it("a valid token is accepted and the handler answers", async () => {
    const response = await send(`Bearer ${openId.token(APP_ID, connector.url)}`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { type: string; value: unknown };
    assert.equal(body.type, "application/vnd.microsoft.card.adaptive");
    assert.match(JSON.stringify(body.value), /Action 1\.2:/);
  });
});

describe("Bot Framework token validation with a managed identity (MicrosoftAppType=UserAssignedMSI)", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let openId: FakeOpenId;
  let connector: FakeConnector;
  /** App Service's managed identity endpoint, on loopback: what the bot asked it for. */
  let identity: Server;
  const tokenRequests: URLSearchParams[] = [];
  const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

  before(async () => {
    openId = new FakeOpenId();
    await openId.start();
    connector = new FakeConnector();
    await connector.start();
    // App Service gives a managed identity to the app through these two variables (its identity protocol).
    identity = createServer((req, res) => {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      tokenRequests.push(query);
      const ok = req.headers["x-identity-header"] === "identity-header-secret";
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(ok ? { access_token: `msi-token-for-${query.get("client_id")}`, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: query.get("resource"), token_type: "Bearer", client_id: query.get("client_id") } : { error: "unauthorized" }));
    });
    await new Promise<void>((resolve) => identity.listen(0, "127.0.0.1", resolve));
    const { port } = identity.address() as AddressInfo;
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${port}/msi/token`;
    process.env.IDENTITY_HEADER = "identity-header-secret";
    const config = testConfig();
    // No secret: the bot's identity is the managed identity's client id, in its tenant.
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, appId: APP_ID, appType: "UserAssignedMSI", appPassword: undefined, appTenantId: "tenant-somerset", openIdMetadataUrl: openId.metadataUrl } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await openId.stop();
    await connector.stop();
    await new Promise((resolve) => identity.close(resolve));
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const send = (authorization?: string) =>
    fetch(bot.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        type: "invoke",
        name: "adaptiveCard/action",
        id: "invoke-msi",
        channelId: "msteams",
        serviceUrl: "http://127.0.0.1:9/never-called",
        from: { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" },
        recipient: { id: `28:${APP_ID}`, name: "Plan Tracker" },
        conversation: { id: "a:personal-ann", conversationType: "personal", tenantId: "tenant-somerset" },
        value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.2" } } },
      }),
    });

  it("refuses a request without a token, and one for another bot", async () => {
    assert.equal((await send()).status, 401);
    assert.equal((await send(`Bearer ${openId.token("another-app-id", "http://127.0.0.1:9/never-called")}`)).status, 401);
  });

  it("accepts a token issued for the identity's client id", async () => {
    const response = await send(`Bearer ${openId.token(APP_ID, "http://127.0.0.1:9/never-called")}`);
    assert.equal(response.status, 200);
    assert.match(JSON.stringify(await response.json()), /Action 1\.2:/);
  });

  it("replies with a token for the Bot Connector from the managed identity: no secret anywhere", async () => {
    const message = {
      type: "message",
      id: "message-msi",
      channelId: "msteams",
      serviceUrl: connector.url,
      from: { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" },
      recipient: { id: `28:${APP_ID}`, name: "Plan Tracker" },
      conversation: { id: "a:personal-ann-msi", conversationType: "personal", tenantId: "tenant-somerset" },
      text: "status",
    };
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${openId.token(APP_ID, connector.url)}` }, body: JSON.stringify(message) });
    assert.ok(response.status === 200 || response.status === 201, `status ${response.status}`);
    const reply = connector.sent.find((s) => s.conversationId === "a:personal-ann-msi");
    assert.ok(reply, "the bot replied through the connector");
    assert.equal(reply.authorization, `Bearer msi-token-for-${APP_ID}`);
    assert.ok(tokenRequests.some((q) => q.get("client_id") === APP_ID && /api\.botframework\.com/.test(q.get("resource") ?? "")), JSON.stringify(tokenRequests.map((q) => q.toString())));
  });
});

describe("bot configuration", () => {
  it("refuses an app id without its secret and tenant", async () => {
    const { loadConfig } = await import("../../src/config.js");
    assert.throws(() => loadConfig({ MicrosoftAppId: APP_ID }), (error: { problems: string[] }) => {
      assert.deepEqual(error.problems, [
        "MicrosoftAppPassword: is required when MicrosoftAppId is set (the bot's client secret), or use MicrosoftAppType=UserAssignedMSI",
        "MicrosoftAppTenantId: is required when MicrosoftAppId is set (a SingleTenant bot's tenant)",
      ]);
      return true;
    });
    assert.throws(() => loadConfig({ PORT: "http" }), /configuration/);
    const production = { NODE_ENV: "production", MicrosoftAppId: APP_ID, MicrosoftAppPassword: "secret", MicrosoftAppTenantId: "tenant" };
    assert.throws(() => loadConfig({ ...production, PLAN_TRACKER_TODAY: "2023-11-01", AZURE_TABLES_CONNECTION_STRING: "UseDevelopmentStorage=true" }), (error: { problems: string[] }) => {
      assert.deepEqual(error.problems, ["PLAN_TRACKER_TODAY: a fixed date is refused in production"]);
      return true;
    });
    // The embedded store is a development default: production needs Azure Tables.
    assert.throws(() => loadConfig({ NODE_ENV: "production" }), (error: { problems: string[] }) => {
      assert.deepEqual(error.problems, [
        "MicrosoftAppId: is required in production (without it every request is accepted without authentication)",
        "AZURE_TABLES_ENDPOINT (with a managed identity) or AZURE_TABLES_CONNECTION_STRING: one is required in production (the embedded table store is a development default)",
      ]);
      return true;
    });
  });
});

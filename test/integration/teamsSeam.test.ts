import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { BOT_SDKS, createTeamsRuntime } from "../../src/teams/createRuntime";
import { ConnectorError } from "../../src/teams/connectorError";
import { RequestRefused } from "../../src/teams/requestRefused";
import { referenceOf, toConversationRef, type ConversationRef } from "../../src/teams/conversationReference";
import type { TeamsRuntime } from "../../src/teams/runtime";
import type { Turn } from "../../src/teams/turn";
import { personalActivity } from "../support/activities";
import { FakeConnector } from "../support/fakeConnector";
import { FakeOpenId } from "../support/fakeOpenId";

const APP_ID = "00000000-0000-0000-0000-00000000a11d";
const ANN = { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" };

/** The seam itself, under each SDK: what the bot relies on, without the bot. */
for (const sdk of BOT_SDKS) {
  describe(`the Teams seam under ${sdk}`, function () {
    this.timeout(30_000);
    let connector: FakeConnector;
    let runtime: TeamsRuntime;
    const errors: Error[] = [];

    before(async () => {
      connector = new FakeConnector();
      await connector.start();
      runtime = await createTeamsRuntime(sdk, { identity: { appType: "SingleTenant" }, onTurnError: async (_turn, error) => void errors.push(error) });
    });
    after(() => connector.stop());

    it("runs a message turn and sends the reply to the connector", async () => {
      const from = connector.sent.length;
      let seen: Turn["activity"] | undefined;
      const answer = await runtime.process({ body: personalActivity(connector.url, "tenant-a", ANN, { text: "hello" }) }, async (turn) => {
        seen = turn.activity;
        await turn.send({ text: `you said ${turn.activity.text}` });
      });
      assert.equal(answer.status, 200);
      const [sent] = await connector.waitFor(from);
      assert.equal(sent!.activity.text, "you said hello");
      assert.equal(sent!.conversationId, "a:personal-aad-ann");
      assert.equal(seen?.channelId, "msteams");
      assert.equal(seen?.from.aadObjectId, "aad-ann");
    });

    it("answers an invoke with the handler's invoke response, and an invoke it does not answer with 501", async () => {
      const invoke = personalActivity(connector.url, "tenant-a", ANN, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "x" } } });
      const answered = await runtime.process({ body: invoke }, async () => ({ status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { type: "AdaptiveCard" } } }));
      assert.deepEqual(answered, { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { type: "AdaptiveCard" } } });
      const unanswered = await runtime.process({ body: invoke }, async () => undefined);
      assert.equal(unanswered.status, 501);
      const message = await runtime.process({ body: personalActivity(connector.url, "tenant-a", ANN, { text: "quiet" }) }, async () => undefined);
      assert.deepEqual(message, { status: 200 });
    });

    it("hands a handler's failure to the turn error handler", async () => {
      errors.length = 0;
      await runtime.process({ body: personalActivity(connector.url, "tenant-a", ANN, { text: "boom" }) }, async () => {
        throw new Error("handler failed");
      });
      assert.deepEqual(errors.map((e) => e.message), ["handler failed"]);
    });

    it("refuses an activity without a type or a conversation with 400", async () => {
      for (const body of [{ ...personalActivity(connector.url, "tenant-a", ANN), type: undefined }, { ...personalActivity(connector.url, "tenant-a", ANN), conversation: undefined }]) {
        await assert.rejects(runtime.process({ body }, async () => assert.fail("no handler runs")), (error: unknown) => error instanceof RequestRefused && error.status === 400);
      }
    });

    it("continues a stored conversation, looks up a member, and creates a personal chat", async () => {
      const from = connector.sent.length;
      let reference: ConversationRef | undefined;
      await runtime.process({ body: personalActivity(connector.url, "tenant-a", ANN, { text: "hi" }) }, async (turn) => void (reference = referenceOf(turn.activity)));
      await runtime.continueConversation(reference!, async (turn) => void (await turn.send({ text: "later" })));
      const [sent] = await connector.waitFor(from);
      assert.equal(sent!.activity.text, "later");
      assert.equal(sent!.conversationId, "a:personal-aad-ann");

      connector.members.set("29:bea", { id: "29:bea", name: "Bea", aadObjectId: "aad-bea", email: "bea@example.org" });
      const team: ConversationRef = { format: 1, channelId: "msteams", serviceUrl: connector.url, conversation: { id: "19:team@thread.tacv2", conversationType: "channel", tenantId: "tenant-a" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" } };
      let member;
      await runtime.continueConversation(team, async (turn) => void (member = await turn.member("29:bea")));
      assert.equal((member as unknown as { email: string }).email, "bea@example.org");
      await assert.rejects(
        runtime.continueConversation(team, async (turn) => void (await turn.member("29:nobody"))),
        (error: unknown) => error instanceof ConnectorError && error.statusCode === 404,
      );

      const chat = await runtime.createPersonalChat(team, { id: "29:bea", name: "Bea" }, "tenant-a");
      assert.equal(chat.conversation.id, "a:created-29:bea");
      assert.equal(chat.conversation.tenantId, "tenant-a");
      assert.equal(chat.user?.id, "29:bea");
      assert.equal(chat.bot.id, "28:plan-tracker");
      assert.deepEqual(connector.created.at(-1)?.members?.map((m) => m.id), ["29:bea"]);
    });

    for (const status of [429, 503]) {
      it(`retries a ${status} from Teams and the message goes once`, async () => {
        const reference = toConversationRef({ format: 1, channelId: "msteams", serviceUrl: connector.url, conversation: { id: `a:retry-${status}` }, bot: { id: "28:plan-tracker" } })!;
        connector.failWith.set(`a:retry-${status}`, { status, code: "Transient", times: 2, retryAfterSeconds: status === 429 ? 0 : undefined });
        await runtime.continueConversation(reference, async (turn) => void (await turn.send({ text: "retried" })));
        assert.equal(connector.attempts.get(`a:retry-${status}`), 3);
        assert.equal(connector.sent.filter((s) => s.conversationId === `a:retry-${status}`).length, 1);
      });
    }

    it("turns a 403 from Teams into a ConnectorError with Teams' code", async () => {
      const reference = toConversationRef({ format: 1, channelId: "msteams", serviceUrl: connector.url, conversation: { id: "a:blocked" }, bot: { id: "28:plan-tracker" } })!;
      connector.failWith.set("a:blocked", { status: 403, code: "ConversationBlockedByUser" });
      await assert.rejects(
        runtime.continueConversation(reference, async (turn) => void (await turn.send({ text: "no" }))),
        (error: unknown) => error instanceof ConnectorError && error.statusCode === 403 && error.code === "ConversationBlockedByUser",
      );
    });
  });

  describe(`Bot Framework tokens under ${sdk} (offline, against a loopback key source)`, function () {
    this.timeout(30_000);
    let openId: FakeOpenId;
    let runtime: TeamsRuntime;
    const serviceUrl = "http://127.0.0.1:9/";
    const invoke = () => personalActivity(serviceUrl, "tenant-a", ANN, { type: "invoke", name: "adaptiveCard/action", recipient: { id: `28:${APP_ID}` }, value: { action: { type: "Action.Execute", verb: "x" } } });
    const handler = async () => ({ status: 200, body: { ok: true } });

    before(async () => {
      openId = new FakeOpenId();
      await openId.start();
      runtime = await createTeamsRuntime(sdk, { identity: { appId: APP_ID, appPassword: "not-used", appTenantId: "tenant-a", appType: "SingleTenant", openIdMetadataUrl: openId.metadataUrl }, onTurnError: async () => undefined });
    });
    after(() => openId.stop());

    const cases: [string, () => string | undefined][] = [
      ["no token", () => undefined],
      ["a forged token", () => `Bearer ${openId.token(APP_ID, serviceUrl, { signWith: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey })}`],
      ["an expired token", () => `Bearer ${openId.token(APP_ID, serviceUrl, { expiresInSeconds: -3600 })}`],
      ["a token for another bot", () => `Bearer ${openId.token("another-app", serviceUrl)}`],
      ["a token for another service URL", () => `Bearer ${openId.token(APP_ID, "https://elsewhere.example/")}`],
      ["an alg:none token", () => {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
        const now = Math.floor(Date.now() / 1000);
        return `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode({ iss: "https://api.botframework.com", aud: APP_ID, nbf: now - 60, exp: now + 3600, serviceurl: serviceUrl })}.`;
      }],
    ];
    for (const [name, authorization] of cases) {
      it(`${name} gets 401 and no handler runs`, async () => {
        await assert.rejects(runtime.process({ body: invoke(), authorization: authorization() }, async () => assert.fail("no handler runs")), (error: unknown) => error instanceof RequestRefused && error.status === 401);
      });
    }

    it("the token is checked first: a body that is not an activity gets 401 without one, 400 with one", async () => {
      const body = { type: "message", text: "status", channelId: "msteams", serviceUrl };
      await assert.rejects(runtime.process({ body }, async () => assert.fail("no handler runs")), (error: unknown) => error instanceof RequestRefused && error.status === 401);
      await assert.rejects(runtime.process({ body, authorization: `Bearer ${openId.token(APP_ID, serviceUrl)}` }, async () => assert.fail("no handler runs")), (error: unknown) => error instanceof RequestRefused && error.status === 400);
    });

    it("a valid token reaches the handler", async () => {
      const answer = await runtime.process({ body: invoke(), authorization: `Bearer ${openId.token(APP_ID, serviceUrl)}` }, handler);
      assert.deepEqual(answer, { status: 200, body: { ok: true } });
    });
  });
}

describe("stored conversation references", () => {
  const common = { channelId: "msteams", serviceUrl: "https://smba.trafficmanager.net/uk/", conversation: { id: "a:1", conversationType: "personal", tenantId: "t" }, user: { id: "29:u", name: "U", aadObjectId: "aad-u" }, activityId: "act-1" };
  const own = { format: 1, ...common, bot: { id: "28:b", name: "Plan Tracker" } };

  it("reads botbuilder's shape, the Agents SDK's and its own into its own", () => {
    assert.deepEqual(toConversationRef({ ...common, bot: { id: "28:b", name: "Plan Tracker" }, locale: undefined }), own);
    assert.deepEqual(toConversationRef({ ...common, agent: { id: "28:b", name: "Plan Tracker" } }), own);
    assert.deepEqual(toConversationRef(own), own);
  });

  it("refuses a reference that is none of them", () => {
    assert.equal(toConversationRef({ ...common }), undefined);
    assert.equal(toConversationRef({ ...own, serviceUrl: 7 }), undefined);
    assert.equal(toConversationRef("a:1"), undefined);
  });
});

import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import { startBot, type RunningBot } from "../../src/index";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { readDocx } from "../support/officeFiles";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const PLAN = "somerset-app";
const CLAIRE = { id: "29:claire", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" };
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const STRANGER = { id: "29:x", aadObjectId: "aad-stranger", name: "Claire Merchant-Jones" }; // same name, not linked
const CONSENT = "application/vnd.microsoft.teams.card.file.consent";
const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";

/** A stand-in for the OneDrive upload URL Teams gives: records each PUT. */
class UploadEndpoint {
  readonly puts: { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer }[] = [];
  private server?: Server;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        this.puts.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
        // restify patches http in this process: writeHead and end separately.
        res.writeHead(req.url?.includes("fail") ? 500 : 201, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    const address = this.server.address();
    this.origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe("the board pack in Teams (file consent)", function () {
  this.timeout(90_000);
  let bot: RunningBot;
  let connector: FakeConnector;
  const upload = new UploadEndpoint();

  const post = (body: unknown) => fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  async function say(from: TeamsUser, text: string, overrides: Record<string, unknown> = {}) {
    const before = connector.sent.length;
    assert.equal((await post(personalActivity(connector.url, TENANT, from, { text, ...overrides }))).status, 200);
    const [reply] = await connector.waitFor(before, 1, 30_000);
    return reply!.activity.attachments![0]!;
  }

  const consentInvoke = (from: TeamsUser, value: unknown) => post(personalActivity(connector.url, TENANT, from, { type: "invoke", name: "fileConsent/invoke", text: undefined, value }));
  const accepted = (uploadUrl: string, context: Record<string, string> = { command: "report", board: "send-partnership-board" }) => ({
    type: "fileUpload",
    action: "accept",
    context,
    uploadInfo: { name: "send-partnership-board-2023-11-01.docx", uploadUrl, contentUrl: "https://contoso-my.sharepoint.com/personal/claire/Documents/Applications/Plan%20Tracker/send-partnership-board-2023-11-01.docx", uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C8C", fileType: "docx" },
  });

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    await upload.start();
    const config = testConfig();
    // The loopback upload endpoint is allowed in code, by this test only; the refusals below go through the real policy.
    bot = await startBot({ ...config, extraFileOrigins: [upload.origin], bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    await bot.app.links.link(PLAN, "claire-merchant-jones", { ...CLAIRE, tenantId: TENANT }, "manual", "test");
  });

  after(async () => {
    await bot?.close();
    await connector?.stop();
    await upload.stop();
  });

  it("`report` in a personal chat offers the Word pack with a FileConsentCard", async () => {
    const offer = (await say(CLAIRE, "report")) as { contentType: string; name?: string; content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown } };
    assert.equal(offer.contentType, CONSENT);
    assert.equal(offer.name, "send-partnership-board-2023-11-01.docx");
    assert.ok(offer.content.sizeInBytes > 10_000, `${offer.content.sizeInBytes} bytes`);
    assert.match(offer.content.description, /SEND Partnership Board: the progress report as at 1 Nov 2023/);
    assert.deepEqual(offer.content.acceptContext, { command: "report", board: "send-partnership-board" });
    assert.deepEqual(offer.content.declineContext, offer.content.acceptContext);
  });

  it("Allow: the pack is PUT to the upload URL with Content-Range, then a FileInfoCard opens it", async () => {
    const before = connector.sent.length;
    const response = await consentInvoke(CLAIRE, accepted(`${upload.origin}/upload/claire`));
    assert.equal(response.status, 200);
    const [sent] = await connector.waitFor(before, 1, 30_000);
    const put = upload.puts.at(-1)!;
    assert.equal(put.path, "/upload/claire");
    assert.equal(put.headers["content-range"], `bytes 0-${put.body.length - 1}/${put.body.length}`);
    assert.equal(put.headers["content-length"], String(put.body.length));
    const docx = await readDocx(put.body);
    const rows = docx.tables.filter((t) => t[0]?.[0] === "Action").flatMap((t) => t.slice(1));
    assert.deepEqual(rows.map((r) => r[0]!.split(" ")[0]), SEED_003_TABLE.map((r) => r.action));
    const info = sent!.activity.attachments![0]! as unknown as { contentType: string; name: string; contentUrl: string; content: { uniqueId: string; fileType: string } };
    assert.equal(info.contentType, FILE_INFO);
    assert.equal(info.name, "send-partnership-board-2023-11-01.docx");
    assert.match(info.contentUrl, /^https:\/\/contoso-my\.sharepoint\.com\/personal\/claire\//);
    assert.deepEqual(info.content, { uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C8C", fileType: "docx" });
  });

  it("Decline: nothing is uploaded or sent, and the person is told so", async () => {
    const puts = upload.puts.length;
    const before = connector.sent.length;
    const response = await consentInvoke(CLAIRE, { type: "fileUpload", action: "decline", context: { command: "report", board: "send-partnership-board" } });
    assert.equal(response.status, 200);
    const [sent] = await connector.waitFor(before, 1, 30_000);
    const card = sent!.activity.attachments![0]!;
    assert.deepEqual(cardProblems(card.content), []);
    assert.match(JSON.stringify(card.content), /You declined the board pack, so nothing was sent/);
    assert.equal(upload.puts.length, puts);
  });

  it("an upload URL that is not https on SharePoint or OneDrive is refused before any request", async () => {
    const puts = upload.puts.length;
    for (const [url, reason] of [
      ["https://attacker.example.com/upload", /not SharePoint or OneDrive/],
      ["http://contoso-my.sharepoint.com/upload", /not https/],
      [`http://127.0.0.1:1/upload`, /not https/],
    ] as const) {
      const before = connector.sent.length;
      assert.equal((await consentInvoke(CLAIRE, accepted(url))).status, 200);
      const [sent] = await connector.waitFor(before, 1, 30_000);
      const text = JSON.stringify(sent!.activity.attachments![0]!.content);
      assert.match(text, /could not put the board pack in your OneDrive/, url);
      assert.match(text, reason, url);
    }
    assert.equal(upload.puts.length, puts);
  });

  it("a failed upload says so and sends no file card", async () => {
    const before = connector.sent.length;
    assert.equal((await consentInvoke(CLAIRE, accepted(`${upload.origin}/fail`))).status, 200);
    const [sent] = await connector.waitFor(before, 1, 30_000);
    assert.notEqual(sent!.activity.attachments![0]!.contentType, FILE_INFO);
    assert.match(JSON.stringify(sent!.activity.attachments![0]!.content), /answered 500/);
  });

  it("only plan members and admins: a stranger is refused, and a forged Allow from them uploads nothing", async () => {
    const refused = await say(STRANGER, "report");
    assert.match(JSON.stringify(refused.content), /Only people in the plan can have the board pack/);
    const puts = upload.puts.length;
    const before = connector.sent.length;
    assert.equal((await consentInvoke(STRANGER, accepted(`${upload.origin}/upload/stranger`))).status, 200);
    const [sent] = await connector.waitFor(before, 1, 30_000);
    assert.match(JSON.stringify(sent!.activity.attachments![0]!.content), /Only people in the plan/);
    assert.equal(upload.puts.length, puts);
    const asAdmin = await say(ADMIN, "report send-partnership-board");
    assert.equal(asAdmin.contentType, CONSENT);
  });

  it("an answer that is not a file consent Plan Tracker sent gets a 400", async () => {
    for (const value of [{ type: "fileUpload", action: "accept", context: { command: "report" } }, { type: "fileUpload", action: "accept", context: { command: "update" }, uploadInfo: accepted("https://x.sharepoint.com/a").uploadInfo }, "nonsense"]) {
      assert.equal((await consentInvoke(CLAIRE, value)).status, 400, JSON.stringify(value));
    }
  });

  it("in a channel, `report` answers with a card that opens a personal chat, never a file", async () => {
    const channel = { id: "19:board@thread.tacv2", conversationType: "channel", tenantId: TENANT, isGroup: true };
    const card = await say(CLAIRE, "<at>Plan Tracker</at> report", { conversation: channel, entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }] });
    assert.equal(card.contentType, "application/vnd.microsoft.card.adaptive");
    assert.deepEqual(cardProblems(card.content), []);
    const actions = (card.content as { actions: { type: string; url: string }[] }).actions;
    assert.deepEqual(actions.map((a) => [a.type, a.url]), [["Action.OpenUrl", "https://teams.microsoft.com/l/chat/0/0?users=28%3Aplan-tracker"]]);
    assert.match(JSON.stringify(card.content), /never posted to a channel/);
  });

  it("the digest's Board pack button offers the pack and leaves the digest card as it was", async () => {
    const digest = await say(CLAIRE, "digest");
    const button = (digest.content as { actions: { title: string; data: { command: string } }[] }).actions.find((a) => a.title === "Board pack");
    assert.deepEqual(button?.data, { command: "report send-partnership-board", planId: PLAN });
    const before = connector.sent.length;
    const response = await post(personalActivity(connector.url, TENANT, CLAIRE, { type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb: "command", data: button!.data }, trigger: "manual" } }));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { type: string; value: string };
    assert.equal(body.type, "application/vnd.microsoft.activity.message");
    const [offer] = await connector.waitFor(before, 1, 30_000);
    assert.equal(offer!.activity.attachments![0]!.contentType, CONSENT);
  });
});

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBot, type RunningBot } from "../../src/index";
import { startTableServerProcess } from "../../src/storage/tableServerProcess";
import { FakeConnector } from "../support/fakeConnector";
import { FakeOpenId } from "../support/fakeOpenId";
import { freePort, runCli } from "../support/cli";
import { PlanTrackerProcess } from "../support/planTrackerProcess";
import { personalActivity } from "../support/activities";
import { endlessJson, rawPost, rssOf } from "../support/rawHttp";
import { admin, sampleText, testConfig } from "../support/testApp";

const ANN = { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" };
const json = { "content-type": "application/json" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The embedded store's Azurite child of a bot process (its only child). */
function storeChildOf(pid: number): number {
  const children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  assert.equal(children.length, 1, `expected one child of ${pid}, got ${children.join(", ")}`);
  return children[0]!;
}

describe("the HTTP edge and the embedded store, against Plan Tracker as npm start runs it", function () {
  this.timeout(120_000);
  let bot: PlanTrackerProcess;
  let connector: FakeConnector;
  let dataDir: string;
  let tempDir: string;
  let env: Record<string, string>;
  let base: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "plan-tracker-edge-data-"));
    tempDir = mkdtempSync(join(tmpdir(), "plan-tracker-edge-tmp-"));
    connector = new FakeConnector();
    await connector.start();
    env = { DATA_DIR: dataDir, EMBEDDED_TABLES_PORT: String(await freePort()), TMPDIR: tempDir, PROMPT_SCHEDULE: "off", PLAN_TRACKER_TODAY: "2023-11-01" };
    bot = await PlanTrackerProcess.start(await freePort(), env);
    base = bot.url.replace("/api/messages", "");
  });

  after(async () => {
    await bot?.stop();
    await connector?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tempDir, { recursive: true, force: true });
  });

  const say = (text: string, overrides: Record<string, unknown> = {}) =>
    fetch(bot.url, { method: "POST", headers: json, body: JSON.stringify(personalActivity(connector.url, "tenant-somerset", ANN, { text, ...overrides })) });

  it("listens on loopback only while authentication is off", () => {
    const listening = execFileSync("ss", ["-ltnH", `sport = :${bot.port}`], { encoding: "utf8" });
    const locals = listening.trim().split("\n").map((line) => line.trim().split(/\s+/)[3]);
    assert.deepEqual(locals, [`127.0.0.1:${bot.port}`]);
  });

  it("a streamed 50 MB body gets 413 after about 1 MB, the process lives on and its memory stays put", async () => {
    await say("status"); // warm up, so the baseline is a working bot's
    await connector.waitFor(0, 1, 30_000);
    const before = await rssOf(bot.pid);
    const response = await rawPost(bot.url, { ...json, "transfer-encoding": "chunked" }, endlessJson(50 * 1024 * 1024));
    assert.equal(response.status, 413);
    assert.match(response.body, /larger than 1048576 bytes/);
    assert.ok(response.written < 50 * 1024 * 1024, `refused while streaming (${response.written} bytes written)`);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const after = await rssOf(bot.pid);
    assert.ok(after - before < 50 * 1024 * 1024, `RSS went from ${before} to ${after}`);
    // A declared length over the limit is refused before a byte of it is read.
    const declared = await rawPost(bot.url, { ...json, "content-length": String(50 * 1024 * 1024) }, endlessJson(50 * 1024 * 1024));
    assert.equal(declared.status, 413);
  });

  it("a multipart upload gets 415 and nothing lands in the temp folder", async () => {
    const boundary = "----plan-tracker-test";
    const part = (name: string, content: Buffer, file?: string) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"` : ""}\r\n\r\n`), content, Buffer.from("\r\n")]);
    const chunks = [part("type", Buffer.from("message")), part("f", Buffer.alloc(5 * 1024 * 1024, 1), "5MB.bin"), Buffer.from(`--${boundary}--\r\n`)];
    const response = await rawPost(bot.url, { "content-type": `multipart/form-data; boundary=${boundary}` }, chunks);
    assert.equal(response.status, 415);
    // Node's compile cache (src/compileCache.ts; Node 22 and later) is kept in the temp folder: anything else would be the upload.
    assert.deepEqual(readdirSync(tempDir).filter((name) => name !== "node-compile-cache"), []);
  });

  it("a form-encoded post (what any web page can send) gets 415 and writes nothing", async () => {
    const before = await runCli(["history", "2.4.2", "--json"], env);
    assert.equal(before.code, 0, before.stderr);
    const form = new URLSearchParams({
      type: "invoke", name: "adaptiveCard/action", serviceUrl: connector.url, channelId: "msteams",
      "from[id]": "29:admin", "from[aadObjectId]": "aad-admin", "conversation[id]": "a:x",
      "value[action][type]": "Action.Execute", "value[action][verb]": "saveMilestone",
      "value[action][data][milestoneId]": "2.4.2", "value[action][data][status]": "blue", "value[action][data][version]": "1",
    });
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    assert.equal(response.status, 415);
    const after = await runCli(["history", "2.4.2", "--json"], env);
    assert.equal(after.stdout, before.stdout);
  });

  it("an activity without a string type gets 400 with a short reason", async () => {
    for (const type of [undefined, 5, null]) {
      const response = await fetch(bot.url, { method: "POST", headers: json, body: JSON.stringify({ ...personalActivity(connector.url, "t", ANN), type }) });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: { code: "BadRequest", message: "activity.type must be a string" } });
    }
    const notJson = await fetch(bot.url, { method: "POST", headers: json, body: "{ not json" });
    assert.equal(notJson.status, 400);
  });

  it("without authentication, a serviceUrl off this machine is refused and nothing is sent", async () => {
    const sent = connector.sent.length;
    const response = await say("status", { serviceUrl: "https://smba.trafficmanager.net/emea/" });
    assert.equal(response.status, 403);
    await sleep(500);
    assert.equal(connector.sent.length, sent);
  });

  it("a forged newline in activity.id cannot make a log line of its own", async () => {
    const forged = `x\n{"level":"info","msg":"forged","command":"update"}`;
    const sent = connector.sent.length;
    await say("status 1.2", { id: forged });
    await connector.waitFor(sent, 1, 30_000);
    // The turn's line is written when the turn ends, just after its reply.
    const parsed = () => bot.output.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    await until("the turn's log line", 15_000, async () => (parsed().some((line) => line.msg === "turn" && line.activityId === forged) ? true : undefined));
    const lines = bot.output.split("\n").filter((line) => line.startsWith("{"));
    const logged = parsed();
    assert.ok(!logged.some((line) => line.msg === "forged"), "no line was forged");
    const turn = logged.find((line) => line.msg === "turn" && line.activityId === forged);
    assert.ok(turn, "the id is logged, escaped, inside the turn's line");
    assert.equal(turn.command, "status");
    assert.equal(turn.outcome, "ok");
    assert.equal(typeof turn.correlationId, "string");
    assert.equal(typeof turn.durationMs, "number");
    assert.ok(!lines.some((line) => line.includes("Ann")), "no personal data at info level");
  });

  it("kill -9 of the store's process: /readyz 503, then 200 within 10 s, and the next status answers", async () => {
    const child = storeChildOf(bot.pid);
    process.kill(child, "SIGKILL");
    // A probe that arrives before the bot has noticed the exit waits for the restart and answers 200,
    // so give the exit event a moment; the restart itself waits 0.5 s before it begins.
    await sleep(150);
    await until("/readyz 503", 5000, async () => ((await fetch(`${base}/readyz`)).status === 503 ? true : undefined));
    const killedAt = Date.now();
    await until("/readyz 200", 10_000, async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
    assert.ok(Date.now() - killedAt < 10_000);
    assert.notEqual(storeChildOf(bot.pid), child);
    const sent = connector.sent.length;
    await say("status");
    const [reply] = await connector.waitFor(sent, 1, 30_000);
    assert.match(JSON.stringify(reply!.activity.attachments), /progress|Area 1/i);
  });

  it("a paused store makes a turn fail within its deadline with the apology, and a CLI command exit 7", async () => {
    const child = storeChildOf(bot.pid);
    process.kill(child, "SIGSTOP");
    try {
      const sent = connector.sent.length;
      const started = Date.now();
      await say("status 2.4");
      const [apology] = await connector.waitFor(sent, 1, 30_000);
      assert.match(apology!.activity.text ?? "", /reference to your plan admin: [0-9a-f]{8}\./);
      // The deadline is 10 s (STORAGE_TIMEOUT_MS); the bound leaves room for a slow machine. The store stays
      // paused throughout, and without a deadline the turn would wait for it for ever.
      assert.ok(Date.now() - started < 30_000, `answered after ${Date.now() - started} ms`);
      const cli = await runCli(["status"], env);
      assert.equal(cli.code, 7, cli.stderr);
      assert.match(cli.stderr, /did not answer within/);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
    } finally {
      process.kill(child, "SIGCONT");
    }
    await until("/readyz 200", 10_000, async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined));
  });
});

describe("signing keys that cannot be fetched", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  const logs: string[] = [];
  const APP_ID = "00000000-0000-0000-0000-00000000a11d";

  before(async () => {
    const config = testConfig();
    const deadPort = await freePort(); // nothing listens here: the keys cannot be fetched
    bot = await startBot(
      { ...config, bot: { ...config.bot, port: 0, appId: APP_ID, appPassword: "unused", appTenantId: "tenant-somerset", openIdMetadataUrl: `http://127.0.0.1:${deadPort}/openid` } },
      (message, fields) => logs.push(JSON.stringify({ message, ...fields })),
    );
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });
  after(() => bot.close());

  it("get 401 with a generic message and a reference; the cause is logged under it, never sent", async () => {
    const openId = new FakeOpenId();
    await openId.start();
    const token = openId.token(APP_ID, "http://127.0.0.1:1/");
    await openId.stop();
    const response = await fetch(bot.url, { method: "POST", headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(personalActivity("http://127.0.0.1:1/", "tenant-somerset", ANN, { text: "status" })) });
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { message: string; reference: string } };
    assert.equal(body.error.message, "the request's token could not be accepted");
    assert.doesNotMatch(JSON.stringify(body), /ECONNREFUSED|fetch|openid|127\.0\.0\.1/i);
    assert.ok(logs.some((line) => line.includes(body.error.reference) && /ECONNREFUSED|fetch|failed/i.test(line)), logs.join("\n"));
  });
});

describe("closing the table server process after it was killed by a signal", function () {
  this.timeout(30_000);

  it("resolves, whether the exit was seen first or not (no ERR_IPC_CHANNEL_CLOSED)", async () => {
    const seen = await startTableServerProcess({ port: 0 });
    process.kill(seen.pid, "SIGKILL");
    assert.deepEqual(await seen.exited, { code: null, signal: "SIGKILL" });
    await seen.close();
    const unseen = await startTableServerProcess({ port: 0 });
    process.kill(unseen.pid, "SIGKILL");
    await unseen.close(); // at once: the channel may be closing while the close is sent
    assert.equal((await unseen.exited).signal, "SIGKILL");
  });
});

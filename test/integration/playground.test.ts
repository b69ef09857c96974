import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import WebSocket from "ws";
import { startBot, type RunningBot } from "../../src/index";
import { cardProblems } from "../support/cardCheck";
import { freePort } from "../support/cli";
import { SEED_003_TABLE } from "../support/seed003";
import { admin, sampleText, testConfig } from "../support/testApp";

/**
 * Plan Tracker in Microsoft 365 Agents Playground, Microsoft's local Teams client,
 * driven through its HTTP/WebSocket API (internal routes of the pinned 0.2.28).
 */
const PLAYGROUND_USER_AAD = "00000000-0000-0000-0000-0000000000020";

describe("Microsoft 365 Agents Playground", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let playground: ChildProcess;
  let base: string;
  let socket: WebSocket;
  const received: { action: string; message?: { messageId: string; conversationId?: string; attachments?: { content: Record<string, unknown> }[] } }[] = [];

  before(async () => {
    const config = testConfig();
    // The playground's user (Alex Wilber, a fixed id in its default configuration) is a plan admin here.
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01", adminIds: [PLAYGROUND_USER_AAD] } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
    const port = await freePort();
    playground = spawn(process.execPath, [require.resolve("@microsoft/m365agentsplayground/cli.js"), "-e", bot.url, "-c", "msteams", "-p", String(port), "--dt"], {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const listening = await new Promise<number>((resolve, reject) => {
      let output = "";
      playground.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Listening on (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      playground.once("exit", (code) => reject(new Error(`the playground exited (${code}): ${output}`)));
    });
    base = `http://127.0.0.1:${listening}`;
    socket = new WebSocket(`ws://127.0.0.1:${listening}/_ws_conversation/v1/conversations/stream`);
    socket.on("message", (data: Buffer) => received.push(JSON.parse(data.toString()) as (typeof received)[number]));
    await new Promise((resolve) => socket.once("open", resolve));
  });

  after(async () => {
    socket?.close();
    playground?.kill("SIGTERM");
    await bot?.close();
  });

  async function nextCard(from: number): Promise<{ messageId: string; card: Record<string, unknown> }> {
    const until = Date.now() + 10_000;
    for (;;) {
      const event = received.slice(from).find((e) => e.message?.attachments?.length);
      if (event) return { messageId: event.message!.messageId, card: event.message!.attachments![0]!.content };
      if (Date.now() > until) throw new Error(`no card arrived: ${JSON.stringify(received.slice(from))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  interface PlaygroundConfig {
    tenantId: string;
    personalChat: { id: string };
    currentUser: { id: string; aadObjectId: string; name: string };
  }

  async function config(): Promise<PlaygroundConfig> {
    return ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
  }

  async function type(text: string): Promise<void> {
    const { personalChat, currentUser } = await config();
    const sent = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(personalChat.id)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: { id: currentUser.id }, text, textFormat: "plain" }),
    });
    assert.equal(sent.status, 200);
  }

  /** Clicks an Action.Execute button as the playground does: an adaptiveCard/action invoke; the answer replaces the card. */
  async function click(messageId: string, verb: string, data: Record<string, unknown>): Promise<string> {
    const { personalChat, currentUser } = await config();
    const invoke = await fetch(`${base}/_conversation/v1/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "adaptiveCard/action", from: { id: currentUser.id }, conversation: { id: personalChat.id }, replyToId: messageId, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }),
    });
    assert.equal(invoke.status, 200, await invoke.clone().text());
    const answer = (await invoke.json()) as { value?: Record<string, unknown> };
    if (answer.value) assert.deepEqual(cardProblems(answer.value), []);
    return JSON.stringify(answer);
  }

  it("typing status shows seed 003's table as a card, and its buttons work", async () => {
    const { personalChat, currentUser } = await config();
    const from = received.length;
    const sent = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(personalChat.id)}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: { id: currentUser.id }, text: "status", textFormat: "plain" }),
    });
    assert.equal(sent.status, 200);
    const { messageId, card } = await nextCard(from);
    assert.deepEqual(cardProblems(card), []);
    for (const row of SEED_003_TABLE) assert.ok(JSON.stringify(card).includes(`**${row.action}**`));

    // The "Open 1.2" action on the table row, as the playground sends it when clicked.
    const invoke = await fetch(`${base}/_conversation/v1/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "adaptiveCard/action",
        from: { id: currentUser.id },
        conversation: { id: personalChat.id },
        replyToId: messageId,
        value: { action: { type: "Action.Execute", verb: "command", data: { command: "status 1.2" } }, trigger: "manual" },
      }),
    });
    assert.equal(invoke.status, 200, await invoke.clone().text());
    const answer = JSON.stringify(await invoke.json());
    assert.match(answer, /Action 1\.2:/);
    for (const id of ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5"]) assert.ok(answer.includes(`**${id}**`), id);
  });

  it("a prompt cycle: the owner gets one card, saves Amber with a note and a revised date, sees the confirmation, and status 1.2 shows it; the stale card is refused", async () => {
    const { personalChat, currentUser, tenantId } = await config();
    // The playground's user is Gemma Reeves (owner of 1.2.1 and 1.2.4); installing the app records her personal chat.
    await bot.app.links.link("somerset-app", "gemma-reeves", { aadObjectId: currentUser.aadObjectId, name: currentUser.name, tenantId }, "manual", "test");
    let from = received.length;
    assert.equal((await fetch(`${base}/_debug/conversation/${encodeURIComponent(personalChat.id)}/installation`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status, 200);
    await nextCard(from); // the welcome
    await new Promise((r) => setTimeout(r, 500));
    from = received.length;
    const report = await bot.prompts.run("somerset-app", "2023-11-01");
    assert.deepEqual(report.sent.map((s) => s.ownerId), ["gemma-reeves"], JSON.stringify(report.unreachable));
    const { messageId, card } = await nextCard(from);
    assert.deepEqual(cardProblems(card), []);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received.slice(from).filter((e) => e.message?.attachments?.length).length, 1, "one card");
    const text = JSON.stringify(card);
    assert.match(text, /2 milestones need an update/);
    const save = /"verb":"saveMilestone","data":(\{[^}]*"milestoneId":"1\.2\.4"[^}]*\})/.exec(text);
    assert.ok(save, "Save for 1.2.4");
    const data = JSON.parse(save[1]!) as Record<string, unknown>;
    const confirmation = await click(messageId, "saveMilestone", { ...data, status_1_2_4: "amber", note_1_2_4: "Guidance with legal; out in December", revisedDue_1_2_4: "2023-12-15" });
    assert.match(confirmation, /Update recorded/);
    from = received.length;
    await type("status 1.2");
    const status = JSON.stringify((await nextCard(from)).card);
    assert.match(status, /1\.2\.4.*?Amber/);
    assert.match(status, /Guidance with legal; out in December/);
    // The same card again, as if the confirmation had not replaced it: refused, with the current state.
    const stale = await click(messageId, "saveMilestone", { ...data, idempotencyKey: "another-click-0001", status_1_2_4: "green", note_1_2_4: "Done" });
    assert.match(stale, /Not saved: .* updated this milestone since this card was made/);
    assert.match(stale, /Guidance with legal; out in December/);
  });

  it("a channel registered for the SEND Partnership Board receives exactly one digest, five working days before the meeting", async () => {
    const { bot: playgroundBot, currentUser } = (await (await fetch(`${base}/_internal/v1/config`)).json() as { config: { bot: { id: string; name: string }; currentUser: { id: string } } }).config;
    const channelId = "channel-announcements-id";
    // The board meets on the second Tuesday (an assumption for the test: the seeds do not say).
    const plan = JSON.parse(sampleText()) as { boards: { id: string; meetingRule?: string }[] };
    plan.boards.find((b) => b.id === "send-partnership-board")!.meetingRule = "second Tuesday of the month";
    await bot.app.plans.importFile("somerset-app.json", JSON.stringify(plan), admin);
    let from = received.length;
    const mention = `<at>${playgroundBot.name}</at>`;
    const sent = await fetch(`${base}/_conversation/v1/conversations/${channelId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: { id: currentUser.id }, text: `${mention} digest here for send-partnership-board`, textFormat: "plain", mentions: [{ text: mention, mentioned: { id: playgroundBot.id, name: playgroundBot.name } }] }),
    });
    assert.equal(sent.status, 200, await sent.clone().text());
    const confirmation = JSON.stringify((await nextCard(from)).card);
    assert.match(confirmation, /now receives the SEND Partnership Board digest\. The next one goes out on 7 Nov 2023/);
    const digests = () => received.slice(from).filter((e) => JSON.stringify(e.message?.attachments ?? []).includes("SEND Partnership Board: digest"));
    from = received.length;
    await bot.scheduler.tick(new Date("2023-11-06T10:00:00Z"));
    await bot.scheduler.tick(new Date("2023-11-07T10:00:00Z"));
    await bot.scheduler.tick(new Date("2023-11-07T15:00:00Z"));
    await bot.scheduler.tick(new Date("2023-11-08T10:00:00Z"));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(digests().length, 1, JSON.stringify(received.slice(from).map((e) => e.action)));
    assert.deepEqual(cardProblems(digests()[0]!.message!.attachments![0]!.content), []);
  });
});

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
describe("Microsoft 365 Agents Playground", function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let playground: ChildProcess;
  let base: string;
  let socket: WebSocket;
  const received: { action: string; message?: { messageId: string; attachments?: { content: Record<string, unknown> }[] } }[] = [];

  before(async () => {
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, fixedToday: "2023-11-01" } }, () => undefined);
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

  async function config(): Promise<{ personalChat: { id: string }; currentUser: { id: string } }> {
    return ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: { personalChat: { id: string }; currentUser: { id: string } } }).config;
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
});

import { spawn, type ChildProcess } from "node:child_process";
import WebSocket from "ws";
import { freePort } from "./cli";

/** What the playground pushes on its WebSocket when the bot sends or changes a message. */
export interface PlaygroundEvent {
  action: string;
  message?: { messageId: string; conversationId?: string; text?: string; attachments?: { content: Record<string, unknown> }[] };
}

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  personalChat: { id: string };
  currentUser: { id: string; aadObjectId: string; name: string; email: string };
  teams: { id: string; name: string; channels: { id: string; name: string }[] }[];
}

/**
 * Microsoft 365 Agents Playground (pinned 0.2.28) driven through its HTTP/WebSocket API:
 * its internal routes, found by reading it (see shared/notes/real-components.md).
 */
export class Playground {
  readonly events: PlaygroundEvent[] = [];
  base = "";
  private process: ChildProcess | undefined;
  private socket: WebSocket | undefined;

  static async start(botUrl: string): Promise<Playground> {
    const playground = new Playground();
    const port = await freePort();
    playground.process = spawn(process.execPath, [require.resolve("@microsoft/m365agentsplayground/cli.js"), "-e", botUrl, "-c", "msteams", "-p", String(port), "--dt"], {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const listening = await new Promise<number>((resolve, reject) => {
      let output = "";
      playground.process!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Listening on (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      playground.process!.once("exit", (code) => reject(new Error(`the playground exited (${code}): ${output}`)));
    });
    playground.base = `http://127.0.0.1:${listening}`;
    playground.socket = new WebSocket(`ws://127.0.0.1:${listening}/_ws_conversation/v1/conversations/stream`);
    playground.socket.on("message", (data: Buffer) => playground.events.push(JSON.parse(data.toString()) as PlaygroundEvent));
    await new Promise((resolve) => playground.socket!.once("open", resolve));
    return playground;
  }

  async config(): Promise<PlaygroundConfig> {
    return ((await (await fetch(`${this.base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
  }

  /** Types a message in the personal chat (or, with `channelId`, in a channel, @mentioning the bot). */
  async type(text: string, channelId?: string): Promise<void> {
    const { personalChat, currentUser, bot } = await this.config();
    const mention = `<at>${bot.name}</at>`;
    const body = channelId
      ? { from: { id: currentUser.id }, text: `${mention} ${text}`, textFormat: "plain", mentions: [{ text: mention, mentioned: { id: bot.id, name: bot.name } }] }
      : { from: { id: currentUser.id }, text, textFormat: "plain" };
    const response = await fetch(`${this.base}/_conversation/v1/conversations/${encodeURIComponent(channelId ?? personalChat.id)}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (response.status !== 200) throw new Error(`the playground refused the message: ${response.status} ${await response.text()}`);
  }

  /** Clicks an Action.Execute button as the playground does: an adaptiveCard/action invoke; returns the card that replaces the clicked one. */
  async click(messageId: string, verb: string, data: Record<string, unknown>): Promise<{ status: number; card?: Record<string, unknown>; text: string }> {
    const { personalChat, currentUser } = await this.config();
    const response = await fetch(`${this.base}/_conversation/v1/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "adaptiveCard/action", from: { id: currentUser.id }, conversation: { id: personalChat.id }, replyToId: messageId, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }),
    });
    const text = await response.text();
    const body = JSON.parse(text || "{}") as { value?: Record<string, unknown> };
    return { status: response.status, card: body.value, text };
  }

  /** Installs the app in the personal chat: installationUpdate and conversationUpdate reach the bot. */
  async install(): Promise<void> {
    const { personalChat } = await this.config();
    const response = await fetch(`${this.base}/_debug/conversation/${encodeURIComponent(personalChat.id)}/installation`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    if (response.status !== 200) throw new Error(`installation refused: ${response.status}`);
  }

  /** Cards the bot sent since event `from`. */
  cards(from = 0): { messageId: string; conversationId?: string; card: Record<string, unknown> }[] {
    return this.events
      .slice(from)
      .filter((e) => e.message?.attachments?.length)
      .map((e) => ({ messageId: e.message!.messageId, conversationId: e.message!.conversationId, card: e.message!.attachments![0]!.content }));
  }

  /** Waits for the first card after event `from` that matches. */
  async nextCard(from: number, matches: (json: string) => boolean = () => true, ms = 15_000): Promise<{ messageId: string; card: Record<string, unknown>; json: string }> {
    const until = Date.now() + ms;
    for (;;) {
      const found = this.cards(from).map((c) => ({ ...c, json: JSON.stringify(c.card) })).find((c) => matches(c.json));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no card arrived: ${JSON.stringify(this.events.slice(from)).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    this.socket?.close();
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process!.once("exit", resolve));
      this.process.kill("SIGTERM");
      await exited;
    }
  }
}

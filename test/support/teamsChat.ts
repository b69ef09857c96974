import { strict as assert } from "node:assert";
import type { Config } from "../../src/config";
import { startBot, type RunningBot } from "../../src/index";
import type { BotSdk } from "../../src/teams/createRuntime";
import { personalActivity, type TeamsUser } from "./activities";
import { cardProblems } from "./cardCheck";
import { FakeConnector, type FakeMember } from "./fakeConnector";
import { admin, sampleText, testConfig } from "./testApp";

export interface TeamsChatOptions {
  tenant: string;
  /** Seeds the plan admins, as PLAN_ADMIN_IDS does. */
  adminIds: readonly string[];
  fixedToday: string;
  /** The people the fake connector returns as members of a team or chat. */
  members?: readonly FakeMember[];
  /** Anything else to configure, such as file origins a test's loopback server serves. */
  config?: Partial<Config>;
  /** How many bot instances share the tables, as App Service instances would. */
  instances?: number;
  /** The plan imported before the tests (the sample unless given); null imports none. */
  planText?: string | null;
  /** The SDK the bots run on (BOT_SDK; default the configuration's). */
  sdk?: BotSdk;
  /** Where the bots' log lines go (default nowhere). */
  log?: (message: string) => void;
}

/**
 * A Teams conversation with a bot over the real protocol: bots started on tables of their own,
 * a fake Bot Connector on loopback receiving their replies, and a user's messages and button
 * presses sent as Teams sends them. Every card that comes back is checked by the Adaptive
 * Cards SDK before a test sees it.
 */
export class TeamsChat {
  private constructor(
    readonly connector: FakeConnector,
    readonly bots: readonly RunningBot[],
    readonly tenant: string,
  ) {}

  /** The first instance: the one every call uses unless told otherwise. */
  get bot(): RunningBot {
    return this.bots[0]!;
  }

  static async start(options: TeamsChatOptions): Promise<TeamsChat> {
    const connector = new FakeConnector();
    await connector.start();
    for (const member of options.members ?? []) connector.members.set(member.id, member);
    const config = testConfig(options.config);
    const settings: Config = { ...config, bot: { ...config.bot, ...(options.sdk ? { sdk: options.sdk } : {}), port: 0, adminIds: [...options.adminIds], fixedToday: options.fixedToday } };
    const bots: RunningBot[] = [];
    const log = options.log;
    for (let i = 0; i < (options.instances ?? 1); i++) bots.push(await startBot(settings, log ? (message) => log(message) : () => undefined));
    const planText = options.planText === undefined ? sampleText() : options.planText;
    if (planText !== null) await bots[0]!.app.plans.importFile("somerset-app.json", planText, admin);
    return new TeamsChat(connector, bots, options.tenant);
  }

  /** Posts an activity from `from` in their personal chat (`overrides` change any field); the HTTP response. */
  post(from: TeamsUser, overrides: Record<string, unknown>, bot: RunningBot = this.bot): Promise<Response> {
    const body = personalActivity(this.connector.url, this.tenant, from, overrides);
    return fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  /** Types a message; the reply card as JSON text. */
  async say(from: TeamsUser, text: string, overrides: Record<string, unknown> = {}, bot: RunningBot = this.bot): Promise<string> {
    const before = this.connector.sent.length;
    assert.equal((await this.post(from, { text, ...overrides }, bot)).status, 200);
    const [reply] = await this.connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return JSON.stringify(card);
  }

  /** Presses a button (Action.Execute with `verb` and `data`); the card that replaces it, as JSON text. */
  async press(from: TeamsUser, verb: string, data: Record<string, unknown>, bot: RunningBot = this.bot): Promise<string> {
    const response = await this.post(from, { type: "invoke", name: "adaptiveCard/action", text: undefined, value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } }, bot);
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { value: unknown };
    assert.deepEqual(cardProblems(answer.value), []);
    return JSON.stringify(answer.value);
  }

  async close(): Promise<void> {
    for (const bot of this.bots) await bot.close();
    await this.connector.stop();
  }
}

/** The data of a card's first Action.Execute button with this verb, as Teams would send it back; undefined if there is none. */
export function buttonData(cardJson: string, verb: string): Record<string, unknown> | undefined {
  return buttonsOf(cardJson, verb)[0]?.data;
}

/** Every Action.Execute button with this verb on a card, in order: its title and the data Teams would send back. */
export function buttonsOf(cardJson: string, verb: string): { title: string; data: Record<string, unknown> }[] {
  const found: { title: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "Action.Execute" && element.verb === verb) found.push({ title: String(element.title), data: element.data as Record<string, unknown> });
    else Object.values(element).forEach(walk);
  };
  walk(JSON.parse(cardJson));
  return found;
}

import { strict as assert } from "node:assert";
import { personalActivity, type TeamsUser } from "./activities";
import { cardProblems } from "./cardCheck";
import type { FakeConnector } from "./fakeConnector";

/** A card's Action.Execute buttons of one verb: their data, as Teams would send it back. */
export function buttonsOf(card: unknown, verb: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "Action.Execute" && element.verb === verb) found.push(element.data as Record<string, unknown>);
    Object.values(element).forEach(walk);
  };
  walk(card);
  return found;
}

/**
 * A user's personal chat with a running bot, over real HTTP: what they type comes back as the
 * card the fake connector received, what they press as the invoke's card; every card is checked
 * with the Adaptive Cards SDK.
 */
export class TeamsChat {
  constructor(
    private readonly botUrl: () => string,
    private readonly connector: () => FakeConnector,
    private readonly tenantId: string,
  ) {}

  async say(from: TeamsUser, text: string): Promise<{ card: unknown; json: string }> {
    const connector = this.connector();
    const before = connector.sent.length;
    const response = await this.post(personalActivity(connector.url, this.tenantId, from, { text }));
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return { card, json: JSON.stringify(card) };
  }

  async press(from: TeamsUser, verb: string, data: Record<string, unknown>): Promise<{ card: unknown; json: string }> {
    const body = personalActivity(this.connector().url, this.tenantId, from, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
    const response = await this.post(body);
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { value: unknown };
    assert.deepEqual(cardProblems(answer.value), []);
    return { card: answer.value, json: JSON.stringify(answer.value) };
  }

  /** Any activity (an event Teams sends), with the bot's HTTP answer. */
  post(activity: Record<string, unknown>): Promise<Response> {
    return fetch(this.botUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  }
}

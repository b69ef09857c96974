import { personalActivity, type TeamsUser } from "./activities";

/** An Action.Execute on a card: its verb, its title and the data Teams would send back. */
export interface CardAction {
  verb: string;
  title: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute on a card, in order (body and actions alike). */
export function executeActions(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "Action.Execute") found.push({ verb: String(element.verb), title: String(element.title), data: { ...(element.data as Record<string, unknown>) } });
    Object.values(element).forEach(walk);
  };
  walk(card);
  return found;
}

/** The invoke Teams sends when a person presses an Action.Execute in their personal chat. */
export function invokeActivity(serviceUrl: string, tenantId: string, from: TeamsUser, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return personalActivity(serviceUrl, tenantId, from, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
}

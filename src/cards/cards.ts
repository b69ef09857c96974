import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as ACData from "adaptivecards-templating";
import type { Status } from "../domain/status";
import { statusWord } from "../domain/status";

/** The card templates in cards/*.json (from dist/src/cards, three folders up). */
const CARDS_DIR = resolve(__dirname, "..", "..", "..", "cards");

export const CARD_NAMES = ["message", "help", "planStatus", "actionDetail", "overdue", "kpis", "kpi", "risks", "searchResults", "people", "milestoneUpdate", "digest", "boards", "milestoneList", "milestone", "risk", "qis", "qiDetail", "area", "commentary", "history", "importDryRun"] as const;
export type CardName = (typeof CARD_NAMES)[number];

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let found = templates.get(name);
  if (!found) {
    found = new ACData.Template(JSON.parse(readFileSync(resolve(CARDS_DIR, `${name}.json`), "utf8")));
    templates.set(name, found);
  }
  return found;
}

export interface Button {
  title: string;
  command: string;
}

/** A card to send: its template and the view model bound to it. */
export interface CardReply {
  card: CardName;
  data: Record<string, unknown> & { buttons: Button[] };
  /** The plan the card is about: stamped into every button's data when the card is expanded (withPlan). */
  planId?: string;
}

/**
 * The card as answered for a plan: every Action.Execute and Action.Submit on it (and its
 * refresh action) carries `planId`, whatever card or button it is. The dispatcher checks it
 * against the conversation and the sender before any button handler runs, so a button from
 * one plan never acts on another, and new buttons get this without declaring anything.
 */
export function withPlan(reply: CardReply, planId: string): CardReply {
  return reply.planId === planId ? reply : { ...reply, planId };
}

const ACTION_TYPES = new Set(["Action.Execute", "Action.Submit"]);

function stampPlan(node: unknown, planId: string): void {
  if (Array.isArray(node)) return node.forEach((item) => stampPlan(item, planId));
  if (!node || typeof node !== "object") return;
  const element = node as Record<string, unknown>;
  if (typeof element.type === "string" && ACTION_TYPES.has(element.type)) {
    const data = element.data;
    if (data === undefined) element.data = { planId };
    else if (data && typeof data === "object" && !Array.isArray(data)) element.data = { ...data, planId };
  }
  for (const value of Object.values(element)) if (typeof value === "object") stampPlan(value, planId);
}

/** Expansions already made (by `fitting`, measuring a card) are kept with the reply, not made twice. */
const expanded = new WeakMap<CardReply, Record<string, unknown>>();

/** Binds a view model to its template; the result is plain card JSON. */
export function expandCard(reply: CardReply): Record<string, unknown> {
  let card = expanded.get(reply);
  if (!card) {
    card = template(reply.card).expand({ $root: reply.data }) as Record<string, unknown>;
    if (reply.planId !== undefined) stampPlan(card, reply.planId);
    expanded.set(reply, card);
  }
  return card;
}

/**
 * Teams refuses a message over about 28 KB; cards are kept under this, with room for the
 * activity around them.
 */
export const CARD_LIMIT_BYTES = 26_000;

export const cardBytes = (reply: CardReply) => Buffer.byteLength(JSON.stringify(expandCard(reply)));

/**
 * The first of `candidates` (fullest first) whose card fits in a Teams message; the last if
 * none does. Long lists are cut rather than the message refused.
 */
export function fitting(candidates: (() => CardReply)[]): CardReply {
  let reply: CardReply | undefined;
  for (const candidate of candidates) {
    reply = candidate();
    if (cardBytes(reply) <= CARD_LIMIT_BYTES) return reply;
  }
  return reply!;
}

/**
 * A card that refreshes itself (Action.Execute `refresh`) does so automatically only for
 * the Teams users listed in it: this lists the one who will see it (their MRI, 29:…).
 */
export function forViewer(reply: CardReply, teamsUserId: string | undefined): CardReply {
  const refresh = reply.data.refresh as { milestoneIds: string[]; userIds: string[] } | undefined;
  if (!refresh || !teamsUserId) return reply;
  return { ...reply, data: { ...reply.data, refresh: { ...refresh, userIds: [teamsUserId] } } };
}

/** Status colours are the same everywhere, and the word is always shown beside the colour. */
const STATUS_COLOURS: Record<Status, string> = { blue: "accent", green: "good", amber: "warning", red: "attention", unrated: "default" };

export function statusBadge(status: Status): { statusText: string; statusColor: string } {
  return { statusText: statusWord(status), statusColor: STATUS_COLOURS[status] };
}

export const COMMON_BUTTONS: Button[] = [
  { title: "Plan status", command: "status" },
  { title: "Overdue", command: "overdue" },
  { title: "My actions", command: "mine" },
  { title: "KPIs", command: "kpis" },
];

export function messageCard(text: string, options: { title?: string; detail?: string; buttons?: Button[] } = {}): CardReply {
  return { card: "message", data: { title: options.title ?? "", text, detail: options.detail ?? "", buttons: options.buttons ?? COMMON_BUTTONS } };
}

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type * as ACData from "adaptivecards-templating";
import { deferredModule } from "../deferredModule";
import type { Status } from "../domain/status";
import { statusWord } from "../domain/status";
import { withChart } from "./chartElements";

/** The card templates in cards/*.json (from dist/src/cards, three folders up). */
const CARDS_DIR = resolve(__dirname, "..", "..", "..", "cards");

export const CARD_NAMES = ["message", "help", "planStatus", "actionDetail", "overdue", "kpis", "kpi", "risks", "searchResults", "people", "milestoneUpdate", "digest", "boards", "milestoneList", "milestone", "risk", "qis", "qiDetail", "area", "commentary", "history", "importDryRun", "askInPersonal", "reassign", "forget", "recommendationMilestone"] as const;
export type CardName = (typeof CARD_NAMES)[number];

const templates = new Map<CardName, ACData.Template>();
/** A second of loading at start-up (it bundles the Adaptive Expressions engine): loaded when the first card is built. */
const templating = deferredModule<typeof ACData>("adaptivecards-templating");

function template(name: CardName): ACData.Template {
  let found = templates.get(name);
  if (!found) {
    found = new (templating().Template)(JSON.parse(readFileSync(resolve(CARDS_DIR, `${name}.json`), "utf8")));
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
  /**
   * A file for the person asking (the board pack): in Teams it is offered through the file
   * consent flow in place of the card, whose text says what it is everywhere else.
   */
  file?: FileForAsker;
}

export interface FileForAsker {
  name: string;
  description: string;
  bytes: Buffer;
  /** What the offer's answer comes back with, to make the same file again (checked again then). */
  context: Record<string, string>;
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

/** Binds a view model to its template; the result is plain card JSON, with `speak` text. */
export function expandCard(reply: CardReply): Record<string, unknown> {
  let card = expanded.get(reply);
  if (!card) {
    card = withChart(reply, template(reply.card).expand({ $root: reply.data }) as Record<string, unknown>);
    card.speak = typeof reply.data.speak === "string" && reply.data.speak ? reply.data.speak : headingText(card);
    if (reply.planId !== undefined) stampPlan(card, reply.planId);
    expanded.set(reply, card);
  }
  return card;
}

/**
 * What a screen reader announces for a card without its own summary: its first two lines of
 * text (heading and subheading), without markdown.
 */
function headingText(card: Record<string, unknown>): string {
  const body = Array.isArray(card.body) ? (card.body as { type?: string; text?: unknown }[]) : [];
  const lines = body.filter((e) => e.type === "TextBlock" && typeof e.text === "string" && e.text.trim()).slice(0, 2).map((e) => String(e.text).replace(/\*\*/g, "").trim());
  return lines.map((l) => (/[.:!?]$/.test(l) ? l : `${l}.`)).join(" ");
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

/**
 * Status colours are the same everywhere and never carry the meaning alone: the word is always
 * written, in the default text colour, on a container style of the status's colour. Coloured
 * text fails contrast (Teams' Amber on white is 1.47:1); a styled container behind default text
 * keeps 4.5:1 in Teams' light, dark and high-contrast themes (test/e2e/contrast.test.ts measures it).
 */
const STATUS_STYLES: Record<Status, string> = { blue: "accent", green: "good", amber: "warning", red: "attention", unrated: "default" };

export function statusBadge(status: Status): { statusText: string; statusStyle: string } {
  return { statusText: statusWord(status), statusStyle: STATUS_STYLES[status] };
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

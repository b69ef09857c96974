import type { App } from "../index";
import type { IsoDate } from "../domain/dates";
import type { PlanView } from "../domain/view";
import { expandCard, messageCard, type CardReply } from "../bot/cards";
import { answer } from "../bot/commands";
import { boardsCommand } from "../bot/commands/boards";
import { changesCommand } from "../bot/commands/changes";
import { digestCommand } from "../bot/commands/digest";
import { milestoneUpdateCard } from "../bot/cardActions/milestoneUpdateCard";
import { parseCommand, type Command } from "../bot/parseCommand";

/** What `plan-tracker ask` prints: how the question was read, and the card the bot would answer with. */
export interface AskResult {
  question: string;
  asOf: IsoDate;
  command: Command;
  reply: CardReply;
}

/**
 * A question answered as the bot answers it in a personal chat, as the plan person given
 * (or nobody). Commands that change something are Teams commands and are not run here.
 */
export async function ask(app: App, planId: string, view: PlanView, asOf: IsoDate, question: string, personId?: string): Promise<AskResult> {
  const command = parseCommand(question, view.plan, asOf);
  const context = { view, asOf, user: { name: "plan-tracker ask" }, personId };
  const reply = await replyTo(app, planId, command, context);
  return { question, asOf, command, reply };
}

async function replyTo(app: App, planId: string, command: Command, context: Parameters<typeof answer>[1]): Promise<CardReply> {
  switch (command.name) {
    case "update": {
      const typed = command.status ? { [command.milestoneId]: { status: command.status } } : undefined;
      return milestoneUpdateCard(context.view, [command.milestoneId], context.asOf, typed ? { typed } : {});
    }
    case "changes":
      return changesCommand(app, context, planId, command.period, "plan-tracker-ask");
    case "boards":
      return boardsCommand(context, await app.digestRecords.channels(planId));
    case "digest":
      return digestCommand(app, context, planId, command.board, "plan-tracker-ask");
    case "people":
    case "link":
    case "digestHere":
      return messageCard(`"${command.name}" is a Teams command for plan admins; the command line has its own (see plan-tracker --help).`, { buttons: [] });
    default:
      return answer(command, context);
  }
}

/** The card as lines of text: its text blocks and facts in order, then its buttons. */
export function cardAsText(reply: CardReply): string {
  const lines: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "TextBlock" && typeof element.text === "string") lines.push(element.text.replace(/\*\*/g, ""));
    else if (element.type === "FactSet" && Array.isArray(element.facts)) for (const fact of element.facts as { title: string; value: string }[]) lines.push(`  ${fact.title}: ${fact.value}`);
    else if (element.type === "Input.ChoiceSet" || element.type === "Input.Text" || element.type === "Input.Date") lines.push(`  [${String(element.label ?? element.id)}: ${String(element.value ?? "")}]`);
    for (const [key, value] of Object.entries(element)) if (key !== "actions" && key !== "fallback" && typeof value === "object") walk(value);
  };
  const card = expandCard(reply);
  walk(card.body);
  const buttons = reply.data.buttons.map((b) => `[${b.title}] → ${b.command}`);
  return [...lines, ...(buttons.length > 0 ? ["", ...buttons] : [])].join("\n");
}

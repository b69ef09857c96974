import { expandCard, type CardReply } from "../cards/cards";
import type { IsoDate } from "../domain/dates";
import type { PlanView } from "../domain/view";
import { dispatcherServices, type App } from "../index";

/** The sender of a question asked at the command line without --person: no Teams user, a plan admin. */
const CLI_ADMIN = "plan-tracker-cli";

/** What `plan-tracker ask` prints: how the question was read, and the card the bot would answer with. */
export interface AskResult {
  question: string;
  asOf: IsoDate;
  /** The command from the table and its arguments (a "Did you mean" lists its readings). */
  command: string;
  args: Record<string, unknown>;
  reply: CardReply;
}

/**
 * A question answered as the bot answers it in a personal chat, through the same command
 * table and checks, as the plan person given (or as someone not linked to the plan).
 */
export async function ask(app: App, view: PlanView, asOf: IsoDate, question: string, personId?: string): Promise<AskResult> {
  // Loaded here: the other CLI commands do not need the bot's modules.
  const { Dispatcher } = await import("../bot/dispatcher.js");
  const { SharedPromptStates } = await import("../bot/promptStates.js");
  const { parseCommand } = await import("../bot/parseCommand.js");
  const now = () => new Date(`${asOf}T12:00:00Z`);
  // The command line is an admin's tool: without --person it asks as a plan admin; with it, as that person would.
  const operatorIds = personId ? [] : [CLI_ADMIN];
  const dispatcher = new Dispatcher(dispatcherServices(app, new SharedPromptStates(app.promptRecords), { operatorIds, allowedTenantIds: [], now, log: (message) => process.stderr.write(`${message}\n`) }));
  const turn = {
    sender: { aadObjectId: personId ? undefined : CLI_ADMIN, name: "plan-tracker ask" },
    conversation: { id: "plan-tracker-ask", type: "personal" as const },
    channelId: "plan-tracker-cli",
    mentioned: [],
    // Nothing is ever posted to the command line: an address with no service to post to.
    address: { format: 1 as const, channelId: "plan-tracker-cli", serviceUrl: "", conversation: { id: "plan-tracker-ask" }, bot: { id: "plan-tracker" } },
  };
  const noDirectory = () => Promise.reject(new Error("the command line has no Teams directory"));
  const teams = { member: noDirectory, members: noDirectory };
  const parsed = parseCommand(question, { plan: view.plan, asOf });
  const reply = await dispatcher.answer(turn, teams, question, { asPerson: personId, planId: view.plan.id });
  return { question, asOf, command: parsed.command.name, args: parsed.args, reply };
}

/** The card as lines of text: its text blocks, facts and inputs in order, then its buttons. */
export function cardAsText(reply: CardReply): string {
  const lines: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "TextBlock" && typeof element.text === "string") lines.push(element.text.replace(/\*\*/g, ""));
    else if (element.type === "FactSet" && Array.isArray(element.facts)) for (const fact of element.facts as { title: string; value: string }[]) lines.push(`  ${fact.title}: ${fact.value}`);
    else if (typeof element.type === "string" && element.type.startsWith("Input.")) lines.push(`  [${String(element.label ?? element.id)}: ${String(element.value ?? "")}]`);
    for (const [key, value] of Object.entries(element)) if (key !== "actions" && key !== "fallback" && typeof value === "object") walk(value);
  };
  walk(expandCard(reply).body);
  const buttons = reply.data.buttons.map((b) => `[${b.title}] → ${b.command}`);
  return [...lines, ...(buttons.length > 0 ? ["", ...buttons] : [])].join("\n");
}

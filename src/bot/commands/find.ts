import { searchPlan } from "../../domain/search";
import { messageCard, type Button, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** Questions that work, offered when a question is not understood. */
export const EXAMPLE_QUESTIONS: Button[] = [
  { title: "What's overdue?", command: "what's overdue?" },
  { title: "How's action 1.2 getting on?", command: "how's action 1.2 getting on?" },
  { title: "Which milestones are red?", command: "which milestones are red?" },
];

/**
 * Search, and the answer to text the bot cannot place: results with the nearest commands
 * as buttons, or three questions that work — never silence.
 */
export function findCommand(context: CommandContext, words: string, nearest: Button[] = []): CardReply {
  const hits = searchPlan(context.view.plan, words);
  const buttons = [...nearest, ...EXAMPLE_QUESTIONS].filter((b, i, all) => all.findIndex((o) => o.command === b.command) === i).slice(0, 3);
  if (hits.length === 0) {
    return messageCard(`I didn't find "${words}" in the plan, and I'm not sure what you're asking. These questions work:`, {
      detail: "Type “help” for everything I can answer.",
      buttons: [...buttons, { title: "Help", command: "help" }],
    });
  }
  return {
    card: "searchResults",
    data: {
      query: words,
      countText: `${hits.length} match${hits.length === 1 ? "" : "es"}, best first`,
      hits: hits.map((h) => ({ id: h.id, actionId: h.actionId, title: h.title, kindText: h.kind })),
      buttons: nearest.length > 0 ? nearest.slice(0, 3) : [{ title: "Plan status", command: "status" }],
    },
  };
}

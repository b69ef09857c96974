import { ECHO_LIMIT } from "../../domain/echo";
import { searchPlan } from "../../domain/search";
import { fitting, messageCard, type Button, type CardReply } from "../../cards/cards";
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
export function findCommand(context: CommandContext, typed: string, nearest: Button[] = []): CardReply {
  // A search term is at most ECHO_LIMIT characters: longer text is cut (and the answer says so) before it is searched or repeated.
  const cut = typed.length > ECHO_LIMIT;
  const words = cut ? typed.slice(0, ECHO_LIMIT) : typed;
  const cutNote = cut ? ` (your text was cut to its first ${ECHO_LIMIT} characters)` : "";
  const hits = searchPlan(context.view.plan, words);
  const buttons = [...nearest, ...EXAMPLE_QUESTIONS].filter((b, i, all) => all.findIndex((o) => o.command === b.command) === i).slice(0, 3);
  if (hits.length === 0) {
    return messageCard(`I didn't find "${words}${cut ? "…" : ""}" in the plan${cutNote}, and I'm not sure what you're asking. These questions work:`, {
      detail: "Type “help” for everything I can answer.",
      buttons: [...buttons, { title: "Help", command: "help" }],
    });
  }
  const card = (shown: number): CardReply => ({
    card: "searchResults",
    data: {
      query: cut ? `${words}…` : words,
      countText: `${hits.length} match${hits.length === 1 ? "" : "es"}, best first${shown < hits.length ? `; the first ${shown} shown` : ""}${cutNote}`,
      hits: hits.slice(0, shown).map((h) => ({ id: h.id, actionId: h.actionId, title: h.title, kindText: h.kind })),
      buttons: nearest.length > 0 ? nearest.slice(0, 3) : [{ title: "Plan status", command: "status" }],
    },
  });
  return fitting([hits.length, 40, 20, 10, 5].filter((n) => n <= hits.length).map((n) => () => card(n)));
}

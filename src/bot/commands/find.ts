import { searchPlan } from "../../domain/search";
import { COMMON_BUTTONS, messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** Search, and the answer to text the bot cannot place: results, or suggestions — never silence. */
export function findCommand(context: CommandContext, words: string): CardReply {
  const hits = searchPlan(context.view.plan, words);
  if (hits.length === 0) {
    return messageCard(`I didn't find "${words}" in the plan, and it isn't a command I know.`, {
      detail: "Try “status”, “status 1.2”, “overdue”, “mine”, “kpis”, “risks” or “help”.",
      buttons: [...COMMON_BUTTONS, { title: "Help", command: "help" }],
    });
  }
  return {
    card: "searchResults",
    data: {
      query: words,
      countText: `${hits.length} match${hits.length === 1 ? "" : "es"}, best first`,
      hits: hits.map((h) => ({ id: h.id, actionId: h.actionId, title: h.title, kindText: h.kind })),
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}

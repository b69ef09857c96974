import { ECHO_LIMIT } from "../../domain/echo";
import { searchPlan } from "../../domain/search";
import { COMMON_BUTTONS, fitting, messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** Search, and the answer to text the bot cannot place: results, or suggestions — never silence. */
export function findCommand(context: CommandContext, typed: string): CardReply {
  // A search term is at most ECHO_LIMIT characters: longer text is cut (and the answer says so) before it is searched or repeated.
  const cut = typed.length > ECHO_LIMIT;
  const words = cut ? typed.slice(0, ECHO_LIMIT) : typed;
  const cutNote = cut ? ` (your text was cut to its first ${ECHO_LIMIT} characters)` : "";
  const hits = searchPlan(context.view.plan, words);
  if (hits.length === 0) {
    return messageCard(`I didn't find "${words}${cut ? "…" : ""}" in the plan${cutNote}, and it isn't a command I know.`, {
      detail: "Try “status”, “status 1.2”, “overdue”, “mine”, “kpis”, “risks” or “help”.",
      buttons: [...COMMON_BUTTONS, { title: "Help", command: "help" }],
    });
  }
  const card = (shown: number): CardReply => ({
    card: "searchResults",
    data: {
      query: cut ? `${words}…` : words,
      countText: `${hits.length} match${hits.length === 1 ? "" : "es"}, best first${shown < hits.length ? `; the first ${shown} shown` : ""}${cutNote}`,
      hits: hits.slice(0, shown).map((h) => ({ id: h.id, actionId: h.actionId, title: h.title, kindText: h.kind })),
      buttons: [{ title: "Plan status", command: "status" }, { title: "Overdue", command: "overdue" }],
    },
  });
  return fitting([hits.length, 40, 20, 10, 5].filter((n) => n <= hits.length).map((n) => () => card(n)));
}

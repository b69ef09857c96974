import { expandCard, type CardReply } from "../cards/cards";
import type { TeamsAttachment } from "../teams/activity";

/** A card as a Teams message attachment (what botbuilder's CardFactory.adaptiveCard made): the one step from a bound card to the wire. */
export function cardAttachment(reply: CardReply): TeamsAttachment {
  return { contentType: "application/vnd.microsoft.card.adaptive", content: expandCard(reply) };
}

// Only for bench/run.ts (outside this change), which imports expandCard from here: point it at src/cards/cards and delete this line.
export { expandCard } from "../cards/cards";

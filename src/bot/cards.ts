import { expandCard, type CardReply } from "../cards/cards";
import type { TeamsAttachment } from "../teams/activity";

/** A card as a Teams message attachment (what botbuilder's CardFactory.adaptiveCard made): the one step from a bound card to the wire. */
export function cardAttachment(reply: CardReply): TeamsAttachment {
  return { contentType: "application/vnd.microsoft.card.adaptive", content: expandCard(reply) };
}

// bench/run.ts still imports card binding from here; cards now live in src/cards/ (see README).
export { expandCard } from "../cards/cards";

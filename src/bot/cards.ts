import { CardFactory, type Attachment } from "botbuilder";
import { expandCard, type CardReply } from "../cards/cards";

/** A card as a Teams message attachment: the one step from a bound card to botbuilder's shape. */
export function cardAttachment(reply: CardReply): Attachment {
  return CardFactory.adaptiveCard(expandCard(reply));
}

// bench/run.ts still imports card binding from here; cards now live in src/cards/ (see README).
export { expandCard } from "../cards/cards";

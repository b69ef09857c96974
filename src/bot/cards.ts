import { CardFactory, type Attachment } from "botbuilder";
import { expandCard, type CardReply } from "../cards/cards";

/** A card as a Teams message attachment: the one step from a bound card to botbuilder's shape. */
export function cardAttachment(reply: CardReply): Attachment {
  return CardFactory.adaptiveCard(expandCard(reply));
}

// Only for bench/run.ts (outside this change), which imports expandCard from here: point it at src/cards/cards and delete this line.
export { expandCard } from "../cards/cards";

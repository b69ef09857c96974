import { messageCard, type CardReply } from "../../cards/cards";

/** "thanks": one line, not a search. */
export function thanksCommand(): CardReply {
  return messageCard("You're welcome. Ask me any time.", { buttons: [] });
}

import { messageCard, type Button, type CardReply } from "../../cards/cards";

/** Teams shows at most five buttons on a card. */
const MAX_BUTTONS = 5;

/** Two or more readings too close to choose between: one button per reading (the rest by name), nothing answered. */
export function clarifyCommand(readings: Button[]): CardReply {
  const rest = readings.slice(MAX_BUTTONS);
  return messageCard("I can read that more than one way. Which did you mean?", {
    title: "Did you mean …",
    detail: rest.length > 0 ? `Or type: ${rest.map((r) => `“${r.command}”`).join(", ")}` : "",
    buttons: readings.slice(0, MAX_BUTTONS),
  });
}

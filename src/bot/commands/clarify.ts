import type { Button, CardReply } from "../cards";
import { messageCard } from "../cards";

/** Two or more readings too close to choose between: one button per reading, nothing answered. */
export function clarifyCommand(readings: Button[]): CardReply {
  return messageCard("I can read that more than one way. Which did you mean?", { title: "Did you mean …", buttons: readings.slice(0, 6) });
}

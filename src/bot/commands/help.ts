import { COMMON_BUTTONS, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** Every command with an example and what it answers (from the command table, helpEntries). */
export function helpCommand(context: CommandContext, commands: { example: string; meaning: string }[]): CardReply {
  return { card: "help", data: { planTitle: context.view.plan.title, commands, buttons: [...COMMON_BUTTONS, { title: "Risks", command: "risks" }] } };
}

import type { CardReply } from "../cards";
import type { Command } from "../parseCommand";
import { actionCommand } from "./action";
import type { CommandContext } from "./context";
import { findCommand } from "./find";
import { helpCommand } from "./help";
import { kpiCommand, kpisCommand } from "./kpis";
import { mineCommand } from "./mine";
import { overdueCommand } from "./overdue";
import { risksCommand } from "./risks";
import { statusCommand } from "./status";

/** Commands that need more than the plan (people, link, update, boards, digests) are answered by the bot itself. */
export type PlanCommand = Exclude<Command, { name: "people" } | { name: "link" } | { name: "update" } | { name: "boards" } | { name: "digest" } | { name: "digestHere" }>;

/** Routes a parsed command to its handler; every command answers with a card. */
export function answer(command: PlanCommand, context: CommandContext): CardReply {
  switch (command.name) {
    case "help":
    case "empty":
      return helpCommand(context);
    case "status":
      return statusCommand(context);
    case "action":
      return actionCommand(context, command.actionId);
    case "mine":
      return mineCommand(context);
    case "overdue":
      return overdueCommand(context);
    case "kpis":
      return kpisCommand(context);
    case "kpi":
      return kpiCommand(context, command.kpiId);
    case "risks":
      return risksCommand(context);
    case "find":
      return findCommand(context, command.words);
  }
}

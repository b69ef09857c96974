import { COMMON_BUTTONS, type CardReply } from "../cards";
import type { CommandContext } from "./context";

const COMMANDS = [
  { example: "status", meaning: "the progress table: each action's Blue/Green/Amber/Red milestones and overall status" },
  { example: "status 1.2", meaning: "one action: its lead, milestones, owners, due dates and latest notes (also \"1.2\" or \"how is 1.2 doing?\")" },
  { example: "mine", meaning: "the actions you lead and the milestones you own" },
  { example: "overdue", meaning: "overdue milestones, grouped by owner" },
  { example: "kpis", meaning: "KPIs against their current target; \"kpi 7\" for one KPI with its measurements" },
  { example: "risks", meaning: "the risk register, highest score first, and the risks due for review" },
  { example: "digest", meaning: "the board digest as it would be posted now (\"digest children-and-families-board\" for another board)" },
  { example: "boards", meaning: "each board's next meeting, when its digest goes out and to which channel" },
  { example: "find autism", meaning: "actions and milestones that mention the words (any text I don't recognise is a search too)" },
];

export function helpCommand(context: CommandContext): CardReply {
  return { card: "help", data: { planTitle: context.view.plan.title, commands: COMMANDS, buttons: [...COMMON_BUTTONS, { title: "Risks", command: "risks" }] } };
}

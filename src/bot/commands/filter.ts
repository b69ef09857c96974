import { statusWord, type RagStatus } from "../../domain/status";
import { summariseAction } from "../../domain/summaries";
import { messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { milestoneListCard, overdueFirst } from "./milestoneList";

export interface FilterArgs {
  status: RagStatus;
  kind?: "actions" | "milestones";
  areaId?: string;
  actionId?: string;
  personId?: string;
}

/** "which actions are red", "amber milestones in area 2": actions by overall status, or milestones by status, in a scope. */
export function filterCommand(context: CommandContext, args: FilterArgs): CardReply {
  const { plan } = context.view;
  const person = plan.people.find((p) => p.id === args.personId);
  const scope = [args.areaId ? `in area ${args.areaId}` : "", args.actionId ? `in action ${args.actionId}` : "", person ? `of ${person.name}` : ""].filter(Boolean).join(" ");
  const actions = plan.actions
    .filter((a) => (!args.areaId || a.area === args.areaId) && (!args.actionId || a.id === args.actionId))
    .map((a) => summariseAction(context.view, a, context.asOf));
  const word = statusWord(args.status);
  if (args.kind === "actions") {
    const matching = actions.filter((a) => a.overall === args.status && (!args.personId || a.lead.id === args.personId));
    const text = matching.length === 0 ? `No action ${scope} is ${word} overall.` : `${matching.length} action${matching.length === 1 ? " is" : "s are"} ${word} overall ${scope}: ${matching.map((a) => `${a.id} ${a.shortTitle ?? a.title}`).join("; ")}.`;
    return messageCard(text.replace(/\s+([:.])/g, "$1"), { title: `${word} actions`, buttons: [...matching.slice(0, 4).map((a) => ({ title: `Action ${a.id}`, command: `status ${a.id}` })), { title: `${word} milestones`, command: `${args.status} milestones${args.areaId ? ` in area ${args.areaId}` : ""}` }] });
  }
  const milestones = overdueFirst(actions.flatMap((a) => a.milestones).filter((m) => m.status === args.status && (!args.personId || m.owners.some((o) => o.id === args.personId))));
  const count = `${milestones.length} ${word} milestone${milestones.length === 1 ? "" : "s"}${scope ? ` ${scope}` : ""}`;
  return milestoneListCard(context, `${word} milestones${scope ? ` ${scope}` : ""}`, count, [{ heading: "Overdue first", milestones }], [
    { title: `${word} actions`, command: `${args.status} actions${args.areaId ? ` in area ${args.areaId}` : ""}` },
    { title: "Plan status", command: "status" },
  ]);
}

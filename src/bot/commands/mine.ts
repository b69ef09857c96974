import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import { summariseAction } from "../../domain/summaries";
import { fitting, messageCard, statusBadge, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { overdueRow } from "./overdue";

/** What the asking user leads and owns, found through their link to a plan person. */
export function mineCommand(context: CommandContext): CardReply {
  const personId = context.personId;
  if (!personId) {
    return messageCard(
      "I don't know which person in the plan you are yet, so I can't tell what is yours. A plan admin can link you (“link <your name> to @you”), or add your work email to the plan. Meanwhile “overdue” shows every owner's overdue milestones.",
      { buttons: [{ title: "Plan status", command: "status" }, { title: "Overdue", command: "overdue" }] },
    );
  }
  const summaries = context.view.plan.actions.map((action) => summariseAction(context.view, action, context.asOf));
  const led = summaries.filter((a) => a.lead.id === personId);
  const owned = summaries.flatMap((a) => a.milestones).filter((m) => m.owners.some((o) => o.id === personId));
  const name = context.view.plan.people.find((p) => p.id === personId)?.name ?? personId;
  // Overdue first, most overdue first, so that a list cut to fit a message keeps what matters.
  const ordered = [...owned].sort((a, b) => (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1));
  return fitting([Infinity, 40, 20, 10].map((max) => () => mineCard(context, name, led, ordered, max)));
}

function mineCard(context: CommandContext, name: string, led: ReturnType<typeof summariseAction>[], owned: ReturnType<typeof summariseAction>["milestones"], max: number): CardReply {
  return {
    card: "overdue",
    data: {
      asOfText: displayDate(context.asOf),
      more: owned.length > max ? `… and ${owned.length - max} more of your milestones, too many for one message: ask for an action with "status <action>".` : "",
      countText: `${name}: you lead ${count(led.length, "action")} and own ${count(owned.length, "milestone")}`,
      owners: [
        ...led.map((a) => ({ owner: `Action ${a.id} (you lead it): ${statusBadge(a.overall).statusText}`, milestones: [] })),
        { owner: "Your milestones", milestones: owned.slice(0, max).map((m) => ({ ...overdueRow(m), daysText: m.daysOverdue === null ? "not overdue" : `${count(m.daysOverdue, "day")} overdue` })) },
      ],
      buttons: [...led.map((a) => ({ title: `Action ${a.id}`, command: `status ${a.id}` })).slice(0, 4), { title: "Plan status", command: "status" }],
    },
  };
}

import { count } from "../../domain/plural";
import { overdueMilestones } from "../../domain/milestones";
import { statusWord } from "../../domain/status";
import { summariseAction } from "../../domain/summaries";
import { messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";
import { milestoneListCard, overdueFirst } from "./milestoneList";

/**
 * One person's work: the actions they lead and the milestones they own, overdue first. The
 * plan is a published document, so anyone who may ask about the plan may ask this.
 */
export function personCommand(context: CommandContext, personId: string): CardReply {
  const person = context.view.plan.people.find((p) => p.id === personId);
  if (!person) return messageCard(`There is no ${personId} among the plan's people.`, { buttons: [{ title: "Plan status", command: "status" }] });
  const actions = context.view.plan.actions.map((action) => summariseAction(context.view, action, context.asOf));
  const led = actions.filter((a) => a.lead.id === personId);
  const owned = overdueFirst(actions.flatMap((a) => a.milestones).filter((m) => m.owners.some((o) => o.id === personId)));
  const overdue = owned.filter((m) => m.daysOverdue !== null).length;
  const ledText = led.length === 0 ? "leads no action" : `leads ${led.map((a) => `${a.id} (${statusWord(a.overall)})`).join(", ")}`;
  return milestoneListCard(
    context,
    person.name,
    `${person.name} ${ledText} and owns ${count(owned.length, "milestone")}, ${overdue} overdue`,
    [{ heading: "Milestones they own", milestones: owned }],
    [...led.slice(0, 3).map((a) => ({ title: `Action ${a.id}`, command: `status ${a.id}` })), { title: "Overdue", command: `overdue for ${person.name}` }],
  );
}

/** Overdue milestones of one person, one action or one area. */
export function overdueScopedCommand(context: CommandContext, scope: { personId?: string; actionId?: string; areaId?: string }): CardReply {
  const { plan } = context.view;
  const areaOf = new Map(plan.actions.map((a) => [a.id, a.area]));
  const person = plan.people.find((p) => p.id === scope.personId);
  const overdue = overdueMilestones(context.view, context.asOf).filter(
    (m) =>
      (!scope.personId || m.owners.some((o) => o.id === scope.personId) || (m.owners.length === 0 && plan.actions.find((a) => a.id === m.actionId)?.lead === scope.personId)) &&
      (!scope.actionId || m.actionId === scope.actionId) &&
      (!scope.areaId || areaOf.get(m.actionId) === scope.areaId),
  );
  const where = [person ? `for ${person.name}` : "", scope.actionId ? `in action ${scope.actionId}` : "", scope.areaId ? `in area ${scope.areaId}` : ""].filter(Boolean).join(" ");
  return milestoneListCard(context, `Overdue ${where}`, overdue.length === 0 ? `Nothing is overdue ${where}` : `${overdue.length} overdue milestone${overdue.length === 1 ? "" : "s"}`, [{ heading: "Longest overdue first", milestones: overdue }], [
    { title: "All overdue", command: "overdue" },
    ...(scope.actionId ? [{ title: `Action ${scope.actionId}`, command: `status ${scope.actionId}` }] : []),
  ]);
}

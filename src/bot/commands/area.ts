import { statusWord } from "../../domain/status";
import { summariseAction } from "../../domain/summaries";
import { messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** One area of weakness: its actions with their overall status. */
export function areaCommand(context: CommandContext, areaId: string): CardReply {
  const { plan } = context.view;
  const area = plan.areas.find((a) => a.id === areaId);
  if (!area) return messageCard(`There is no area ${areaId} in this plan. The areas are ${plan.areas.map((a) => a.id).join(", ")}.`);
  const actions = plan.actions.filter((a) => a.area === areaId).map((a) => summariseAction(context.view, a, context.asOf));
  const lines = actions.map((a) => `${a.id} ${a.shortTitle ?? a.title}: ${statusWord(a.overall)}, ${a.overdue} overdue`).join("\n\n");
  return messageCard(lines || "No actions.", { title: `Area ${area.id}: ${area.shortTitle ?? area.title}`, buttons: [...actions.slice(0, 4).map((a) => ({ title: `Action ${a.id}`, command: `status ${a.id}` })), { title: "Overdue here", command: `overdue in area ${areaId}` }] });
}

/** One quality indicator: what it measures, for which area, how often. */
export function qiCommand(context: CommandContext, qiId: string): CardReply {
  const qi = context.view.plan.qis.find((q) => q.id === qiId);
  if (!qi) return messageCard(`There is no ${qiId.replace(/^unknown:/, "")} in this plan.`, { buttons: [{ title: "Plan status", command: "status" }] });
  return messageCard(qi.title, { title: `${qi.ref} of area ${qi.area}`, detail: qi.cadence ? `Reviewed ${qi.cadence}.` : "", buttons: [{ title: `Area ${qi.area}`, command: `area ${qi.area}` }] });
}

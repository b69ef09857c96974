import { messageCard, type CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

/** One quality indicator: what it measures, for which area, how often. */
export function qiCommand(context: CommandContext, qiId: string): CardReply {
  const qi = context.view.plan.qis.find((q) => q.id === qiId);
  if (!qi) return messageCard(`There is no ${qiId.replace(/^unknown:/, "")} in this plan.`, { buttons: [{ title: "Plan status", command: "status" }] });
  return messageCard(qi.title, { title: `${qi.ref} of area ${qi.area}`, detail: qi.cadence ? `Reviewed ${qi.cadence}.` : "", buttons: [{ title: `Area ${qi.area}`, command: `area ${qi.area}` }] });
}

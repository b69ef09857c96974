import { displayDate, type IsoDate } from "../domain/dates";
import { describeMonth, monthOf } from "../domain/periods";
import { statusWord } from "../domain/status";
import { summarisePlan } from "../domain/summaries";
import type { PlanView } from "../domain/view";
import { messageCard, type CardReply } from "./cards";
import { formCommon, type FormState } from "./recordForm";

/** The key of an action's text box: input ids allow letters, digits and "_". */
export const commentaryKey = (actionId: string) => actionId.replace(/[^A-Za-z0-9]/g, "_");

/**
 * A lead's "What has changed?" card: one text box per action they lead, each prefilled
 * with the last commentary (or what they typed, when a save was refused).
 */
export function commentaryCard(view: PlanView, actionIds: string[], asOf: IsoDate, state?: FormState & { digestOn?: IsoDate }): CardReply {
  if (actionIds.length === 0) return messageCard("You lead no action of this plan, so there is no commentary to write.", { buttons: [{ title: "Plan status", command: "status" }] });
  const period = monthOf(asOf);
  const summaries = new Map(summarisePlan(view, asOf).actions.map((a) => [a.id, a]));
  const commentary = view.records?.commentary ?? [];
  return {
    card: "commentary",
    data: {
      heading: "What has changed? Your commentary for the board",
      intro: `For ${describeMonth(period)}${state?.digestOn ? `, before the board digest of ${displayDate(state.digestOn)}` : ""}: a few sentences per action. The board reads it beside the progress table.`,
      actions: actionIds.map((id) => {
        const summary = summaries.get(id)!;
        const last = commentary.filter((c) => c.actionId === id).sort((a, b) => a.period.localeCompare(b.period) || a.at.localeCompare(b.at)).pop();
        return {
          id,
          key: commentaryKey(id),
          title: summary.shortTitle ?? summary.title,
          statusLine: `Overall ${statusWord(summary.overall)} · ${summary.overdue} overdue${last ? ` · last written ${describeMonth(last.period)} by ${last.byName}` : ""}`,
          periodText: describeMonth(period),
          text: state?.values?.[commentaryKey(id)] ?? last?.text ?? "",
        };
      }),
      ...formCommon(state),
      buttons: [{ title: "My actions", command: "mine" }],
    },
  };
}

import { displayDate, type IsoDate } from "../domain/dates";
import { kpiStatuses } from "../domain/kpis";
import { qiStatuses } from "../domain/qis";
import { NO_RECORDS } from "../domain/records";
import { statusWord } from "../domain/status";
import { summarisePlan } from "../domain/summaries";
import type { PlanView } from "../domain/view";
import { messageCard, type CardReply } from "./cards";

const STATE_TEXT: Record<string, string> = { "on-track": "on track", "off-track": "off track", "no-data": "no data", "no-target": "no target", qualitative: "judged by the board" };

/** `area 1`: the area's success criteria with the KPIs and QIs that evidence them, and its actions. */
export function areaCard(view: PlanView, areaId: string, asOf: IsoDate): CardReply {
  const area = view.plan.areas.find((a) => a.id === areaId);
  if (!area) return messageCard(`There is no area ${areaId} in this plan; its areas are ${view.plan.areas.map((a) => a.id).join(", ")}.`, { buttons: [{ title: "Plan status", command: "status" }] });
  const kpis = kpiStatuses(view.plan, asOf).filter((k) => k.areas.includes(area.id));
  const qis = qiStatuses(view.plan, view.records ?? NO_RECORDS, asOf).filter((q) => q.area === area.id);
  const actions = summarisePlan(view, asOf).actions.filter((a) => a.area === area.id);
  return {
    card: "area",
    data: {
      id: area.id,
      title: area.title,
      asOfText: displayDate(asOf),
      criteria: area.successCriteria,
      kpis: kpis.map((k) => ({ id: k.id, text: `${k.title} — ${STATE_TEXT[k.state] ?? k.state}` })),
      qis: qis.map((q) => ({ ref: q.ref, text: `${q.title} — ${q.latest ? `latest ${displayDate(q.latest.date)}` : "no finding yet"}${q.dueThisPeriod ? `; due for ${q.periodLabel}` : ""}` })),
      actions: actions.map((a) => ({ id: a.id, text: `${a.shortTitle ?? a.title} — ${statusWord(a.overall)}` })),
      buttons: [
        { title: "Quality indicators", command: "qis" },
        { title: "KPIs", command: "kpis" },
        { title: "Plan status", command: "status" },
      ],
    },
  };
}

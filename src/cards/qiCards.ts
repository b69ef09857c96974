import { displayDate, type IsoDate } from "../domain/dates";
import { qiStatuses, type QiStatus } from "../domain/qis";
import { NO_RECORDS } from "../domain/records";
import { findQi } from "../domain/recordRules";
import type { PlanView } from "../domain/view";
import { messageCard, type CardReply } from "./cards";
import { formCommon, typed, type FormState } from "./recordForm";

const CADENCE: Record<QiStatus["cadence"], string> = {
  monthly: "monthly",
  quarterly: "quarterly",
  "six-monthly": "six-monthly",
  annual: "annual",
  "per-board-meeting": "for each board meeting",
  "as-available": "as it becomes available",
};

function dueLine(q: QiStatus): { dueLine: string; dueColor: string } {
  if (q.period === null) return { dueLine: "no fixed period", dueColor: "default" };
  return q.dueThisPeriod ? { dueLine: `due: no finding for ${q.periodLabel}`, dueColor: "attention" } : { dueLine: `done for ${q.periodLabel}`, dueColor: "good" };
}

const latestText = (q: QiStatus) => (q.latest ? `${displayDate(q.latest.date)}${q.latest.rating ? ` (${q.latest.rating})` : ""}: ${q.latest.text}` : "no finding yet");

/** `qis`: each QI with its cadence, latest finding and whether one is due this period. */
export function qisCard(view: PlanView, asOf: IsoDate): CardReply {
  const qis = qiStatuses(view.plan, view.records ?? NO_RECORDS, asOf);
  return {
    card: "qis",
    data: {
      asOfText: displayDate(asOf),
      dueText: `${qis.filter((q) => q.dueThisPeriod).length} of ${qis.length} have no finding for this period`,
      qis: qis.map((q) => ({ ref: q.ref, area: q.area, title: q.title, cadenceText: CADENCE[q.cadence], ...dueLine(q), latestText: latestText(q), command: `qi ${q.id}` })),
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}

/** One QI with its findings, and the finding form for its owner and plan admins (`form` given). */
export function qiCard(view: PlanView, qiId: string, asOf: IsoDate, form?: FormState & { today: IsoDate }): CardReply {
  const qi = findQi(view.plan, qiId);
  if (!qi) return messageCard(`There is no quality indicator ${qiId} in this plan.`, { buttons: [{ title: "Quality indicators", command: "qis" }] });
  const status = qiStatuses(view.plan, view.records ?? NO_RECORDS, asOf).find((q) => q.id === qi.id)!;
  const findings = (view.records?.findings ?? []).filter((f) => f.qiId === qi.id).sort((a, b) => a.date.localeCompare(b.date));
  return {
    card: "qiDetail",
    data: {
      ref: qi.ref,
      area: qi.area,
      title: qi.title,
      asOfText: displayDate(asOf),
      cadenceText: CADENCE[qi.cadence],
      ...dueLine(status),
      findings: findings.map((f) => ({ dateText: `${displayDate(f.date)}${f.rating ? ` (${f.rating})` : ""}`, text: `${f.text}${f.link ? ` (${f.link})` : ""} — ${f.byName}` })),
      form: form ? { qiId: qi.id, today: form.today, date: typed(form, "date", form.today), text: typed(form, "text"), link: typed(form, "link"), rating: typed(form, "rating"), ...formCommon(form) } : undefined,
      buttons: [
        { title: "Quality indicators", command: "qis" },
        { title: `Area ${qi.area}`, command: `area ${qi.area}` },
      ],
    },
  };
}

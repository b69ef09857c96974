import { randomUUID } from "node:crypto";
import { addDaysIso, displayDate, type IsoDate } from "../domain/dates";
import { summariseMilestone } from "../domain/milestones";
import { findMilestone, type PlanView } from "../domain/view";
import { latestReminderDate } from "../domain/boardCalendar";
import { statusBadge, type CardReply } from "./cards";

/** What a user typed on a card, kept when the card comes back to them. */
export interface TypedInput {
  status?: string;
  note?: string;
  revisedDue?: string;
  evidence?: string;
  remindOn?: string;
  reason?: string;
}


/** Input ids carry the milestone id with dots made safe: status_1_2_4. */
export const inputKey = (milestoneId: string) => milestoneId.replace(/[^A-Za-z0-9]/g, "_");

/**
 * The update card for one or more milestones: for each, where it stands and the inputs
 * to change it, with a Save that carries the version the card was built from and a
 * key that makes a double click or a retried invoke count once.
 */
export function milestoneUpdateCard(view: PlanView, milestoneIds: string[], asOf: IsoDate, options: { heading?: string; intro?: string; notice?: string; typed?: Record<string, TypedInput> } = {}): CardReply {
  const milestones = milestoneIds.flatMap((id) => {
    const found = findMilestone(view.plan, id);
    if (!found) return [];
    const m = summariseMilestone(view, found.action, found.milestone, asOf);
    const typed = options.typed?.[id] ?? {};
    const due = m.ongoing ? "ongoing" : m.effectiveDue ? `due ${displayDate(m.effectiveDue)}${m.revisedDue ? " (revised)" : ""}` : "no due date";
    return [
      {
        id: m.id,
        key: inputKey(m.id),
        title: m.title,
        detailText: `Action ${found.action.id} · ${due}${m.daysOverdue === null ? "" : ` · ${m.daysOverdue} days overdue`}`,
        ...statusBadge(m.status),
        note: m.note ?? "",
        version: m.version,
        idempotencyKey: randomUUID(),
        inputStatus: typed.status ?? (m.status === "unrated" ? "" : m.status),
        inputNote: typed.note ?? "",
        inputRevisedDue: typed.revisedDue ?? "",
        inputEvidence: typed.evidence ?? "",
        inputRemindOn: typed.remindOn ?? "",
        inputReason: typed.reason ?? "",
      },
    ];
  });
  const latestReminder = latestReminderDate(view.plan, asOf);
  return {
    card: "milestoneUpdate",
    data: {
      heading: options.heading ?? (milestones.length === 1 ? `Update milestone ${milestones[0]!.id}` : `${milestones.length} milestones need an update`),
      intro: options.intro ?? "Tell the board how these stand. Your update is recorded with your name and the time.",
      notice: options.notice ?? "",
      today: asOf,
      tomorrow: addDaysIso(asOf, 1),
      latestReminder: latestReminder.date,
      latestReminderText: latestReminder.why === "next-digest" ? `${displayDate(latestReminder.date)}, the next board digest` : displayDate(latestReminder.date),
      milestones,
      // Teams asks for the card again when it is reopened (Action.Execute refresh); the viewer's Teams id is set where it is known (forViewer).
      refresh: { milestoneIds: milestones.map((m) => m.id), userIds: [] as string[] },
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}

import { count } from "../domain/plural";
import { randomUUID } from "node:crypto";
import { addDaysIso, displayDate, type IsoDate } from "../domain/dates";
import { summariseMilestone } from "../domain/milestones";
import { findMilestone, type PlanView } from "../domain/view";
import { latestReminderDate } from "../domain/boardCalendar";
import { CARD_LIMIT_BYTES, cardBytes, statusBadge, type CardReply } from "./cards";

/** What a user typed on a card, kept when the card comes back to them. */
export interface TypedInput {
  status?: string;
  note?: string;
  revisedDue?: string;
  evidence?: string;
  remindOn?: string;
  reason?: string;
}


/** The longest typed text a card gives back (a note may be 2,000 characters). */
const TYPED_TEXT_LIMIT = 2000;
const keep = (text: string | undefined, max: number) => (text ?? "").slice(0, max);

/** Input ids carry the milestone id with dots made safe: status_1_2_4. */
export const inputKey = (milestoneId: string) => milestoneId.replace(/[^A-Za-z0-9]/g, "_");

/**
 * The update card for one or more milestones: for each, where it stands and the inputs
 * to change it, with a Save that carries the version the card was built from and a
 * key that makes a double click or a retried invoke count once.
 */
export function milestoneUpdateCard(view: PlanView, milestoneIds: string[], asOf: IsoDate, options: UpdateCardOptions = {}): CardReply {
  const ids = milestoneIds.filter((id) => findMilestone(view.plan, id));
  const full = updateCard(view, ids, [], asOf, options);
  if (ids.length <= 1 || cardBytes(full) <= CARD_LIMIT_BYTES) return full;
  // Too many for one Teams message: the most milestones that fit (found by halving), the rest named with buttons.
  let best = updateCard(view, ids.slice(0, 1), ids.slice(1), asOf, options);
  for (let low = 2, high = ids.length - 1; low <= high; ) {
    const middle = Math.floor((low + high) / 2);
    const candidate = updateCard(view, ids.slice(0, middle), ids.slice(middle), asOf, options);
    if (cardBytes(candidate) <= CARD_LIMIT_BYTES) {
      best = candidate;
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}

interface UpdateCardOptions {
  heading?: string;
  intro?: string;
  notice?: string;
  typed?: Record<string, TypedInput>;
}

function updateCard(view: PlanView, milestoneIds: string[], rest: string[], asOf: IsoDate, options: UpdateCardOptions): CardReply {
  const total = milestoneIds.length + rest.length;
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
        detailText: `Action ${found.action.id} · ${due}${m.daysOverdue === null ? "" : ` · ${count(m.daysOverdue, "day")} overdue`}`,
        ...statusBadge(m.status),
        note: m.note ?? "",
        version: m.version,
        idempotencyKey: randomUUID(),
        // What was typed comes back at most as long as it may be, so a refused submission cannot outgrow a message.
        inputStatus: typed.status?.slice(0, 20) ?? (m.status === "unrated" ? "" : m.status),
        inputNote: keep(typed.note, TYPED_TEXT_LIMIT),
        inputRevisedDue: keep(typed.revisedDue, 20),
        inputEvidence: keep(typed.evidence, TYPED_TEXT_LIMIT),
        inputRemindOn: keep(typed.remindOn, 20),
        inputReason: keep(typed.reason, TYPED_TEXT_LIMIT),
      },
    ];
  });
  const latestReminder = latestReminderDate(view.plan, asOf);
  return {
    card: "milestoneUpdate",
    data: {
      heading: options.heading ?? (total === 1 ? `Update milestone ${milestones[0]!.id}` : `${total} milestones need an update`),
      intro: options.intro ?? "Tell the board how these stand. Your update is recorded with your name and the time.",
      notice: [
        options.notice ?? "",
        rest.length > 0
          ? `The first ${milestones.length} of ${total} are here: one Teams message holds no more. The others: ${rest.slice(0, 30).join(", ")}${rest.length > 30 ? ` and ${rest.length - 30} more` : ""} — open each with its button or "update <id>", or see them all with "mine".`
          : "",
      ].filter(Boolean).join(" "),
      today: asOf,
      tomorrow: addDaysIso(asOf, 1),
      latestReminder: latestReminder.date,
      latestReminderText: latestReminder.why === "next-digest" ? `${displayDate(latestReminder.date)}, the next board digest` : displayDate(latestReminder.date),
      milestones,
      // Teams asks for the card again when it is reopened (Action.Execute refresh); the viewer's Teams id is set where it is known (forViewer).
      refresh: { milestoneIds: milestones.map((m) => m.id), userIds: [] as string[] },
      buttons: rest.length > 0
        ? [...rest.slice(0, 3).map((id) => ({ title: `Update ${id}`, command: `update ${id}` })), { title: "My actions", command: "mine" }]
        : [{ title: "Plan status", command: "status" }],
    },
  };
}

import { count } from "../domain/plural";
import { randomUUID } from "node:crypto";
import { addDaysIso, displayDate, type IsoDate } from "../domain/dates";
import { summariseMilestone } from "../domain/milestones";
import { statusWord, type RagStatus } from "../domain/status";
import { findMilestone, type PlanView } from "../domain/view";
import { latestReminderDate } from "../domain/boardCalendar";
import { fitting, statusBadge, type CardReply } from "./cards";

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

/** Milestones shown in full (with their answers) on one card; the rest are compact rows that open their own card. */
export const FULL_MILESTONES = 3;
/** Fullest first: three milestones in full and up to 25 rows, down to one in full (typed text can be long) and three rows. */
const LAYOUTS: [full: number, rows: number][] = [[3, 25], [3, 10], [3, 3], [1, 3], [1, 0]];
const ANSWERS: Record<string, string> = { blue: "Blue (complete)", green: "Green (on track)", amber: "Amber (at risk)", red: "Red (off track)" };
const ANSWER_BUTTONS: Record<string, string> = { blue: "Done", green: "On track", amber: "At risk", red: "Off track" };

/**
 * The update card for one or more milestones: for each of the first few, where it stands and
 * one-click answers (Done, On track, At risk, Off track, and Remind me / Not mine under More),
 * each Save carrying the version the card was built from and a key that makes a double click
 * or a retried invoke count once; any others as compact rows that each open their own card.
 */
export function milestoneUpdateCard(view: PlanView, milestoneIds: string[], asOf: IsoDate, options: UpdateCardOptions = {}): CardReply {
  const ids = milestoneIds.filter((id) => findMilestone(view.plan, id));
  return fitting(LAYOUTS.map(([full, rows]) => () => updateCard(view, ids.slice(0, full), ids.slice(full, full + rows), ids.slice(full + rows), asOf, options)));
}

interface UpdateCardOptions {
  heading?: string;
  intro?: string;
  notice?: string;
  typed?: Record<string, TypedInput>;
}

function updateCard(view: PlanView, milestoneIds: string[], compactIds: string[], rest: string[], asOf: IsoDate, options: UpdateCardOptions): CardReply {
  const total = milestoneIds.length + compactIds.length + rest.length;
  const milestones = milestoneIds.flatMap((id) => {
    const found = findMilestone(view.plan, id);
    if (!found) return [];
    const m = summariseMilestone(view, found.action, found.milestone, asOf);
    const typed = options.typed?.[id] ?? {};
    const due = m.ongoing ? "ongoing" : m.effectiveDue ? `due ${displayDate(m.effectiveDue)}${m.revisedDue ? " (revised)" : ""}` : "no due date";
    const key = inputKey(m.id);
    const plain = { milestoneId: m.id, version: m.version, idempotencyKey: randomUUID() };
    // Each answer's Save sends its status with the button: the card has no status input to forget.
    const answer = (status: string) => ({ ...plain, [`status_${key}`]: status });
    const submit = (verb: string, data: Record<string, unknown>) => ({ ...data, verb });
    return [
      {
        id: m.id,
        key,
        title: m.title,
        shortTitle: m.title,
        save: { blue: answer("blue"), green: answer("green"), amber: answer("amber"), red: answer("red"), plain },
        submit: { blue: submit("saveMilestone", answer("blue")), green: submit("saveMilestone", answer("green")), amber: submit("saveMilestone", answer("amber")), red: submit("saveMilestone", answer("red")), snooze: submit("snoozeMilestone", plain), notMine: submit("notMine", plain) },
        greenNoteLabel: m.status === "green" ? "Progress note (optional: it is already Green)" : `Progress note (needed: it is ${statusBadge(m.status).statusText} now)`,
        detailText: `Action ${found.action.id} · ${due}${m.daysOverdue === null ? "" : ` · ${count(m.daysOverdue, "day")} overdue`}`,
        ...statusBadge(m.status),
        note: m.note ?? "",
        version: m.version,
        // What was typed comes back at most as long as it may be, so a refused submission cannot outgrow a message.
        // What was typed goes back into the answer it was typed for (each answer has its own note).
        inputNote: { green: typed.status === "green" ? keep(typed.note, TYPED_TEXT_LIMIT) : "", amber: typed.status === "amber" ? keep(typed.note, TYPED_TEXT_LIMIT) : "", red: typed.status === "red" ? keep(typed.note, TYPED_TEXT_LIMIT) : "" },
        inputRevisedDue: { amber: typed.status === "amber" ? keep(typed.revisedDue, 20) : "", red: typed.status === "red" ? keep(typed.revisedDue, 20) : "" },
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
        // Asked for in words ("mark 2.4.1 complete"): the card says which answer that is; nothing is recorded until Save.
        ...milestoneIds.flatMap((id) => {
          const asked = options.typed?.[id]?.status;
          return !options.notice && asked && ANSWERS[asked] ? [`You asked for ${id} to be ${ANSWERS[asked]}: choose ${ANSWER_BUTTONS[asked]}, then Save ${id} as ${statusWord(asked as RagStatus)}.`] : [];
        }),
        rest.length > 0
          ? `${count(milestones.length + compactIds.length, "milestone")} of ${total} are here: one Teams message holds no more. The others: ${rest.slice(0, 30).join(", ")}${rest.length > 30 ? ` and ${rest.length - 30} more` : ""} — open each with "update <id>", or see them all with "mine".`
          : "",
      ].filter(Boolean).join(" "),
      today: asOf,
      tomorrow: addDaysIso(asOf, 1),
      latestReminder: latestReminder.date,
      latestReminderText: latestReminder.why === "next-digest" ? `${displayDate(latestReminder.date)}, the next board digest` : displayDate(latestReminder.date),
      milestones,
      compactHeading: `${count(compactIds.length + rest.length, "more milestone")} to update: each opens its own card`,
      compact: compactIds.flatMap((id) => {
        const found = findMilestone(view.plan, id);
        if (!found) return [];
        const m = summariseMilestone(view, found.action, found.milestone, asOf);
        return [{ id: m.id, shortTitle: m.title, daysText: m.daysOverdue === null ? "due now" : `${count(m.daysOverdue, "day")} overdue`, ...statusBadge(m.status) }];
      }),
      // Teams asks for the card again when it is reopened (Action.Execute refresh); the viewer's Teams id is set where it is known (forViewer).
      refresh: { milestoneIds: [...milestones.map((m) => m.id), ...compactIds], userIds: [] as string[] },
      buttons: rest.length > 0 ? [{ title: "My actions", command: "mine" }] : [{ title: "Plan status", command: "status" }],
    },
  };
}

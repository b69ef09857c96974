import { displayDate, isIsoDate } from "../../domain/dates";
import { isPlanTrackerError } from "../../errors";
import { messageCard, type CardReply } from "../../cards/cards";
import { inputKey, milestoneUpdateCard } from "../../cards/milestoneUpdateCard";
import { latestReminderDate } from "../../domain/boardCalendar";
import { openCardAction } from "./openCardAction";
import type { Presser, SaveMilestoneDependencies } from "./openCardAction";

/**
 * "Remind me on <date>": the owner (or lead, or an admin) is not asked about this
 * milestone again before that date. Untrusted like Save: validated, authorised from
 * stored data, conditional on the card's version, recorded once per key, with history.
 */
export async function snoozeMilestone(deps: SaveMilestoneDependencies, data: unknown, sender: Presser): Promise<CardReply> {
  const opened = await openCardAction(deps, "snooze", data, sender);
  if ("refusal" in opened) return opened.refusal;
  const { planId, view, asOf, milestoneId, version, idempotencyKey } = opened.context;
  const raw = (data as Record<string, unknown>)[`remindOn_${inputKey(milestoneId)}`];
  const until = typeof raw === "string" ? raw.trim() : "";
  const again = (notice: string) => milestoneUpdateCard(view, [milestoneId], asOf, { notice, typed: { [milestoneId]: { remindOn: until } } });

  const history = await deps.plans.milestoneHistory(planId, milestoneId);
  const earlier = history.find((entry) => entry.idempotencyKey === idempotencyKey);
  if (earlier) return reminderSet(milestoneId, earlier.note?.replace(/^Remind me on /, "") ?? until);

  if (!isIsoDate(until)) return again("Not saved: choose the date to be reminded on.");
  if (until <= asOf) return again("Not saved: the reminder date must be after today.");
  const latest = latestReminderDate(view.plan, asOf);
  if (until > latest.date) {
    return again(
      latest.why === "next-digest"
        ? `Not saved: the latest reminder date is ${displayDate(latest.date)}, when the next board digest goes out, so the board hears before it meets.`
        : `Not saved: a reminder can be at most a month ahead (until ${displayDate(latest.date)}), so the board hears before it meets.`,
    );
  }
  try {
    await deps.plans.snoozeMilestone(planId, milestoneId, until, { id: sender.aadObjectId ?? "unknown", name: sender.name, source: "teams" }, version, idempotencyKey);
  } catch (error) {
    if (!isPlanTrackerError(error, "conflict")) throw error;
    const fresh = await deps.plans.view(planId);
    return milestoneUpdateCard(fresh, [milestoneId], asOf, { notice: `Not saved: ${error.message}. Here it is as it stands now.`, typed: { [milestoneId]: { remindOn: until } } });
  }
  return reminderSet(milestoneId, until);
}

function reminderSet(milestoneId: string, until: string): CardReply {
  return messageCard(`I won't ask about milestone ${milestoneId} again before ${isIsoDate(until) ? displayDate(until) : until}.`, {
    title: "Reminder set",
    buttons: [{ title: "Plan status", command: "status" }],
  });
}

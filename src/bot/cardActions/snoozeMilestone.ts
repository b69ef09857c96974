import { z } from "zod";
import { addDaysIso, displayDate, isIsoDate, todayIn } from "../../domain/dates";
import { mayUpdateMilestone } from "../../domain/permissions";
import { findMilestone } from "../../domain/view";
import { isPlanTrackerError } from "../../errors";
import { messageCard, type CardReply } from "../cards";
import { inputKey, LATEST_REMINDER_DAYS, milestoneUpdateCard } from "./milestoneUpdateCard";
import type { SaveMilestoneDependencies } from "./saveMilestone";

const submissionSchema = z.looseObject({
  milestoneId: z.string().trim().min(1).max(64),
  version: z.coerce.number().int().min(0),
  idempotencyKey: z.string().min(8).max(64),
});

/**
 * "Remind me on <date>": the owner (or lead, or an admin) is not asked about this
 * milestone again before that date. Untrusted like Save: validated, authorised from
 * stored data, conditional on the card's version, recorded once per key, with history.
 */
export async function snoozeMilestone(deps: SaveMilestoneDependencies, data: unknown, sender: { aadObjectId?: string; name: string }): Promise<CardReply> {
  const submission = submissionSchema.safeParse(data);
  if (!submission.success) return messageCard("That request could not be read, so nothing was recorded.", { title: "Not saved" });
  const { milestoneId, version } = submission.data;
  const idempotencyKey = `snooze:${submission.data.idempotencyKey}`;
  const planId = await deps.plans.resolvePlanId();
  const view = await deps.plans.view(planId);
  const asOf = todayIn(view.plan.timeZone, deps.now());
  const found = findMilestone(view.plan, milestoneId);
  if (!found) return messageCard(`There is no milestone ${milestoneId} in the plan, so nothing was recorded.`, { title: "Not saved" });
  const personId = sender.aadObjectId ? await deps.links.personFor(planId, sender.aadObjectId) : undefined;
  const isAdmin = sender.aadObjectId !== undefined && deps.adminIds.includes(sender.aadObjectId);
  if (!mayUpdateMilestone(view.plan, milestoneId, { personId, isAdmin })) {
    return messageCard(`Only the owner of milestone ${milestoneId}, the lead of action ${found.action.id} or a plan admin can ask for a reminder about it. Nothing was recorded.`, { title: "Not saved" });
  }
  const raw = (data as Record<string, unknown>)[`remindOn_${inputKey(milestoneId)}`];
  const until = typeof raw === "string" ? raw.trim() : "";
  const again = (notice: string) => milestoneUpdateCard(view, [milestoneId], asOf, { notice, typed: { [milestoneId]: { remindOn: until } } });

  const history = await deps.plans.milestoneHistory(planId, milestoneId);
  const earlier = history.find((entry) => entry.idempotencyKey === idempotencyKey);
  if (earlier) return reminderSet(milestoneId, earlier.note?.replace(/^Remind me on /, "") ?? until);

  if (!isIsoDate(until)) return again("Not saved: choose the date to be reminded on.");
  if (until <= asOf) return again("Not saved: the reminder date must be after today.");
  if (until > addDaysIso(asOf, LATEST_REMINDER_DAYS)) return again(`Not saved: a reminder can be at most ${LATEST_REMINDER_DAYS} days ahead, so the board hears before it meets.`);
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

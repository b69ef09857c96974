import { addDaysIso, addMonthsIso, type IsoDate } from "./dates";
import { meetingInMonth, parseMeetingRule } from "./meetingRule";
import type { Board, Plan } from "./plan";
import { addWorkingDays } from "./workingDays";

/**
 * When each board meets and when its digest is due: a pure function of the plan and a
 * date. A board's meetings are its explicit dates plus those its rule gives in the months
 * its cadence meets; the digest is due `digestLeadDays` working days before (England and
 * Wales bank holidays are not working days).
 */

export interface BoardMeeting {
  boardId: string;
  meeting: IsoDate;
  digestOn: IsoDate;
}

const MONTHS_APART: Record<NonNullable<Board["cadence"]>, number> = { monthly: 1, quarterly: 3, "six-monthly": 6 };

/** The months (1-12) a board meets in: given, or counted from the plan's start month by its cadence. */
export function meetingMonths(board: Board, plan: Pick<Plan, "startDate">): number[] {
  if (board.meetingMonths) return [...board.meetingMonths].sort((a, b) => a - b);
  const step = board.cadence ? MONTHS_APART[board.cadence] : 1;
  const start = Number(plan.startDate.slice(5, 7));
  return Array.from({ length: 12 / step }, (_, i) => ((start - 1 + i * step) % 12) + 1).sort((a, b) => a - b);
}

/** Meetings on or after `from` and before `to`, in date order. */
export function meetingsBetween(board: Board, plan: Pick<Plan, "startDate">, from: IsoDate, to: IsoDate): IsoDate[] {
  const dates = new Set(board.meetingDates.filter((d) => d >= from && d < to));
  const rule = board.meetingRule ? parseMeetingRule(board.meetingRule) : undefined;
  if (rule) {
    const months = new Set(meetingMonths(board, plan));
    // From the month before `from` (a lead time can reach back) to the month of `to`.
    for (let month = `${addMonthsIso(from, -1).slice(0, 7)}-01`; month <= to; month = addMonthsIso(month, 1)) {
      const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
      if (!months.has(m)) continue;
      const date = meetingInMonth(rule, year, m);
      if (date >= from && date < to) dates.add(date);
    }
  }
  return [...dates].sort();
}

export function digestDateOf(board: Board, meeting: IsoDate): IsoDate {
  return addWorkingDays(meeting, -board.digestLeadDays);
}

/** The board's next meeting after `asOf` (within a year and a day) with its digest date; undefined when none is known. */
export function nextMeeting(board: Board, plan: Pick<Plan, "startDate">, asOf: IsoDate): BoardMeeting | undefined {
  const [meeting] = meetingsBetween(board, plan, addMonthsIso(asOf, 0), addMonthsIso(asOf, 13)).filter((d) => d > asOf);
  return meeting === undefined ? undefined : { boardId: board.id, meeting, digestOn: digestDateOf(board, meeting) };
}

/**
 * The meeting whose digest is due on `asOf`: its digest date has come and the meeting is
 * still ahead. A digest missed while the bot was down is still due until the meeting day;
 * after the meeting it is not posted.
 */
export function dueDigest(board: Board, plan: Pick<Plan, "startDate">, asOf: IsoDate): BoardMeeting | undefined {
  const next = nextMeeting(board, plan, asOf);
  return next && next.digestOn <= asOf ? next : undefined;
}

/** The earliest coming digest of any board (today, when one is due now): prompts ask about milestones falling due before it. */
export function nextDigestDate(plan: Pick<Plan, "startDate" | "boards">, asOf: IsoDate): IsoDate | undefined {
  const dates = plan.boards.flatMap((board) => nextMeeting(board, plan, asOf)?.digestOn ?? []).map((d) => (d < asOf ? asOf : d));
  return dates.sort()[0];
}

/** Without any board meeting known, an owner may put a milestone off for at most this long. */
export const REMINDER_DAYS_WITHOUT_DIGEST = 31;

/**
 * The latest date an owner may ask to be reminded on ("Remind me on"): the next digest
 * still to be posted, so that the board hears before it meets; a month when no meeting is known.
 */
export function latestReminderDate(plan: Pick<Plan, "startDate" | "boards">, asOf: IsoDate): { date: IsoDate; why: "next-digest" | "no-digest" } {
  const digests = plan.boards.flatMap((board) => meetingsBetween(board, plan, asOf, addMonthsIso(asOf, 13)).map((meeting) => digestDateOf(board, meeting))).filter((d) => d > asOf);
  const next = digests.sort()[0];
  return next ? { date: next, why: "next-digest" } : { date: addDaysIso(asOf, REMINDER_DAYS_WITHOUT_DIGEST), why: "no-digest" };
}

/**
 * The digest that decides which not-yet-overdue milestones a cycle asks about: the next
 * one, if it falls within the as-of date's month (a cycle). Later digests are the next
 * cycle's business, so owners are not asked months ahead.
 */
export function digestThisCycle(plan: Pick<Plan, "startDate" | "boards">, asOf: IsoDate): IsoDate | undefined {
  const next = nextDigestDate(plan, asOf);
  return next !== undefined && next.slice(0, 7) === asOf.slice(0, 7) ? next : undefined;
}

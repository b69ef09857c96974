import type Holidays from "date-holidays";
import { TZDate } from "@date-fns/tz";
import { addDaysIso, fromIso, type IsoDate } from "./dates";
import { deferredModule } from "../deferredModule";

/**
 * England and Wales share their bank holidays; date-holidays keeps the list (and its substitute days)
 * current. It takes a fifth of a second to load, and nothing on the way to the bot's readiness needs it.
 */
const holidays = deferredModule<typeof Holidays>("date-holidays");
let england: Holidays | undefined;
const byYear = new Map<number, Set<IsoDate>>();

export function isBankHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    england ??= new (holidays())("GB", "ENG");
    days = new Set(england.getHolidays(year).filter((h) => h.type === "public").map((h) => h.date.slice(0, 10)));
    byYear.set(year, days);
  }
  return days.has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  const weekday = fromIso(date).getDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(date);
}

/** The working day `count` working days after (or, negative, before) a date. */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  let day = date;
  const step = count < 0 ? -1 : 1;
  for (let left = Math.abs(count); left > 0; ) {
    day = addDaysIso(day, step);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

export interface WorkingHours {
  /** Minutes after midnight, local time in the plan's time zone. */
  start: number;
  end: number;
}

export function parseWorkingHours(text: string): WorkingHours | undefined {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return h1 < 24 && h2 <= 24 && m1 < 60 && m2 < 60 && start < end ? { start, end } : undefined;
}

/** Whether `now` falls in working hours on a working day in the time zone: never at 3 a.m. or on a Sunday. */
export function isWorkingTime(now: Date, timeZone: string, hours: WorkingHours): boolean {
  const local = new TZDate(now.getTime(), timeZone);
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
  const minutes = local.getHours() * 60 + local.getMinutes();
  return isWorkingDay(date) && minutes >= hours.start && minutes < hours.end;
}

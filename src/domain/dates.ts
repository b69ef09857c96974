// One module per function: the package index loads all of date-fns (a tenth of a second at start-up).
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { endOfMonth } from "date-fns/endOfMonth";
import { format } from "date-fns/format";
import { isValid } from "date-fns/isValid";
import { parse } from "date-fns/parse";
import { TZDate } from "@date-fns/tz";

/**
 * Plan dates are calendar dates ("2024-04-30"), not instants: a milestone due in
 * "April 2024" is due on that day wherever the reader is. They are kept as ISO
 * strings so they compare with `<` and survive JSON and Azure Tables unchanged.
 */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Formats accepted where a person typed a date (plan files, spreadsheets). */
const DAY_FORMATS = ["yyyy-MM-dd", "d/M/yyyy", "d/M/yy", "d MMMM yyyy", "d MMM yyyy"];
const MONTH_FORMATS = ["MMMM yyyy", "MMM yyyy", "MMM yy", "yyyy-MM", "M/yyyy"];
/** Anchor for date-fns `parse`; any fixed date works, it only fills missing fields. */
const PARSE_REFERENCE = new Date(2000, 0, 1);

// These run for every milestone of every answer: written out rather than through date-fns'
// general parser and formatter, which a profile showed taking a fifth of a busy bot's time.
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function toIso(date: Date): IsoDate {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The Date at local midnight for an ISO calendar date (date-fns works in local time); Invalid Date for anything else. */
export function fromIso(date: IsoDate): Date {
  if (!ISO_DATE.test(date)) return new Date(Number.NaN);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const result = new Date(year, month - 1, day);
  // new Date(y, m, d) puts two-digit years in the 1900s; plan dates never are.
  result.setFullYear(year);
  return result;
}

/** Days since 1970 of a calendar date, counted in UTC so that clock changes do not shift them. */
const dayNumber = (date: IsoDate) => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / 86_400_000;
};

export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && isValid(fromIso(text)) && toIso(fromIso(text)) === text;
}

/**
 * Parses a date as people write them in plans. A month ("April 2024") means the
 * last day of that month when it is a due date, and the first day when it starts a
 * range ("May 2023 to March 2024"). Returns undefined when the text is not a date.
 */
export function parsePlanDate(text: string, monthMeans: "start" | "end" = "end"): IsoDate | undefined {
  const trimmed = text
    .trim()
    .replace(/\s+/g, " ")
    .replace(/(\d)(st|nd|rd|th)\b/gi, "$1") // "1st December 2022"
    .replace(/\bsept\b/i, "Sep"); // the usual British abbreviation, which date-fns does not know
  if (trimmed === "") return undefined;
  for (const pattern of DAY_FORMATS) {
    const date = parse(trimmed, pattern, PARSE_REFERENCE);
    if (isValid(date) && date.getFullYear() >= 1900) return toIso(date);
  }
  for (const pattern of MONTH_FORMATS) {
    const date = parse(trimmed, pattern, PARSE_REFERENCE);
    if (isValid(date) && date.getFullYear() >= 1900) return toIso(monthMeans === "end" ? endOfMonth(date) : date);
  }
  return undefined;
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

export function addDaysIso(date: IsoDate, days: number): IsoDate {
  return toIso(addDays(fromIso(date), days));
}

/** Adds calendar months, clamping to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsIso(date: IsoDate, months: number): IsoDate {
  return toIso(addMonths(fromIso(date), months));
}

/** Today's calendar date in the plan's time zone, so a London plan turns its day at London midnight. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  return format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
}

/** "31 Oct 2023": how dates are shown to people. */
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function displayDate(date: IsoDate): string {
  const parsed = fromIso(date);
  return `${parsed.getDate()} ${MONTH_NAMES[parsed.getMonth()]} ${parsed.getFullYear()}`;
}

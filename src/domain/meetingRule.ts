/**
 * A board's meeting day as people say it: "second Tuesday of the month", "last Thursday",
 * "2nd Wed". Parsed once when a plan is read; a rule that does not parse is an import error.
 */
export interface MeetingRule {
  /** 1-4 for the first to fourth such weekday of the month, -1 for the last. */
  ordinal: 1 | 2 | 3 | 4 | -1;
  /** 0 = Sunday … 6 = Saturday (Date#getDay). */
  weekday: number;
}

const ORDINALS: Record<string, MeetingRule["ordinal"]> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, last: -1 };
const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

export function parseMeetingRule(text: string): MeetingRule | undefined {
  const match = /^(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+([a-z]+)(?:\s+of\s+(?:the|each|every)\s+month)?$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const weekday = Object.hasOwn(WEEKDAYS, match[2]!) ? WEEKDAYS[match[2]!] : undefined;
  return weekday === undefined ? undefined : { ordinal: ORDINALS[match[1]!]!, weekday };
}

/** The date (YYYY-MM-DD) the rule gives in a month (1-12). */
export function meetingInMonth(rule: MeetingRule, year: number, month: number): string {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let day: number;
  if (rule.ordinal === -1) {
    const lastWeekday = new Date(Date.UTC(year, month - 1, daysInMonth)).getUTCDay();
    day = daysInMonth - ((lastWeekday - rule.weekday + 7) % 7);
  } else {
    const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.ordinal - 1) * 7;
  }
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

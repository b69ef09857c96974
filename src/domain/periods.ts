import { addMonthsIso, type IsoDate } from "./dates";
import type { Qi } from "./plan";

/**
 * The periods things are recorded for. A KPI is measured monthly, so a measurement's
 * period is the month of its date ("2023-10"); a QI's period follows its cadence,
 * counted in calendar quarters and halves ("2023-Q4", "2023-H2", "2023").
 */

/** "2023-10": the month a date falls in. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** The month before the one a date falls in. */
export function previousMonth(date: IsoDate): string {
  return monthOf(addMonthsIso(`${monthOf(date)}-01`, -1));
}

/** "October 2023" for "2023-10". */
export function describeMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return `${MONTHS[m - 1]} ${year}`;
}

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The period of a QI's cadence that a date falls in; undefined for a QI gathered as it becomes available. */
export function qiPeriodOf(cadence: Qi["cadence"], date: IsoDate): string | undefined {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  switch (cadence) {
    case "monthly":
    case "per-board-meeting": // the Partnership Board meets monthly
      return monthOf(date);
    case "quarterly":
      return `${year}-Q${Math.ceil(month / 3)}`;
    case "six-monthly":
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case "annual":
      return year;
    case "as-available":
      return undefined;
  }
}

/** A QI period in words: "Oct–Dec 2023", "Jul–Dec 2023", "2023", "October 2023". */
export function describeQiPeriod(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3;
    return `${MONTHS[first]!.slice(0, 3)}–${MONTHS[first + 2]!.slice(0, 3)} ${quarter[1]}`;
  }
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half) return half[2] === "1" ? `Jan–Jun ${half[1]}` : `Jul–Dec ${half[1]}`;
  if (/^\d{4}-\d{2}$/.test(period)) return describeMonth(period);
  return period;
}

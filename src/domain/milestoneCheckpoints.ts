import { addDaysIso, addMonthsIso, isIsoDate, type IsoDate } from "./dates";

/**
 * Checkpoints inside a milestone (issue 23): "audit 10% of cases at 6, 9 and 12 months",
 * "fortnightly review on impact". A milestone declares them as dates or a rule; they are
 * asked about in the cycle they fall in and recorded done or missed, and never count in
 * the milestone's Blue/Green/Amber/Red. Pure.
 */
export type CheckpointRule =
  | { kind: "dates"; dates: IsoDate[] }
  | { kind: "weeks"; every: number }
  | { kind: "months"; every: number }
  | { kind: "monthsFromStart"; months: number[] };

const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, six: 6, twelve: 12 };
const num = (text: string) => WORD_NUMBERS[text] ?? Number(text);

/** Reads a checkpoints field; undefined when it is neither dates nor a rule it knows. */
export function parseCheckpointRule(text: string): CheckpointRule | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  const parts = t.split(/\s*[;,]\s*|\s+and\s+/).filter((p) => p !== "");
  if (parts.length > 0 && parts.every(isIsoDate)) return { kind: "dates", dates: [...new Set(parts)].sort() };
  if (t === "weekly") return { kind: "weeks", every: 1 };
  if (t === "fortnightly") return { kind: "weeks", every: 2 };
  if (t === "monthly") return { kind: "months", every: 1 };
  if (t === "quarterly") return { kind: "months", every: 3 };
  if (t === "six-monthly" || t === "six monthly" || t === "6-monthly") return { kind: "months", every: 6 };
  const every = /^every (\d{1,2}|one|two|three|four|six|twelve) (week|weeks|month|months)$/.exec(t);
  if (every) {
    const n = num(every[1]!);
    if (n < 1) return undefined;
    return every[2]!.startsWith("week") ? { kind: "weeks", every: n } : { kind: "months", every: n };
  }
  const at = /^at ([\d, and]+) months(?: from (?:the )?start)?$/.exec(t);
  if (at) {
    const months = at[1]!.split(/\s*,\s*|\s+and\s+/).filter((p) => p !== "").map(Number);
    if (months.length === 0 || months.some((m) => !Number.isInteger(m) || m < 1 || m > 120)) return undefined;
    return { kind: "monthsFromStart", months: [...new Set(months)].sort((a, b) => a - b) };
  }
  return undefined;
}

/**
 * The checkpoint dates a rule gives for a milestone that starts on `start` (the milestone's
 * own start, else the plan's) and runs to `end` (its due date; for ongoing work, a horizon).
 * Repeating rules count from the start and stop at the end; "at N months" dates are as stated.
 */
export function checkpointDates(rule: CheckpointRule, start: IsoDate, end: IsoDate): IsoDate[] {
  switch (rule.kind) {
    case "dates":
      return rule.dates;
    case "monthsFromStart":
      return rule.months.map((m) => addMonthsIso(start, m));
    case "weeks":
    case "months": {
      const dates: IsoDate[] = [];
      for (let k = 1; k <= 520; k++) {
        const date = rule.kind === "weeks" ? addDaysIso(start, 7 * rule.every * k) : addMonthsIso(start, rule.every * k);
        if (date > end) break;
        dates.push(date);
      }
      return dates;
    }
  }
}

export type CheckpointState = "done" | "missed" | "due" | "upcoming";

export interface CheckpointRecordLike {
  milestoneId: string;
  date: IsoDate;
  state: "done" | "missed";
  note?: string;
  byName?: string;
}

export interface MilestoneCheckpoint {
  date: IsoDate;
  /** Recorded done or missed; else due (its date has come) or upcoming. */
  state: CheckpointState;
  note?: string;
  by?: string;
}

/** A milestone's checkpoints as at a date, with what was recorded against each. */
export function milestoneCheckpoints(
  milestone: { id: string; checkpoints?: string; start?: IsoDate; due?: IsoDate },
  planStart: IsoDate,
  records: readonly CheckpointRecordLike[],
  asOf: IsoDate,
): MilestoneCheckpoint[] {
  if (milestone.checkpoints === undefined) return [];
  const rule = parseCheckpointRule(milestone.checkpoints);
  if (rule === undefined) return [];
  const start = milestone.start ?? planStart;
  // Ongoing work: checkpoints up to a year past the as-of date.
  const end = milestone.due ?? addMonthsIso(asOf, 12);
  return checkpointDates(rule, start, end).map((date) => {
    const recorded = records.find((r) => r.milestoneId === milestone.id && r.date === date);
    if (recorded) return { date, state: recorded.state, ...(recorded.note ? { note: recorded.note } : {}), ...(recorded.byName ? { by: recorded.byName } : {}) };
    return { date, state: date <= asOf ? "due" : "upcoming" };
  });
}

/** The checkpoints that fall in a cycle (a month, "2024-01") and are not yet recorded. */
export function checkpointsInCycle(checkpoints: MilestoneCheckpoint[], cycle: string): IsoDate[] {
  return checkpoints.filter((c) => c.date.slice(0, 7) === cycle && (c.state === "due" || c.state === "upcoming")).map((c) => c.date);
}

export interface CheckpointInput {
  milestone: string;
  date: string;
  state: string;
  note?: string;
}

/** A checkpoint record: a checkpoint the milestone declares, whose date has come, done or missed. */
export function checkCheckpoint(
  plan: { startDate: IsoDate; actions: { milestones: { id: string; checkpoints?: string; start?: IsoDate; due?: IsoDate }[] }[] },
  input: CheckpointInput,
  today: IsoDate,
): { ok: true; value: { milestoneId: string; date: IsoDate; state: "done" | "missed"; note?: string } } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const milestone = plan.actions.flatMap((a) => a.milestones).find((m) => m.id === input.milestone.trim());
  if (!milestone) problems.push({ field: "milestone", message: `"${input.milestone}" is not a milestone of this plan` });
  else if (milestone.checkpoints === undefined) problems.push({ field: "milestone", message: `${milestone.id} declares no checkpoints` });
  const date = input.date.trim();
  const state = input.state.trim().toLowerCase();
  if (state !== "done" && state !== "missed") problems.push({ field: "state", message: `"${input.state}" is not done or missed` });
  if (!isIsoDate(date)) problems.push({ field: "date", message: `"${date}" is not a date (YYYY-MM-DD)` });
  else if (date > today) problems.push({ field: "date", message: `the checkpoint of ${date} has not come yet` });
  else if (milestone?.checkpoints !== undefined) {
    const dates = milestoneCheckpoints(milestone, plan.startDate, [], today).map((c) => c.date);
    if (!dates.includes(date)) problems.push({ field: "date", message: `${milestone.id} has no checkpoint on ${date} (its checkpoints: ${dates.filter((d) => d <= today).slice(-6).join(", ") || "none yet"})` });
  }
  const note = input.note?.trim();
  if (note !== undefined && note.length > 2000) problems.push({ field: "note", message: `the note is ${note.length} characters; at most 2000` });
  if (problems.length > 0 || !milestone) return { ok: false, problems };
  return { ok: true, value: { milestoneId: milestone.id, date, state: state as "done" | "missed", ...(note ? { note } : {}) } };
}

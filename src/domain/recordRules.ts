import { addMonthsIso, displayDate, isIsoDate, type IsoDate } from "./dates";
import { findKpi, formatValue } from "./kpis";
import { monthOf, qiPeriodOf } from "./periods";
import { kpiMeasures, type KpiPart, type Level, type Plan } from "./plan";
import type { MeasurementRecord, Recorded } from "./records";
import { parseStatus, type RagStatus } from "./status";
import { findAction } from "./view";

/**
 * The rules a measurement, a risk review, a QI finding or a commentary must meet
 * before anything is written, whatever it came from (a card, a typed command, the
 * command line, a CSV row). Pure: each returns the accepted record, or every problem
 * with the field it is about, so a card can come back with what was typed and a CSV
 * error can name its column.
 */

export const MAX_TEXT = 2000;

export interface Problem {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

const LEVELS: readonly Level[] = ["low", "medium", "high"];

function isHttps(text: string): boolean {
  try {
    return new URL(text).protocol === "https:" && /^https:\/\/\S+$/.test(text);
  } catch {
    return false; // URL throws on anything that is not an address: that is the answer.
  }
}

function checkText(problems: Problem[], field: string, what: string, text: string | undefined, required: boolean): string | undefined {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") {
    if (required) problems.push({ field, message: `${what} is needed` });
    return undefined;
  }
  if (trimmed.length > MAX_TEXT) problems.push({ field, message: `${what} is ${trimmed.length} characters; at most ${MAX_TEXT}` });
  return trimmed;
}

function checkLink(problems: Problem[], field: string, link: string | undefined): string | undefined {
  const trimmed = link?.trim() ?? "";
  if (trimmed === "") return undefined;
  if (!isHttps(trimmed)) problems.push({ field, message: `the link "${trimmed}" is not an https:// address` });
  return trimmed;
}

function checkDate(problems: Problem[], field: string, date: string | undefined, today: IsoDate): IsoDate | undefined {
  if (date === undefined || date.trim() === "") {
    problems.push({ field, message: "a date is needed (YYYY-MM-DD)" });
    return undefined;
  }
  const trimmed = date.trim();
  if (!isIsoDate(trimmed)) {
    problems.push({ field, message: `"${trimmed}" is not a date (YYYY-MM-DD)` });
    return undefined;
  }
  if (trimmed > today) {
    problems.push({ field, message: `${displayDate(trimmed)} is in the future (today is ${displayDate(today)})` });
    return undefined;
  }
  return trimmed;
}

/** A number as typed: "117", "14.5", "65.6%"; undefined when it is not one. */
export function parseNumber(text: string | number): number | undefined {
  if (typeof text === "number") return Number.isFinite(text) ? text : undefined;
  const trimmed = text.trim().replace(/%$/, "").replace(/,/g, "");
  if (!/^[-+−]?\d+(\.\d+)?$|^[-+−]?\.\d+$/.test(trimmed)) return undefined;
  return Number(trimmed.replace("−", "-"));
}

/** Whether a value fits a unit: a percent 0–100, a count a whole number ≥ 0, a duration ≥ 0. */
export function unitProblem(value: number, unit: KpiPart["unit"]): string | undefined {
  switch (unit) {
    case "percent":
      return value < 0 || value > 100 ? `${formatValue(value, unit)} is not a percentage between 0 and 100` : undefined;
    case "count":
      return !Number.isInteger(value) || value < 0 ? `${value} is not a count (a whole number, 0 or more)` : undefined;
    case "weeks":
    case "months":
    case "days":
      return value < 0 ? `${value} ${unit} is below 0` : undefined;
    case "milestone":
      return "this KPI is a milestone judged by the board, not a figure to record";
  }
}

export interface MeasurementInput {
  kpi: string;
  part?: string;
  value: string | number;
  date: string;
  note?: string;
  link?: string;
}

/** A measurement that passed the rules: a record before storage stamps who, when and its version. */
export type AcceptedMeasurement = Omit<MeasurementRecord, keyof Recorded>;

export function checkMeasurement(plan: Plan, input: MeasurementInput, today: IsoDate): Checked<AcceptedMeasurement> {
  const problems: Problem[] = [];
  // "5a" names KPI 5's part a.
  let query = input.kpi.trim();
  let partText = input.part?.trim().toLowerCase() ?? "";
  const combined = /^(?:kpi\s*)?(\d+)\s*\(?([a-z])\)?$/i.exec(query);
  if (combined && !findKpi(plan, query)) {
    query = combined[1]!;
    if (partText === "") partText = combined[2]!.toLowerCase();
  }
  const kpi = findKpi(plan, query);
  if (!kpi) problems.push({ field: "kpi", message: `"${input.kpi}" is not a KPI of this plan (${plan.kpis.map((k) => k.id).join(", ")})` });
  let measure: KpiPart | undefined;
  if (kpi) {
    const measures = kpiMeasures(kpi);
    if (kpi.parts === undefined) {
      if (partText !== "") problems.push({ field: "part", message: `${kpi.id} has no parts` });
      else measure = measures[0];
    } else {
      measure = measures.find((m) => m.id.toLowerCase() === partText);
      if (!measure) problems.push({ field: "part", message: `${kpi.id} has parts ${measures.map((m) => m.id).join(" and ")}: say which` });
    }
  }
  const value = parseNumber(input.value);
  if (value === undefined) problems.push({ field: "value", message: `"${String(input.value).trim()}" is not a number` });
  else if (measure) {
    const problem = unitProblem(value, measure.unit);
    if (problem) problems.push({ field: "value", message: problem });
  }
  const date = checkDate(problems, "date", input.date, today);
  const note = checkText(problems, "note", "the note", input.note, false);
  const link = checkLink(problems, "link", input.link);
  if (problems.length > 0 || !kpi || !measure || value === undefined || !date) return { ok: false, problems };
  return { ok: true, value: { kpiId: kpi.id, part: kpi.parts === undefined ? "" : measure.id, period: monthOf(date), date, value, ...(note ? { note } : {}), ...(link ? { link } : {}) } };
}

export interface RiskReviewInput {
  risk: string;
  likelihood?: string;
  impact?: string;
  progress?: string;
  mitigation?: string;
  reviewedOn?: string;
}

export interface AcceptedRiskReview {
  riskId: string;
  likelihood: Level;
  impact: Level;
  progress: string;
  mitigation: string;
  reviewedOn: IsoDate;
  nextReview: IsoDate;
}

/** A review: what is not given stays as it stands (`current`, the risk as recorded). */
export function checkRiskReview(plan: Plan, input: RiskReviewInput, today: IsoDate): Checked<AcceptedRiskReview> {
  const problems: Problem[] = [];
  const risk = plan.risks.find((r) => r.id.toLowerCase() === input.risk.trim().toLowerCase());
  if (!risk) problems.push({ field: "risk", message: `"${input.risk}" is not a risk of this plan (${plan.risks.map((r) => r.id).join(", ")})` });
  const level = (field: "likelihood" | "impact", text: string | undefined): Level | undefined => {
    if (text === undefined || text.trim() === "") return risk?.after[field];
    const wanted = text.trim().toLowerCase() as Level;
    if (!LEVELS.includes(wanted)) problems.push({ field, message: `"${text}" is not a ${field} (low, medium or high)` });
    return wanted;
  };
  const likelihood = level("likelihood", input.likelihood);
  const impact = level("impact", input.impact);
  const progress = input.progress === undefined ? risk?.progress : checkText(problems, "progress", "the progress", input.progress, false) ?? "";
  const mitigation = input.mitigation === undefined || input.mitigation.trim() === "" ? risk?.mitigation : checkText(problems, "mitigation", "the mitigation", input.mitigation, true);
  const reviewedOn = input.reviewedOn === undefined ? today : checkDate(problems, "reviewedOn", input.reviewedOn, today);
  if (problems.length > 0 || !risk || !likelihood || !impact || progress === undefined || !mitigation || !reviewedOn) return { ok: false, problems };
  return { ok: true, value: { riskId: risk.id, likelihood, impact, progress, mitigation, reviewedOn, nextReview: addMonthsIso(reviewedOn, risk.reviewEveryMonths) } };
}

export interface FindingInput {
  qi: string;
  date: string;
  text: string;
  link?: string;
  rating?: string;
}

export interface AcceptedFinding {
  qiId: string;
  period: string;
  date: IsoDate;
  text: string;
  link?: string;
  rating?: RagStatus;
}

/** Finds a QI by id ("a1-qi3") or by area and label ("1 QI 3"). */
export function findQi(plan: Plan, query: string) {
  const wanted = query.trim().toLowerCase();
  return plan.qis.find((qi) => qi.id.toLowerCase() === wanted || `${qi.area} ${qi.ref}`.toLowerCase() === wanted);
}

export function checkFinding(plan: Plan, input: FindingInput, today: IsoDate): Checked<AcceptedFinding> {
  const problems: Problem[] = [];
  const qi = findQi(plan, input.qi);
  if (!qi) problems.push({ field: "qi", message: `"${input.qi}" is not a quality indicator of this plan (${plan.qis.map((q) => q.id).join(", ")})` });
  const date = checkDate(problems, "date", input.date, today);
  const text = checkText(problems, "text", "the finding", input.text, true);
  const link = checkLink(problems, "link", input.link);
  let rating: RagStatus | undefined;
  if (input.rating !== undefined && input.rating.trim() !== "") {
    const status = parseStatus(input.rating);
    if (!status || status === "unrated") problems.push({ field: "rating", message: `"${input.rating}" is not a rating (Blue, Green, Amber or Red)` });
    else rating = status;
  }
  if (problems.length > 0 || !qi || !date || !text) return { ok: false, problems };
  return { ok: true, value: { qiId: qi.id, period: qiPeriodOf(qi.cadence, date) ?? monthOf(date), date, text, ...(link ? { link } : {}), ...(rating ? { rating } : {}) } };
}

export interface CommentaryInput {
  action: string;
  text: string;
}

export function checkCommentary(plan: Plan, input: CommentaryInput, today: IsoDate): Checked<{ actionId: string; period: string; text: string }> {
  const problems: Problem[] = [];
  const action = findAction(plan, input.action.trim());
  if (!action) problems.push({ field: "action", message: `"${input.action}" is not an action of this plan` });
  const text = checkText(problems, "text", "the commentary", input.text, true);
  if (problems.length > 0 || !action || !text) return { ok: false, problems };
  return { ok: true, value: { actionId: action.id, period: monthOf(today), text } };
}

/** Problems as one line each: "value: 140% is not a percentage between 0 and 100". */
export function describeProblems(problems: Problem[]): string[] {
  return problems.map((p) => `${p.field}: ${p.message}`);
}

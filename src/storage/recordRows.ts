import { z } from "zod";
import { isoDateSchema } from "../domain/plan";
import { partKey, type BoardEscalationRecord, type CheckpointRecord, type IssueRecord, type CommentaryRecord, type MeasurementRecord, type PlanRecords, type QiFindingRecord, type RiskReviewRecord } from "../domain/records";
import { ragStatusSchema } from "../domain/status";
import { PlanTrackerError } from "../errors";
import type { StateRow } from "./planRows";

/**
 * How recorded measurements, QI findings, commentary and risk reviews sit in a plan's
 * partition. They are state rows ("s|…"), so a status read stays one range query:
 *   s|km|<kpi>|<part or _>|<month>   a KPI measurement (one per KPI part per month)
 *   s|qf|<qi>|<period>               a QI finding (one per QI per period of its cadence)
 *   s|ac|<action>|<month>            a lead's commentary (one per action per month)
 *   s|r|<risk>                       the risk's own row carries its latest review (`review`)
 *   s|is|<issue>                     an issue of the issues log ("I3")
 *   s|be|<risk or issue>             its board escalation (one per subject; de-escalated ones stay, inactive)
 *   s|cp|<milestone>|<date>          a milestone checkpoint recorded done or missed
 * Each row has a `version`; its history entries share the subject's prefix, so one
 * range query reads a subject's whole history:
 *   h|k|<kpi>|m|<part>|<month>|<version>   h|k|<kpi>|d|<version>  (definition changes)
 *   h|r|<risk>|<version>                   h|q|<qi>|<period>|<version>
 *   h|c|<action>|<month>|<version>
 *   h|i|<issue>|<version>   h|e|<risk or issue>|<version>   h|x|<milestone>|<date>|<version>
 */

const v10 = (version: number) => String(version).padStart(10, "0");

export const recordKeys = {
  measurement: (kpiId: string, part: string, period: string) => `s|km|${kpiId}|${partKey(part)}|${period}`,
  finding: (qiId: string, period: string) => `s|qf|${qiId}|${period}`,
  commentary: (actionId: string, period: string) => `s|ac|${actionId}|${period}`,
  issue: (issueId: string) => `s|is|${issueId}`,
  boardEscalation: (subjectId: string) => `s|be|${subjectId}`,
  checkpoint: (milestoneId: string, date: string) => `s|cp|${milestoneId}|${date}`,
};

export const recordHistoryKeys = {
  measurement: (kpiId: string, part: string, period: string, version: number) => `h|k|${kpiId}|m|${partKey(part)}|${period}|${v10(version)}`,
  kpiDefinition: (kpiId: string, version: number) => `h|k|${kpiId}|d|${v10(version)}`,
  risk: (riskId: string, version: number) => `h|r|${riskId}|${v10(version)}`,
  finding: (qiId: string, period: string, version: number) => `h|q|${qiId}|${period}|${v10(version)}`,
  commentary: (actionId: string, period: string, version: number) => `h|c|${actionId}|${period}|${v10(version)}`,
  issue: (issueId: string, version: number) => `h|i|${issueId}|${v10(version)}`,
  boardEscalation: (subjectId: string, version: number) => `h|e|${subjectId}|${v10(version)}`,
  checkpoint: (milestoneId: string, date: string, version: number) => `h|x|${milestoneId}|${date}|${v10(version)}`,
};

export type HistorySubject = "milestone" | "action" | "kpi" | "risk" | "qi" | "issue";

/** The history ranges of a subject: an action's history is its overrides and its leads' commentary. */
export function subjectHistoryPrefixes(subject: HistorySubject, id: string): string[] {
  switch (subject) {
    case "milestone":
      return [`h|m|${id}|`];
    case "action":
      return [`h|a|${id}|`, `h|c|${id}|`];
    case "kpi":
      return [`h|k|${id}|`];
    case "risk":
      return [`h|r|${id}|`, `h|e|${id}|`];
    case "qi":
      return [`h|q|${id}|`];
    case "issue":
      return [`h|i|${id}|`, `h|e|${id}|`];
  }
}

const recordedSchema = {
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  source: z.string(),
};
const measurementDoc = z.object({
  ...recordedSchema,
  kpiId: z.string(),
  part: z.string(),
  period: z.string(),
  date: isoDateSchema,
  value: z.number(),
  note: z.string().optional(),
  link: z.string().optional(),
});
const findingDoc = z.object({
  ...recordedSchema,
  qiId: z.string(),
  period: z.string(),
  date: isoDateSchema,
  text: z.string(),
  link: z.string().optional(),
  rating: ragStatusSchema.optional(),
});
const commentaryDoc = z.object({ ...recordedSchema, actionId: z.string(), period: z.string(), text: z.string() });
const reviewDoc = z.object({
  ...recordedSchema,
  riskId: z.string(),
  likelihood: z.enum(["low", "medium", "high"]),
  impact: z.enum(["low", "medium", "high"]),
  progress: z.string(),
  mitigation: z.string(),
  reviewedOn: isoDateSchema,
});

const issueDoc = z.object({
  ...recordedSchema,
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  actions: z.array(z.string()),
  raised: isoDateSchema,
  impact: z.string(),
  state: z.enum(["open", "closed"]),
  closedOn: isoDateSchema.optional(),
  closeNote: z.string().optional(),
});
const boardEscalationDoc = z.object({
  ...recordedSchema,
  subject: z.enum(["risk", "issue"]),
  subjectId: z.string(),
  fromBoard: z.string(),
  toBoard: z.string(),
  reason: z.string(),
  escalatedOn: isoDateSchema,
  active: z.boolean(),
  deescalatedOn: isoDateSchema.optional(),
  deescalateNote: z.string().optional(),
});
const checkpointDoc = z.object({ ...recordedSchema, milestoneId: z.string(), date: isoDateSchema, state: z.enum(["done", "missed"]), note: z.string().optional() });

function parse<T>(schema: z.ZodType<T>, text: string, row: StateRow): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanTrackerError("storage", `stored row ${row.rowKey} of plan ${row.partitionKey} is not valid JSON`, [], { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PlanTrackerError("storage", `stored row ${row.rowKey} of plan ${row.partitionKey} is damaged: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

const stamp = (row: StateRow) => ({ version: row.version ?? 1, etag: row.etag, ...(row.idempotencyKey ? { idempotencyKey: row.idempotencyKey } : {}) });

export function measurementOf(row: StateRow): MeasurementRecord {
  return { ...parse(measurementDoc, row.doc, row), ...stamp(row) };
}
export function findingOf(row: StateRow): QiFindingRecord {
  return { ...parse(findingDoc, row.doc, row), ...stamp(row) };
}
export function commentaryOf(row: StateRow): CommentaryRecord {
  return { ...parse(commentaryDoc, row.doc, row), ...stamp(row) };
}
export function issueOf(row: StateRow): IssueRecord {
  return { ...parse(issueDoc, row.doc, row), ...stamp(row) };
}
export function boardEscalationOf(row: StateRow): BoardEscalationRecord {
  return { ...parse(boardEscalationDoc, row.doc, row), ...stamp(row) };
}
export function checkpointOf(row: StateRow): CheckpointRecord {
  return { ...parse(checkpointDoc, row.doc, row), ...stamp(row) };
}
export function reviewOf(row: StateRow): RiskReviewRecord | undefined {
  if (row.review === undefined || row.review === "") return undefined;
  return { ...parse(reviewDoc, row.review, row), ...stamp(row) };
}

/** What has been recorded, from a plan's state rows (removed definitions' records are left out by the caller). */
export function readRecords(rows: StateRow[]): PlanRecords {
  const records: PlanRecords = { measurements: [], riskReviews: [], findings: [], commentary: [], issues: [], boardEscalations: [], checkpoints: [], versions: {} };
  for (const row of rows) {
    if (row.removed) continue;
    if (row.kind === "measurement") records.measurements.push(measurementOf(row));
    else if (row.kind === "finding") records.findings.push(findingOf(row));
    else if (row.kind === "commentary") records.commentary.push(commentaryOf(row));
    else if (row.kind === "issue") records.issues!.push(issueOf(row));
    else if (row.kind === "boardEscalation") records.boardEscalations!.push(boardEscalationOf(row));
    else if (row.kind === "checkpoint") records.checkpoints!.push(checkpointOf(row));
    else if (row.kind === "risk") {
      const review = reviewOf(row);
      if (review) records.riskReviews.push(review);
      records.versions![`risk:${JSON.parse(row.doc).id as string}`] = row.version ?? 0;
    } else if (row.kind === "action") records.versions![`action:${JSON.parse(row.doc).id as string}`] = row.version ?? 0;
  }
  const byDate = <T extends { period: string; at: string }>(a: T, b: T) => a.period.localeCompare(b.period) || a.at.localeCompare(b.at);
  records.measurements.sort(byDate);
  records.findings.sort(byDate);
  records.commentary.sort(byDate);
  records.issues!.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  records.boardEscalations!.sort((a, b) => a.escalatedOn.localeCompare(b.escalatedOn) || a.subjectId.localeCompare(b.subjectId));
  records.checkpoints!.sort((a, b) => a.milestoneId.localeCompare(b.milestoneId) || a.date.localeCompare(b.date));
  return records;
}

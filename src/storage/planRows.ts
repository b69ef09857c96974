import { z } from "zod";
import type { Plan } from "../domain/plan";
import { ragStatusSchema, STATUSES } from "../domain/status";
import { PlanTrackerError } from "../errors";

/**
 * How a plan is laid out in its Azure Tables partition (PartitionKey = plan id).
 *
 * Current state rows sort under "s|" so the whole plan is one range query:
 *   s|meta            title, dates, areas, QIs, boards
 *   s|a|<action>      an action's definition, plus its override
 *   s|m|<milestone>   a milestone's definition, plus its recorded status
 *   s|p|<person>      s|k|<kpi>      s|r|<risk> (plus its latest review)
 *   s|km|<kpi>|<part>|<month>  s|qf|<qi>|<period>  s|ac|<action>|<month>
 *                     what people record: see recordRows.ts
 * History rows sort under "h|" in the same partition, so a status change and its
 * history entry are written in one entity-group transaction:
 *   h|m|<milestone>|<version, 10 digits>     h|a|<action>|<version>
 *   h|k|… h|r|… h|q|… h|c|…                  see recordRows.ts
 * A removed definition is kept as a tombstone (`removed`), so a milestone that comes
 * back keeps its version count and its history keys never collide.
 */
export const STATE_PREFIX = "s|";
/** The first key after every "s|..." key. */
export const STATE_END = "s}";
export const META_KEY = "s|meta";
/**
 * The plan's head: its revision, raised in the same transaction as every write of state,
 * so one point read tells whether anything changed. Sorts outside "s|" and "h|".
 * Each state row carries the revision that last wrote it (`revision`), so what changed
 * since a revision is one query returning only those rows.
 */
export const HEAD_KEY = "head";

export const DEFINITION_KINDS = ["meta", "action", "milestone", "person", "kpi", "risk"] as const;
/** Rows of what people record (not written by an import): one per KPI part per month, per QI per period, per action per month. */
export const RECORD_KINDS = ["measurement", "finding", "commentary", "issue", "boardEscalation", "checkpoint"] as const;
export const ROW_KINDS = [...DEFINITION_KINDS, ...RECORD_KINDS] as const;
export type RowKind = (typeof DEFINITION_KINDS)[number];
export type StoredRowKind = (typeof ROW_KINDS)[number];

export function isRecordKind(kind: StoredRowKind): kind is (typeof RECORD_KINDS)[number] {
  return (RECORD_KINDS as readonly string[]).includes(kind);
}

const KIND_PREFIX: Record<Exclude<RowKind, "meta">, string> = {
  action: "s|a|",
  milestone: "s|m|",
  person: "s|p|",
  kpi: "s|k|",
  risk: "s|r|",
};

export function stateKey(kind: RowKind, id: string): string {
  return kind === "meta" ? META_KEY : `${KIND_PREFIX[kind]}${id}`;
}

export function historyKey(kind: "milestone" | "action", id: string, version: number): string {
  return `h|${kind === "milestone" ? "m" : "a"}|${id}|${String(version).padStart(10, "0")}`;
}

export function historyRange(kind: "milestone" | "action", id?: string): { from: string; to: string } {
  const prefix = id === undefined ? `h|${kind === "milestone" ? "m" : "a"}|` : `h|${kind === "milestone" ? "m" : "a"}|${id}|`;
  return { from: prefix, to: `${prefix}~` };
}

/** A state row as read back from Tables: checked before anything trusts it. */
export const stateRowSchema = z.looseObject({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  kind: z.enum(ROW_KINDS),
  position: z.number().int(),
  doc: z.string(),
  removed: z.boolean().default(false),
  actionId: z.string().optional(),
  status: z.enum(STATUSES).optional(),
  note: z.string().optional(),
  evidence: z.string().optional(),
  revisedDue: z.string().optional(),
  snoozedUntil: z.string().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
  version: z.number().int().min(0).optional(),
  overrideStatus: ragStatusSchema.optional(),
  overrideReason: z.string().optional(),
  overrideBy: z.string().optional(),
  overrideAt: z.string().optional(),
  /** The latest review of a risk (JSON), on its row. */
  review: z.string().optional(),
  /** The idempotency key of the write that made this version: a retried write is recognised. */
  idempotencyKey: z.string().optional(),
  revision: z.number().int().min(0).optional(),
  /** Fields changed in the app since the last import (appChanges.ts), JSON; "" when none. */
  appChanges: z.string().optional(),
});
export type StateRow = z.output<typeof stateRowSchema>;

export const historyRowSchema = z.looseObject({
  partitionKey: z.string(),
  rowKey: z.string(),
  subject: z.enum(["milestone", "action", "kpi", "risk", "qi", "commentary", "issue", "boardEscalation", "checkpoint"]),
  subjectId: z.string(),
  version: z.number().int().min(1),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  source: z.string(),
  oldStatus: z.enum(STATUSES).optional(),
  newStatus: z.enum(STATUSES).optional(),
  note: z.string().optional(),
  evidence: z.string().optional(),
  revisedDue: z.string().optional(),
  idempotencyKey: z.string().optional(),
  /** What changed, as JSON `[{ field, from, to }]` (records and definition changes). */
  changes: z.string().optional(),
  /** The month or period a record is for, and a KPI's part. */
  period: z.string().optional(),
  part: z.string().optional(),
});
export type HistoryRow = z.output<typeof historyRowSchema>;

const KINDS = new Set<string>(ROW_KINDS);

/**
 * A state row from a bulk read, checked for the fields the plan is built from but not
 * re-validated field by field: rows are validated when they are written (an import
 * validates the whole plan, an update its input), and a zod parse of every row on every
 * read was a third of a turn's CPU.
 */
export function toStateRow(entity: Record<string, unknown>): StateRow {
  if (typeof entity.rowKey !== "string" || typeof entity.doc !== "string" || typeof entity.position !== "number" || typeof entity.etag !== "string" || !KINDS.has(entity.kind as string)) {
    throw new PlanTrackerError("storage", `stored row ${String(entity.rowKey)} of plan ${String(entity.partitionKey)} is damaged; re-import the plan's file`);
  }
  const row = entity as StateRow;
  if (row.removed === undefined) row.removed = false;
  // Merge cannot remove a property, so a cleared override is stored as empty strings.
  if ((row.overrideStatus as string | undefined) === "") {
    delete row.overrideStatus;
    delete row.overrideReason;
    delete row.overrideBy;
    delete row.overrideAt;
  }
  return row;
}

/** A definition row the plan wants stored (without state, which the store keeps). */
export interface DesiredRow {
  rowKey: string;
  kind: RowKind;
  id: string;
  position: number;
  doc: string;
  actionId?: string;
  /** The status a new milestone starts with. */
  initialStatus?: (typeof STATUSES)[number];
}

/** Splits a plan into the rows that define it; JSON docs keep each definition whole. */
export function planToRows(plan: Plan): DesiredRow[] {
  const { actions, people, kpis, risks, ...meta } = plan;
  const rows: DesiredRow[] = [{ rowKey: META_KEY, kind: "meta", id: plan.id, position: 0, doc: JSON.stringify(meta) }];
  let milestonePosition = 0;
  actions.forEach(({ milestones, ...action }, position) => {
    rows.push({ rowKey: stateKey("action", action.id), kind: "action", id: action.id, position, doc: JSON.stringify(action) });
    for (const { status, ...milestone } of milestones) {
      rows.push({
        rowKey: stateKey("milestone", milestone.id),
        kind: "milestone",
        id: milestone.id,
        position: milestonePosition++,
        doc: JSON.stringify(milestone),
        actionId: action.id,
        initialStatus: status,
      });
    }
  });
  people.forEach((person, position) => rows.push({ rowKey: stateKey("person", person.id), kind: "person", id: person.id, position, doc: JSON.stringify(person) }));
  kpis.forEach((kpi, position) => rows.push({ rowKey: stateKey("kpi", kpi.id), kind: "kpi", id: kpi.id, position, doc: JSON.stringify(kpi) }));
  risks.forEach((risk, position) => rows.push({ rowKey: stateKey("risk", risk.id), kind: "risk", id: risk.id, position, doc: JSON.stringify(risk) }));
  return rows;
}

import type { TableEntity, TransactionAction } from "@azure/data-tables";
import { PlanTrackerError } from "../errors";
import { readAppChanges, valueAt, withMarker, withValueAt, writeAppChanges, type AppChange } from "./appChanges";
import { definitionHistoryKey, describeChanges } from "./definitionChanges";
import type { Actor } from "./planDiff";
import type { PlanRepository } from "./planRepository";
import { stateKey, type RowKind, type StateRow } from "./planRows";

/** One field of one definition changed in the app (not by an import). */
export interface DefinitionEdit {
  kind: RowKind;
  /** The definition's id; for a QI (kept in the plan's meta row) the QI's id with `kind: "meta"` and field ["qis", id, ...]. */
  id: string;
  field: string[];
  value: unknown;
  /** What the history calls the subject, when it is not the row's own ("qi" for a QI in the meta row). */
  subject?: { kind: "qi"; id: string };
}

export interface AppliedEdit extends DefinitionEdit {
  from: unknown;
}

/** Rows per transaction: each edited row and its history entry, plus the plan head, stay within Azure's 100. */
const ROWS_PER_TRANSACTION = 45;

function qiHistoryKey(qiId: string, version: number): string {
  // Beside the QI's findings (h|q|<qi>|<period>|…), under "d" so the QI's history shows definition changes too.
  return `h|q|${qiId}|d|${String(version).padStart(10, "0")}`;
}

/**
 * Changes definitions in the app, the way every in-app change must: each row's new
 * document, its "changed in the app" markers (appChanges.ts, so a later import of an older
 * file does not undo it) and a history entry (source, actor, reason) in one transaction,
 * conditional on the ETag the row was read with and raising the plan head.
 */
export async function changeDefinitions(plans: PlanRepository, planId: string, edits: DefinitionEdit[], actor: Actor, reason: string): Promise<AppliedEdit[]> {
  const rows = new Map((await plans.readStateRows(planId)).map((row) => [row.rowKey, row]));
  const byRow = new Map<string, DefinitionEdit[]>();
  for (const edit of edits) {
    const key = stateKey(edit.kind, edit.id);
    byRow.set(key, [...(byRow.get(key) ?? []), edit]);
  }
  const at = new Date().toISOString();
  const applied: AppliedEdit[] = [];
  const groups: ((revision: number) => TransactionAction[])[] = [];
  for (const [rowKey, rowEdits] of byRow) {
    const row = rows.get(rowKey);
    if (!row || row.removed) throw new PlanTrackerError("not-found", `${rowEdits[0]!.kind} ${rowEdits[0]!.id} is not in plan ${planId}`);
    let doc: unknown = JSON.parse(row.doc);
    let markers = readAppChanges(row.appChanges, rowKey);
    const rowApplied: AppliedEdit[] = [];
    for (const edit of rowEdits) {
      const from = valueAt(doc, edit.field);
      const next = withValueAt(doc, edit.field, edit.value);
      if (next === undefined) throw new PlanTrackerError("not-found", `${edit.kind} ${edit.id} has no ${edit.field.join(".")}`);
      doc = next;
      const marker: AppChange = { field: edit.field, value: edit.value, by: actor.id, byName: actor.name, at, source: actor.source, reason };
      markers = withMarker(markers, marker);
      rowApplied.push({ ...edit, from });
    }
    applied.push(...rowApplied);
    groups.push(rowWrites(planId, row, JSON.stringify(doc), writeAppChanges(markers), rowApplied, actor, reason, at));
  }
  for (let i = 0; i < groups.length; i += ROWS_PER_TRANSACTION) {
    const batch = groups.slice(i, i + ROWS_PER_TRANSACTION);
    await plans.submitWithHead(planId, (revision) => batch.flatMap((build) => build(revision)), `plan ${planId} was changed at the same moment; nothing more was written, look again and retry`);
  }
  return applied;
}

function rowWrites(planId: string, row: StateRow, doc: string, appChanges: string, edits: AppliedEdit[], actor: Actor, reason: string, at: string): (revision: number) => TransactionAction[] {
  const version = (row.version ?? 0) + 1;
  const entity: TableEntity<Record<string, unknown>> = { partitionKey: planId, rowKey: row.rowKey, doc, appChanges, version };
  const history: TableEntity<Record<string, unknown>>[] = [];
  const entry = (rowKey: string, subject: string, subjectId: string, changes: AppliedEdit[]) => {
    const described = changes.map((c) => ({ field: c.field.join("."), from: c.from, to: c.value }));
    const status = row.kind === "milestone" ? (row.status ?? "unrated") : undefined;
    history.push({
      partitionKey: planId, rowKey, subject, subjectId, version, at, by: actor.id, byName: actor.name, source: actor.source,
      note: `Changed in the app: ${describeChanges(described.map((c) => ({ ...c, field: c.field.split(".").at(-1)! })))}. Reason: ${reason}`,
      changes: JSON.stringify(described),
      ...(status ? { oldStatus: status, newStatus: status } : {}),
    });
  };
  const own = definitionHistoryKey(row.kind as RowKind, edits[0]!.id, version);
  if (own) entry(own, row.kind, edits[0]!.id, edits);
  // A QI lives in the meta row: its history entry goes under the QI, one per QI changed.
  const qis = new Map<string, AppliedEdit[]>();
  for (const edit of edits) if (edit.subject?.kind === "qi") qis.set(edit.subject.id, [...(qis.get(edit.subject.id) ?? []), edit]);
  for (const [qiId, changes] of qis) entry(qiHistoryKey(qiId, version), "qi", qiId, changes);
  return (revision) => [["update", { ...entity, revision }, "Merge", { etag: row.etag }], ...history.map((h): TransactionAction => ["create", h])];
}

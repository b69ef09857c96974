import type { TableEntity } from "@azure/data-tables";
import type { Status } from "../domain/status";
import { readAppChanges, reconcileWithApp, writeAppChanges, type AppChangeConflict } from "./appChanges";
import { definitionHistoryKey, describeChanges, fieldChanges } from "./definitionChanges";
import { historyKey, isRecordKind, type DesiredRow, type RowKind, type StateRow } from "./planRows";

export interface Actor {
  /** A Teams user's aadObjectId, or "cli:<user>" / "import" for changes made outside Teams. */
  id: string;
  name: string;
  source: "import" | "cli" | "teams";
}

export interface ImportChange {
  kind: RowKind;
  id: string;
  /** For a changed definition: which of its fields differ. */
  fields?: string[];
}

export interface ImportReport {
  planId: string;
  /** True when the plan was not stored before. */
  newPlan: boolean;
  added: ImportChange[];
  changed: ImportChange[];
  removed: ImportChange[];
  /** Milestones whose file status differs from the recorded one, which is kept. */
  statusesKept: { id: string; recorded: Status; inFile: Status }[];
  /** Fields changed in the app since the last import that the file would undo: the app's value is kept unless the import overwrites. */
  conflicts: AppChangeConflict[];
  /** Definitions added in the app (a review's recommendation made a milestone): an import neither changes nor removes them (issue 23). */
  keptFromApp?: ImportChange[];
}

/** A definition made in Plan Tracker rather than by a plan file: its doc carries `origin: { kind: "app" }`. */
function madeInApp(row: StateRow): boolean {
  return row.kind === "milestone" && row.doc.includes('"origin"') && (JSON.parse(row.doc) as { origin?: { kind?: string } }).origin?.kind === "app";
}

/** One entity write; a group of them must land in one transaction. */
export type RowWrite =
  | { op: "create"; entity: TableEntity<Record<string, unknown>> }
  | { op: "update"; entity: TableEntity<Record<string, unknown>>; etag: string };

export interface ImportPlan {
  report: ImportReport;
  /** Writes in a safe order: definitions that others refer to first, the meta row (which makes a new plan visible) last. */
  groups: RowWrite[][];
  /** True when writes are due even though no definition changes: app-change markers the file now agrees with are settled. */
  settles: boolean;
}

const WRITE_ORDER: RowKind[] = ["person", "kpi", "risk", "action", "milestone", "meta"];

function changedFields(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}

/**
 * What importing `desired` over the stored rows would write, and the report of it.
 * Pure: the repository applies the writes. Recorded statuses, notes, overrides and
 * history are never touched by an import; every update carries the ETag it was read
 * with, so an edit made meanwhile makes the import fail rather than be overwritten.
 */
export function diffPlan(planId: string, desired: DesiredRow[], allRows: StateRow[], actor: Actor, now: string, options: { overwrite?: boolean } = {}): ImportPlan {
  // Rows of what people recorded (measurements, findings, commentary) are never an import's business.
  const existing = allRows.filter((row) => !isRecordKind(row.kind));
  const stored = new Map(existing.map((row) => [row.rowKey, row]));
  const wanted = new Set(desired.map((row) => row.rowKey));
  const report: ImportReport = { planId, newPlan: !existing.some((r) => r.kind === "meta" && !r.removed), added: [], changed: [], removed: [], statusesKept: [], conflicts: [] };
  let settles = false;
  const groups = new Map<RowKind, RowWrite[][]>(WRITE_ORDER.map((kind) => [kind, []]));
  const push = (kind: RowKind, group: RowWrite[]) => groups.get(kind)!.push(group);
  /** A definition change leaves a history entry (source "import") with the row's next version, in the row's own transaction. */
  const historyOf = (kind: RowKind, id: string, current: StateRow, note: string, changes?: unknown): { version: number; entry?: RowWrite } => {
    const version = (current.version ?? 0) + 1;
    const rowKey = definitionHistoryKey(kind, id, version);
    if (rowKey === undefined) return { version };
    const status = kind === "milestone" ? (current.status ?? "unrated") : undefined;
    const entity = {
      partitionKey: planId, rowKey, subject: kind, subjectId: id, version, at: now, by: actor.id, byName: actor.name, source: actor.source, note,
      ...(status ? { oldStatus: status, newStatus: status } : {}),
      ...(changes === undefined ? {} : { changes: JSON.stringify(changes) }),
    };
    return { version, entry: { op: "create", entity } };
  };

  const keptFromApp: ImportChange[] = [];
  for (const fileRow of desired) {
    const current = stored.get(fileRow.rowKey);
    let row = fileRow;
    // Fields changed in the app since the last import: the file's older value does not undo them unless told to.
    let markers: string | undefined;
    if (current && !current.removed && current.appChanges) {
      const before = readAppChanges(current.appChanges, current.rowKey);
      const reconciled = reconcileWithApp(fileRow.kind, fileRow.id, JSON.parse(fileRow.doc), before, options.overwrite ?? false);
      report.conflicts.push(...reconciled.conflicts);
      row = { ...fileRow, doc: JSON.stringify(reconciled.doc) };
      if (reconciled.markers.length !== before.length) markers = writeAppChanges(reconciled.markers);
    }
    const keys = { partitionKey: planId, rowKey: row.rowKey };
    if (current && !current.removed && madeInApp(current) && current.doc !== row.doc) {
      // An older plan file does not silently undo a change made in the app: the stored one stays, and the report says so.
      keptFromApp.push({ kind: row.kind, id: row.id });
      continue;
    }
    if (!current) {
      if (row.kind !== "meta") report.added.push({ kind: row.kind, id: row.id });
      const entity: TableEntity<Record<string, unknown>> = { ...keys, kind: row.kind, position: row.position, doc: row.doc, removed: false };
      if (row.kind === "milestone") {
        const status = row.initialStatus ?? "unrated";
        Object.assign(entity, { actionId: row.actionId, status, version: 1, updatedAt: now, updatedBy: actor.name });
        const history = {
          partitionKey: planId,
          rowKey: historyKey("milestone", row.id, 1),
          subject: "milestone",
          subjectId: row.id,
          version: 1,
          at: now,
          by: actor.id,
          byName: actor.name,
          source: actor.source,
          newStatus: status,
          note: "Added by plan import",
        };
        push(row.kind, [{ op: "create", entity }, { op: "create", entity: history }]);
      } else {
        if (row.kind === "action") entity.version = 0;
        push(row.kind, [{ op: "create", entity }]);
      }
      continue;
    }
    const fields = current.doc === row.doc ? [] : changedFields(current.doc, row.doc);
    if (row.kind === "milestone" && current.actionId !== row.actionId) fields.push("action");
    const moved = current.position !== row.position;
    if (current.removed) report.added.push({ kind: row.kind, id: row.id });
    else if (fields.length > 0 && row.kind !== "meta") report.changed.push({ kind: row.kind, id: row.id, fields });
    else if (fields.length > 0) report.changed.push({ kind: "meta", id: planId, fields });
    if (row.kind === "milestone" && !current.removed && row.initialStatus !== undefined && current.status !== undefined && row.initialStatus !== current.status) {
      report.statusesKept.push({ id: row.id, recorded: current.status, inFile: row.initialStatus });
    }
    if (markers !== undefined) settles = true;
    if (markers !== undefined && !(fields.length > 0 || moved)) {
      push(row.kind, [{ op: "update", entity: { ...keys, appChanges: markers }, etag: current.etag }]);
    }
    if (fields.length > 0 || moved || current.removed) {
      const entity: TableEntity<Record<string, unknown>> = { ...keys, position: row.position, doc: row.doc, removed: false, ...(markers === undefined ? {} : { appChanges: markers }) };
      if (row.kind === "milestone") entity.actionId = row.actionId;
      const group: RowWrite[] = [{ op: "update", entity, etag: current.etag }];
      if (row.kind !== "meta" && (fields.length > 0 || current.removed)) {
        const changes = current.doc === row.doc ? [] : fieldChanges(current.doc, row.doc, fields.filter((f) => f !== "action"));
        if (fields.includes("action")) changes.push({ field: "action", from: current.actionId, to: row.actionId });
        const note = current.removed ? "Restored to the plan by import" : `Changed by import: ${describeChanges(changes)}`;
        const { version, entry } = historyOf(row.kind, row.id, current, note, changes);
        if (entry) {
          entity.version = version;
          group.push(entry);
        }
      }
      push(row.kind, group);
    }
  }
  for (const row of existing) {
    if (wanted.has(row.rowKey) || row.removed) continue;
    const id = JSON.parse(row.doc).id as string;
    if (madeInApp(row)) {
      keptFromApp.push({ kind: row.kind as RowKind, id });
      continue;
    }
    // A definition changed (or made) in the app since the last import is not taken out by a file that lacks it, unless told to.
    const markers = row.appChanges ? readAppChanges(row.appChanges, row.rowKey) : [];
    if (markers.length > 0) {
      const latest = markers.at(-1)!;
      report.conflicts.push({ kind: row.kind, id, field: "(the whole definition: the file does not have it)", appValue: id, fileValue: undefined, byName: latest.byName, at: latest.at, kept: options.overwrite ? "file" : "app" });
      if (!options.overwrite) continue;
    }
    report.removed.push({ kind: row.kind as RowKind, id });
    const entity: TableEntity<Record<string, unknown>> = { partitionKey: planId, rowKey: row.rowKey, removed: true };
    const group: RowWrite[] = [{ op: "update", entity, etag: row.etag }];
    const { version, entry } = historyOf(row.kind as RowKind, id, row, "Removed from the plan by import");
    if (entry) {
      entity.version = version;
      group.push(entry);
    }
    push(row.kind as RowKind, group);
  }
  if (keptFromApp.length > 0) report.keptFromApp = keptFromApp;
  return { report, groups: WRITE_ORDER.flatMap((kind) => groups.get(kind)!), settles };
}

export function isUnchanged(report: ImportReport): boolean {
  return !report.newPlan && report.added.length === 0 && report.changed.length === 0 && report.removed.length === 0;
}

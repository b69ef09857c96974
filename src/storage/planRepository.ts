import { randomUUID } from "node:crypto";
import { odata, RestError, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Status, RagStatus } from "../domain/status";
import type { PlanView } from "../domain/view";
import { isPlanTrackerError, PlanTrackerError } from "../errors";
import { assemblePlan } from "./assemblePlan";
import { inParallel } from "../inParallel";
import type { Actor, RowWrite } from "./planDiff";
import {
  HEAD_KEY,
  historyKey,
  historyRange,
  historyRowSchema,
  META_KEY,
  STATE_END,
  STATE_PREFIX,
  stateKey,
  stateRowSchema,
  toStateRow,
  type HistoryRow,
  type StateRow,
} from "./planRows";

/** Azure Tables' limit on operations in one entity-group transaction. */
const MAX_TRANSACTION = 100;
/** An import's transactions in flight at once: enough to keep the store busy while each is on the wire. */
const IMPORT_IN_FLIGHT = 6;
/** Attempts at a write whose only conflict is the head (another write to the plan landed first). */
const HEAD_ATTEMPTS = 10;

/**
 * The plan's head row (planRows.ts): `revision` is raised by every write of state, in the
 * same transaction, so its ETag changes whenever anything in the plan does. `importingFrom`
 * is set while an import's transactions are landing (they do not each carry the head):
 * a reader does not trust its copy until it is cleared, and reads again from that revision.
 * `access` is a random tag replaced only when the plan's data outside its partition changes
 * (links, admins, the catalog: touchHead), so those are not read again after every update.
 */
export interface PlanHead {
  /** Undefined when the plan has no head row yet (not stored, or stored before heads). */
  etag?: string;
  revision: number;
  importingFrom: number;
  /** Undefined on a head written before access tags: accessTagOf falls back to the ETag. */
  access?: string;
}

/**
 * What caches of a plan's links, admins and the catalog are kept on. A head from before
 * access tags is keyed on its ETag, which changes with every write, as it always was.
 */
export function accessTagOf(head: PlanHead): string {
  return head.access ?? `${head.etag ?? "none"}|${head.revision}`;
}
const NO_HEAD: PlanHead = { revision: 0, importingFrom: 0 };

export interface MilestoneUpdate {
  status: Status;
  note?: string;
  evidence?: string;
  revisedDue?: string;
  /** Carried by a card so that a retried submission is recorded once. */
  idempotencyKey?: string;
}

export interface RecordedUpdate {
  milestoneId: string;
  version: number;
  oldStatus: Status;
  newStatus: Status;
  at: string;
}

export function isConflict(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409);
}

/**
 * The plans table: one partition per plan holding its definition, its recorded state
 * and its history (see planRows.ts for the layout). Every write of state is
 * conditional on the ETag it was read with.
 */
export class PlanRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Every current-state row of a plan (a request per 1,000 rows), or with `sinceRevision`
   * only the rows written after that revision: one single-partition range query either way.
   */
  async readStateRows(planId: string, sinceRevision?: number): Promise<StateRow[]> {
    const filter =
      sinceRevision === undefined
        ? odata`PartitionKey eq ${planId} and RowKey ge ${STATE_PREFIX} and RowKey lt ${STATE_END}`
        : odata`PartitionKey eq ${planId} and RowKey ge ${STATE_PREFIX} and RowKey lt ${STATE_END} and revision gt ${sinceRevision}`;
    const rows: StateRow[] = [];
    for await (const page of this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
      for (const entity of page) rows.push(toStateRow(entity));
    }
    return rows;
  }

  async readView(planId: string): Promise<PlanView | undefined> {
    return assemblePlan(planId, await this.readStateRows(planId));
  }

  /** The plan's head: one point read of one small entity. */
  async readHead(planId: string): Promise<PlanHead> {
    try {
      const entity = await this.table.getEntity<{ revision?: number; importingFrom?: number; access?: string }>(planId, HEAD_KEY);
      return { etag: entity.etag, revision: Number(entity.revision ?? 0), importingFrom: Number(entity.importingFrom ?? 0), ...(typeof entity.access === "string" ? { access: entity.access } : {}) };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return NO_HEAD;
      throw error;
    }
  }

  /**
   * Gives the head a new access tag, so every instance reads the plan's links, admins and the
   * catalog again (a link changed, a plan was added). Called after the change it announces.
   * Unlike a write of state it must land: a head raised meanwhile by an update keeps the old
   * tag, so the touch is tried again on the new head. It is done without landing only when
   * another touch replaced the tag after this one began, which announces this change too.
   */
  async touchHead(planId: string): Promise<void> {
    const before = await this.readHead(planId);
    let head = before;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.submitTransaction([this.headAction(planId, head, { revision: head.revision + 1, access: randomUUID() })]);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
        head = await this.readHead(planId);
        if (head.access !== before.access) return;
        if (attempt >= HEAD_ATTEMPTS) throw new PlanTrackerError("conflict", `plan ${planId} was changed too often to announce a change of its links, admins or catalog entry; other instances see it within a minute`, [], { cause: error });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * Applies an import's writes, each group atomically, in transactions of up to 100 rows,
   * several in flight. The head is marked as importing first (so no reader trusts its copy
   * while rows land) and raised and cleared last; definitions others refer to land before
   * milestones, and the meta row (which makes a new plan visible) last.
   */
  async applyWrites(planId: string, groups: RowWrite[][], head: PlanHead): Promise<void> {
    const conflict = `plan ${planId} was changed while it was being imported; run the import again`;
    const revision = head.revision + 1;
    try {
      await this.table.submitTransaction([this.headAction(planId, head, { revision, importingFrom: head.importingFrom || revision })]);
    } catch (error) {
      if (isConflict(error)) throw new PlanTrackerError("conflict", conflict, [], { cause: error });
      throw error;
    }
    const phase = (write: RowWrite) => (write.entity.rowKey.startsWith("s|m|") ? 1 : write.entity.rowKey === META_KEY ? 2 : 0);
    for (const wanted of [0, 1, 2]) {
      const batches: TransactionAction[][] = [];
      let batch: TransactionAction[] = [];
      for (const group of groups) {
        if (phase(group[0]!) !== wanted) continue;
        if (batch.length + group.length > MAX_TRANSACTION) {
          batches.push(batch);
          batch = [];
        }
        for (const write of group) {
          const entity = write.entity.rowKey.startsWith(STATE_PREFIX) ? { ...write.entity, revision } : write.entity;
          batch.push(write.op === "create" ? ["create", entity] : ["update", entity, "Merge", { etag: write.etag }]);
        }
      }
      if (batch.length > 0) batches.push(batch);
      await inParallel(batches, IMPORT_IN_FLIGHT, (actions) => this.submit(actions, conflict));
    }
    await this.submitWithHead(planId, () => [], conflict, undefined, { importingFrom: 0 });
  }

  /**
   * Records a status change: the milestone's new state and its history entry in one
   * transaction, conditional on the version the caller saw (when given) and on the
   * ETag read here. Of two concurrent updates one lands; the other gets a conflict.
   */
  async recordMilestoneUpdate(planId: string, milestoneId: string, update: MilestoneUpdate, actor: Actor, expectedVersion?: number, seen?: { etag: string; status: Status; version: number; head: PlanHead }): Promise<RecordedUpdate> {
    // The caller read this row a moment ago (its cached plan): write conditional on that ETag without reading again.
    // If the row changed since, the write is refused and the row is read below, where the version decides.
    if (seen && expectedVersion === seen.version) {
      try {
        return await this.writeUpdate(planId, milestoneId, update, actor, { rowKey: stateKey("milestone", milestoneId), etag: seen.etag, status: seen.status, version: seen.version }, seen.head);
      } catch (error) {
        if (!isPlanTrackerError(error, "conflict")) throw error;
      }
    }
    const row = await this.readStateRow(planId, stateKey("milestone", milestoneId));
    if (!row || row.removed || row.kind !== "milestone") throw new PlanTrackerError("not-found", `milestone ${milestoneId} is not in plan ${planId}`);
    const version = row.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new PlanTrackerError("conflict", `milestone ${milestoneId} was updated by ${row.updatedBy ?? "someone"} since you opened it (now ${row.status})`);
    }
    return this.writeUpdate(planId, milestoneId, update, actor, { rowKey: row.rowKey, etag: row.etag, status: row.status ?? "unrated", version });
  }

  /** The milestone's new state (a Merge: what the update leaves out stays) and its history entry, in one transaction conditional on the row's ETag. */
  private async writeUpdate(planId: string, milestoneId: string, update: MilestoneUpdate, actor: Actor, row: { rowKey: string; etag: string; status: Status; version: number }, head?: PlanHead): Promise<RecordedUpdate> {
    const version = row.version;
    const next = version + 1;
    const at = new Date().toISOString();
    const oldStatus = row.status;
    const state = {
      partitionKey: planId,
      rowKey: row.rowKey,
      status: update.status,
      ...(update.note !== undefined ? { note: update.note } : {}),
      ...(update.evidence !== undefined ? { evidence: update.evidence } : {}),
      ...(update.revisedDue !== undefined ? { revisedDue: update.revisedDue } : {}),
      updatedAt: at,
      updatedBy: actor.name,
      version: next,
    };
    const history = {
      partitionKey: planId,
      rowKey: historyKey("milestone", milestoneId, next),
      subject: "milestone",
      subjectId: milestoneId,
      version: next,
      at,
      by: actor.id,
      byName: actor.name,
      source: actor.source,
      oldStatus,
      newStatus: update.status,
      note: update.note,
      evidence: update.evidence,
      revisedDue: update.revisedDue,
      idempotencyKey: update.idempotencyKey,
    };
    await this.submitWithHead(
      planId,
      (revision) => [["update", { ...state, revision }, "Merge", { etag: row.etag }], ["create", history]],
      `milestone ${milestoneId} was updated by someone else at the same moment; nothing was written, look again and retry`,
      head,
    );
    return { milestoneId, version: next, oldStatus, newStatus: update.status, at };
  }

  /**
   * Records that the owner asked not to be prompted about a milestone before a date:
   * the state and a history entry in one transaction, conditional on the version seen.
   */
  async snoozeMilestone(planId: string, milestoneId: string, until: string, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    return this.recordEvent(planId, milestoneId, `Remind me on ${until}`, { snoozedUntil: until }, actor, expectedVersion, idempotencyKey);
  }

  /**
   * Records something said about a milestone that leaves its status as it is ("Not mine",
   * a reminder date): a history entry, and any state it sets, in one conditional transaction.
   */
  async recordEvent(planId: string, milestoneId: string, note: string, state: { snoozedUntil?: string }, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    const row = await this.readStateRow(planId, stateKey("milestone", milestoneId));
    if (!row || row.removed || row.kind !== "milestone") throw new PlanTrackerError("not-found", `milestone ${milestoneId} is not in plan ${planId}`);
    const version = row.version ?? 0;
    if (expectedVersion !== version) throw new PlanTrackerError("conflict", `milestone ${milestoneId} was updated by ${row.updatedBy ?? "someone"} since you opened it`);
    const next = version + 1;
    const at = new Date().toISOString();
    const status = row.status ?? "unrated";
    await this.submitWithHead(
      planId,
      (revision) => [
        ["update", { partitionKey: planId, rowKey: row.rowKey, ...state, version: next, revision }, "Merge", { etag: row.etag }],
        [
          "create",
          {
            partitionKey: planId, rowKey: historyKey("milestone", milestoneId, next), subject: "milestone", subjectId: milestoneId, version: next, at,
            by: actor.id, byName: actor.name, source: actor.source, oldStatus: status, newStatus: status, note, idempotencyKey,
          },
        ],
      ],
      `milestone ${milestoneId} was updated by someone else at the same moment; nothing was written`,
    );
    return { milestoneId, version: next, oldStatus: status, newStatus: status, at };
  }

  /** Sets or clears (status null) an action lead's override of the derived status, with history. */
  async setActionOverride(planId: string, actionId: string, override: { status: RagStatus; reason: string } | null, actor: Actor): Promise<void> {
    const row = await this.readStateRow(planId, stateKey("action", actionId));
    if (!row || row.removed || row.kind !== "action") throw new PlanTrackerError("not-found", `action ${actionId} is not in plan ${planId}`);
    const next = (row.version ?? 0) + 1;
    const at = new Date().toISOString();
    // Merge cannot remove a property, so a cleared override is stored as empty strings, which assemblePlan ignores.
    const state = {
      partitionKey: planId,
      rowKey: row.rowKey,
      overrideStatus: override?.status ?? "",
      overrideReason: override?.reason ?? "",
      overrideBy: override ? actor.name : "",
      overrideAt: override ? at : "",
      version: next,
    };
    const history = {
      partitionKey: planId,
      rowKey: historyKey("action", actionId, next),
      subject: "action",
      subjectId: actionId,
      version: next,
      at,
      by: actor.id,
      byName: actor.name,
      source: actor.source,
      newStatus: override?.status,
      note: override ? `Overall status overridden: ${override.reason}` : "Override cleared; the derived status applies",
    };
    await this.submitWithHead(planId, (revision) => [["update", { ...state, revision }, "Merge", { etag: row.etag }], ["create", history]], `action ${actionId} was changed at the same moment; look again and retry`);
  }

  /** A milestone's (or every milestone's) history, oldest first. */
  async milestoneHistory(planId: string, milestoneId?: string): Promise<HistoryRow[]> {
    const { from, to } = historyRange("milestone", milestoneId);
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${from} and RowKey lt ${to}`;
    const rows: HistoryRow[] = [];
    for await (const page of this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
      for (const entity of page) {
        const parsed = historyRowSchema.safeParse(entity);
        if (!parsed.success) throw new PlanTrackerError("storage", `history row ${String(entity.rowKey)} of plan ${planId} is damaged`);
        rows.push(parsed.data);
      }
    }
    return rows;
  }

  private async readStateRow(planId: string, rowKey: string): Promise<StateRow | undefined> {
    try {
      return this.parseStateRow(await this.table.getEntity(planId, rowKey));
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private parseStateRow(entity: unknown): StateRow {
    const parsed = stateRowSchema.safeParse(toStateRow({ ...(entity as Record<string, unknown>) }));
    if (!parsed.success) {
      const key = String((entity as { rowKey?: unknown }).rowKey);
      throw new PlanTrackerError("storage", `stored row ${key} is damaged: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    }
    return parsed.data;
  }

  private headAction(planId: string, head: PlanHead, fields: { revision: number; importingFrom?: number; access?: string }): TransactionAction {
    const entity = { partitionKey: planId, rowKey: HEAD_KEY, ...fields };
    // A new head gets its own access tag, so one held from before (the plan imported again into an emptied store) never
    // matches it. A restore writes the tag its backup holds: links or admins held under it are read again within HELD_ACCESS_MAX_MS.
    return head.etag ? ["update", entity, "Merge", { etag: head.etag }] : ["create", { importingFrom: 0, access: randomUUID(), ...entity }];
  }

  /**
   * Submits a write of state stamped with the next revision, with the head raised to it,
   * in one transaction. When only the head stopped matching (another write to the plan
   * landed first), the head is read again and the write retried: the rows' own ETag
   * conditions still decide whether it may land.
   */
  // Public for PlanRecordStore, whose writes of what people record raise the same head.
  async submitWithHead(planId: string, build: (revision: number) => TransactionAction[], conflictMessage: string, knownHead?: PlanHead, headFields: { importingFrom?: number } = {}): Promise<void> {
    let head = knownHead ?? (await this.readHead(planId));
    for (let attempt = 1; ; attempt++) {
      const revision = head.revision + 1;
      try {
        await this.table.submitTransaction([...build(revision), this.headAction(planId, head, { revision, ...headFields })]);
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
        const now = await this.readHead(planId);
        if (attempt >= HEAD_ATTEMPTS || now.etag === head.etag) throw new PlanTrackerError("conflict", conflictMessage, [], { cause: error });
        head = now;
        // Writers racing for the head take turns, spread by a random wait.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  private async submit(actions: TransactionAction[], conflictMessage: string): Promise<void> {
    try {
      await this.table.submitTransaction(actions);
    } catch (error) {
      if (isConflict(error)) throw new PlanTrackerError("conflict", conflictMessage, [], { cause: error });
      throw error;
    }
  }
}

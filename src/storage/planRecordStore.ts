import { odata, RestError, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { BoardEscalationRecord, CheckpointRecord, CommentaryRecord, IssueRecord, MeasurementRecord, QiFindingRecord, RiskReviewRecord } from "../domain/records";
import { PlanTrackerError } from "../errors";
import type { Actor } from "./planDiff";
import { historyKey, historyRowSchema, stateKey, stateRowSchema, type HistoryRow, type StateRow } from "./planRows";
import type { RagStatus } from "../domain/status";
import type { Recorded } from "../domain/records";
import { isPlanTrackerError } from "../errors";
import type { PlanRepository } from "./planRepository";
import { boardEscalationOf, checkpointOf, issueOf, commentaryOf, findingOf, measurementOf, recordHistoryKeys, recordKeys, reviewOf, subjectHistoryPrefixes, type HistorySubject } from "./recordRows";
import type { FieldChange } from "./definitionChanges";

/** What a record write did: landed (possibly replacing an earlier record for the same period) or had already landed. */
export interface RecordWrite<T> {
  record: T;
  /** The record it replaced (a second measurement for the same month), kept in history. */
  replaced?: T;
  /** True when this write had already been recorded (a double click, a retried invoke): nothing new was written. */
  duplicate: boolean;
}

interface RowWriteSpec<T> {
  planId: string;
  rowKey: string;
  kind: "measurement" | "finding" | "commentary" | "issue" | "boardEscalation" | "checkpoint";
  /** The record's JSON, without the version stamp. */
  doc: Record<string, unknown>;
  historyKey: (version: number) => string;
  history: { subject: string; subjectId: string; period?: string; part?: string; note: string; changes: (previous?: T) => FieldChange[] };
  of: (row: StateRow) => T;
  what: string;
  actor: Actor;
  idempotencyKey: string;
  /** The version the person saw (a card): a record made since is not overwritten. */
  expectedVersion?: number;
}

function isStatus(error: unknown, ...codes: number[]): boolean {
  return error instanceof RestError && error.statusCode !== undefined && codes.includes(error.statusCode);
}

/**
 * Writes what people record in a plan's partition (KPI measurements, QI findings,
 * commentary, risk reviews): each a row and its history entry in one entity-group
 * transaction, conditional on the row's ETag (or on its absence), carrying an
 * idempotency key. Of two people recording the same period at once exactly one
 * lands; the other is told. A retry of a write that landed is recognised by its key
 * and recorded once. It works on the plans table beside PlanRepository, which keeps
 * definitions and milestone state.
 */
export class PlanRecordStore {
  constructor(
    private readonly table: TableClient,
    /** Every write of state raises the plan's head in the same transaction (issue 14), so readers see it. */
    private readonly heads: Pick<PlanRepository, "submitWithHead">,
  ) {}

  /** Submits state writes stamped with the next revision, with the head raised; a refusal of the rows themselves is a conflict. */
  private async submit(planId: string, build: (revision: number) => TransactionAction[]): Promise<void> {
    await this.heads.submitWithHead(planId, build, "refused: the row changed");
  }

  async recordMeasurement(planId: string, m: Omit<MeasurementRecord, "at" | "by" | "byName" | "source" | "version" | "etag">, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<MeasurementRecord>> {
    const label = `${m.kpiId}${m.part ? ` (${m.part})` : ""}`;
    return this.writeRecord<MeasurementRecord>({
      planId,
      rowKey: recordKeys.measurement(m.kpiId, m.part, m.period),
      kind: "measurement",
      doc: { kpiId: m.kpiId, part: m.part, period: m.period, date: m.date, value: m.value, ...(m.note ? { note: m.note } : {}), ...(m.link ? { link: m.link } : {}) },
      historyKey: (version) => recordHistoryKeys.measurement(m.kpiId, m.part, m.period, version),
      history: {
        subject: "kpi",
        subjectId: m.kpiId,
        period: m.period,
        part: m.part,
        note: `${label} measured ${m.value} on ${m.date}${m.note ? `: ${m.note}` : ""}`,
        changes: (previous) => [{ field: "value", from: previous?.value ?? null, to: m.value }, { field: "date", from: previous?.date ?? null, to: m.date }],
      },
      of: measurementOf,
      what: `a measurement of ${label} for ${m.period}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  async recordFinding(planId: string, f: Omit<QiFindingRecord, "at" | "by" | "byName" | "source" | "version" | "etag">, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<QiFindingRecord>> {
    return this.writeRecord<QiFindingRecord>({
      planId,
      rowKey: recordKeys.finding(f.qiId, f.period),
      kind: "finding",
      doc: { qiId: f.qiId, period: f.period, date: f.date, text: f.text, ...(f.link ? { link: f.link } : {}), ...(f.rating ? { rating: f.rating } : {}) },
      historyKey: (version) => recordHistoryKeys.finding(f.qiId, f.period, version),
      history: {
        subject: "qi",
        subjectId: f.qiId,
        period: f.period,
        note: `Finding for ${f.period}${f.rating ? ` (${f.rating})` : ""}: ${f.text}`,
        changes: (previous) => [{ field: "text", from: previous?.text ?? null, to: f.text }, { field: "rating", from: previous?.rating ?? null, to: f.rating ?? null }],
      },
      of: findingOf,
      what: `a finding of ${f.qiId} for ${f.period}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  async recordCommentary(planId: string, c: Pick<CommentaryRecord, "actionId" | "period" | "text">, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<CommentaryRecord>> {
    return this.writeRecord<CommentaryRecord>({
      planId,
      rowKey: recordKeys.commentary(c.actionId, c.period),
      kind: "commentary",
      doc: { actionId: c.actionId, period: c.period, text: c.text },
      historyKey: (version) => recordHistoryKeys.commentary(c.actionId, c.period, version),
      history: {
        subject: "commentary",
        subjectId: c.actionId,
        period: c.period,
        note: `What has changed (${c.period}): ${c.text}`,
        changes: (previous) => [{ field: "commentary", from: previous?.text ?? null, to: c.text }],
      },
      of: commentaryOf,
      what: `the commentary on action ${c.actionId} for ${c.period}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  /**
   * An issue of the issues log, raised (expectedVersion 0: an issue raised at the same moment
   * under the same id is refused, not overwritten) or changed (the version the person saw).
   */
  async recordIssue(planId: string, issue: Omit<IssueRecord, keyof Recorded>, actor: Actor, idempotencyKey: string, expectedVersion?: number, note?: string): Promise<RecordWrite<IssueRecord>> {
    return this.writeRecord<IssueRecord>({
      planId,
      rowKey: recordKeys.issue(issue.id),
      kind: "issue",
      doc: { ...issue },
      historyKey: (version) => recordHistoryKeys.issue(issue.id, version),
      history: {
        subject: "issue",
        subjectId: issue.id,
        note: note ?? `Issue ${issue.id} ${issue.state === "closed" ? "closed" : "recorded"}: ${issue.title}`,
        changes: (previous) =>
          (["title", "owner", "impact", "state"] as const).map((field) => ({ field, from: previous?.[field] ?? null, to: issue[field] })).filter((c) => c.from !== c.to),
      },
      of: issueOf,
      what: `issue ${issue.id}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  /** A risk's or issue's board escalation, or its de-escalation (`active: false`), with its history. */
  async recordBoardEscalation(planId: string, e: Omit<BoardEscalationRecord, keyof Recorded>, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<BoardEscalationRecord>> {
    return this.writeRecord<BoardEscalationRecord>({
      planId,
      rowKey: recordKeys.boardEscalation(e.subjectId),
      kind: "boardEscalation",
      doc: { ...e },
      historyKey: (version) => recordHistoryKeys.boardEscalation(e.subjectId, version),
      history: {
        subject: "boardEscalation",
        subjectId: e.subjectId,
        note: e.active ? `Escalated from ${e.fromBoard} to ${e.toBoard} on ${e.escalatedOn}: ${e.reason}` : `De-escalated from ${e.toBoard} on ${e.deescalatedOn ?? ""}${e.deescalateNote ? `: ${e.deescalateNote}` : ""}`,
        changes: (previous) => [
          { field: "boardEscalation", from: previous?.active ? previous.toBoard : null, to: e.active ? e.toBoard : null },
        ],
      },
      of: boardEscalationOf,
      what: `the board escalation of ${e.subjectId}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  /** A milestone checkpoint recorded done or missed (a second record replaces the first, kept in history). */
  async recordCheckpoint(planId: string, c: Omit<CheckpointRecord, keyof Recorded>, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<CheckpointRecord>> {
    return this.writeRecord<CheckpointRecord>({
      planId,
      rowKey: recordKeys.checkpoint(c.milestoneId, c.date),
      kind: "checkpoint",
      doc: { milestoneId: c.milestoneId, date: c.date, state: c.state, ...(c.note ? { note: c.note } : {}) },
      historyKey: (version) => recordHistoryKeys.checkpoint(c.milestoneId, c.date, version),
      history: {
        subject: "checkpoint",
        subjectId: c.milestoneId,
        period: c.date,
        note: `Checkpoint of ${c.date} ${c.state}${c.note ? `: ${c.note}` : ""}`,
        changes: (previous) => [{ field: "state", from: previous?.state ?? null, to: c.state }],
      },
      of: checkpointOf,
      what: `the checkpoint of ${c.milestoneId} on ${c.date}`,
      actor,
      idempotencyKey,
      expectedVersion,
    });
  }

  /**
   * A milestone added in the app (a review's recommendation made one): its definition row,
   * created only if absent, with its first history entry, in one transaction with the head.
   */
  async addMilestone(planId: string, actionId: string, milestone: Record<string, unknown> & { id: string }, note: string, actor: Actor, idempotencyKey: string): Promise<{ duplicate: boolean }> {
    const rowKey = stateKey("milestone", milestone.id);
    const existing = await this.readRow(planId, rowKey);
    if (existing?.idempotencyKey === idempotencyKey) return { duplicate: true };
    if (existing && !existing.removed) throw new PlanTrackerError("conflict", `milestone ${milestone.id} already exists; nothing was written`);
    if (existing) throw new PlanTrackerError("conflict", `milestone ${milestone.id} was in the plan before (its history is kept); give the new one another id`);
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"s|m|"} and RowKey lt ${"s|m}"}`;
    let position = 0;
    for await (const entity of this.table.listEntities<{ position?: number }>({ queryOptions: { filter, select: ["position"] } })) position = Math.max(position, (entity.position ?? 0) + 1);
    const at = new Date().toISOString();
    const { status: _status, ...doc } = milestone;
    const state = { partitionKey: planId, rowKey, kind: "milestone", position, doc: JSON.stringify(doc), removed: false, actionId, status: "unrated", version: 1, updatedAt: at, updatedBy: actor.name, idempotencyKey };
    const history = { partitionKey: planId, rowKey: historyKey("milestone", milestone.id, 1), subject: "milestone", subjectId: milestone.id, version: 1, at, by: actor.id, byName: actor.name, source: actor.source, newStatus: "unrated", idempotencyKey, note };
    try {
      await this.submit(planId, (revision) => [["create", { ...state, revision }], ["create", history]]);
    } catch (error) {
      if (!isPlanTrackerError(error, "conflict")) throw error;
      const now = await this.readRow(planId, rowKey);
      if (now?.idempotencyKey === idempotencyKey) return { duplicate: true };
      throw new PlanTrackerError("conflict", `milestone ${milestone.id} was added by someone else at the same moment; yours was not written`, [], { cause: error });
    }
    return { duplicate: false };
  }

  /** A risk's review: its row's `review` and its history entry, conditional on the row's ETag. */
  async recordRiskReview(planId: string, r: Omit<RiskReviewRecord, "at" | "by" | "byName" | "source" | "version" | "etag">, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<RecordWrite<RiskReviewRecord>> {
    const rowKey = stateKey("risk", r.riskId);
    const row = await this.readRow(planId, rowKey);
    if (!row || row.removed || row.kind !== "risk") throw new PlanTrackerError("not-found", `risk ${r.riskId} is not in plan ${planId}`);
    const previous = reviewOf(row);
    if (row.idempotencyKey === idempotencyKey && previous) return { record: previous, duplicate: true };
    const version = row.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new PlanTrackerError("conflict", `risk ${r.riskId} was reviewed by ${previous?.byName ?? "someone"} since you opened it; nothing was written, look again`);
    }
    const at = new Date().toISOString();
    const next = version + 1;
    const review = { riskId: r.riskId, likelihood: r.likelihood, impact: r.impact, progress: r.progress, mitigation: r.mitigation, reviewedOn: r.reviewedOn, at, by: actor.id, byName: actor.name, source: actor.source };
    const before = previous ?? this.definitionAfter(row);
    const changes: FieldChange[] = [
      { field: "likelihood", from: before.likelihood, to: r.likelihood },
      { field: "impact", from: before.impact, to: r.impact },
      { field: "progress", from: before.progress, to: r.progress },
      { field: "mitigation", from: before.mitigation, to: r.mitigation },
      { field: "reviewedOn", from: before.reviewedOn ?? null, to: r.reviewedOn },
    ].filter((c) => c.from !== c.to);
    const history = {
      partitionKey: planId, rowKey: recordHistoryKeys.risk(r.riskId, next), subject: "risk", subjectId: r.riskId, version: next, at,
      by: actor.id, byName: actor.name, source: actor.source, idempotencyKey, changes: JSON.stringify(changes),
      note: `Reviewed on ${r.reviewedOn}: after mitigation ${r.likelihood} likelihood, ${r.impact} impact${r.progress ? `; progress: ${r.progress}` : ""}`,
    };
    try {
      await this.submit(planId, (revision) => [
        ["update", { partitionKey: planId, rowKey, review: JSON.stringify(review), version: next, idempotencyKey, revision }, "Merge", { etag: row.etag }],
        ["create", history],
      ]);
    } catch (error) {
      if (!isPlanTrackerError(error, "conflict")) throw error;
      const now = await this.readRow(planId, rowKey);
      const landed = now ? reviewOf(now) : undefined;
      if (now?.idempotencyKey === idempotencyKey && landed) return { record: landed, duplicate: true };
      throw new PlanTrackerError("conflict", `risk ${r.riskId} was reviewed by ${landed?.byName ?? "someone else"} at the same moment; yours was not written, look again`, [], { cause: error });
    }
    return { record: { ...review, version: next, idempotencyKey }, ...(previous ? { replaced: previous } : {}), duplicate: false };
  }

  /**
   * Several measurements (a CSV import): rows already holding the same figure are left
   * alone, the rest are written with their history, 50 to a transaction (Azure's limit
   * of 100 operations), each conditional on the row as read.
   */
  async recordMeasurements(planId: string, items: { measurement: Omit<MeasurementRecord, "at" | "by" | "byName" | "source" | "version" | "etag">; idempotencyKey: string }[], actor: Actor): Promise<{ written: MeasurementRecord[]; replaced: MeasurementRecord[]; unchanged: number }> {
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"s|km|"} and RowKey lt ${"s|km}"}`;
    const stored = new Map<string, StateRow>();
    for await (const page of this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
      for (const entity of page) {
        const row = this.parseRow(entity);
        stored.set(row.rowKey, row);
      }
    }
    const at = new Date().toISOString();
    const written: MeasurementRecord[] = [];
    const replaced: MeasurementRecord[] = [];
    let unchanged = 0;
    const actions: ((revision: number) => TransactionAction[])[] = [];
    for (const { measurement: m, idempotencyKey } of items) {
      const rowKey = recordKeys.measurement(m.kpiId, m.part, m.period);
      const row = stored.get(rowKey);
      const previous = row ? measurementOf(row) : undefined;
      if (row?.idempotencyKey === idempotencyKey || (previous && previous.value === m.value && previous.date === m.date && (previous.note ?? "") === (m.note ?? ""))) {
        unchanged++;
        continue;
      }
      const next = (row?.version ?? 0) + 1;
      const doc = { kpiId: m.kpiId, part: m.part, period: m.period, date: m.date, value: m.value, ...(m.note ? { note: m.note } : {}), at, by: actor.id, byName: actor.name, source: actor.source };
      const state = { partitionKey: planId, rowKey, kind: "measurement", position: 0, doc: JSON.stringify(doc), removed: false, version: next, idempotencyKey };
      const label = `${m.kpiId}${m.part ? ` (${m.part})` : ""}`;
      const history = {
        partitionKey: planId, rowKey: recordHistoryKeys.measurement(m.kpiId, m.part, m.period, next), subject: "kpi", subjectId: m.kpiId, version: next, at,
        by: actor.id, byName: actor.name, source: actor.source, idempotencyKey, period: m.period, ...(m.part ? { part: m.part } : {}),
        note: `${label} measured ${m.value} on ${m.date}${m.note ? `: ${m.note}` : ""}${previous ? ` (replaces the earlier record by ${previous.byName})` : ""}`,
        changes: JSON.stringify([{ field: "value", from: previous?.value ?? null, to: m.value }, { field: "date", from: previous?.date ?? null, to: m.date }]),
      };
      actions.push((revision) => [row ? ["update", { ...state, revision }, "Replace", { etag: row.etag }] : ["create", { ...state, revision }], ["create", history]]);
      written.push({ ...doc, version: next, idempotencyKey });
      if (previous) replaced.push(previous);
    }
    // 49 rows and their history to a transaction, with the head: within Azure's 100 operations.
    for (let i = 0; i < actions.length; i += 49) {
      try {
        await this.submit(planId, (revision) => actions.slice(i, i + 49).flatMap((build) => build(revision)));
      } catch (error) {
        if (!isPlanTrackerError(error, "conflict")) throw error;
        const landed = i === 0 ? "nothing was written" : `the first ${i} were written; run the import again to write the rest`;
        throw new PlanTrackerError("conflict", `measurements were recorded by someone else while the file was imported; ${landed}`, [], { cause: error });
      }
    }
    return { written, replaced, unchanged };
  }

  /**
   * An action lead's override of the derived status (or its clearing, `null`), from a card:
   * like PlanRepository.setActionOverride, plus the idempotency key and the version the
   * card showed, so a double click is recorded once and a stale card is refused.
   */
  async overrideAction(planId: string, actionId: string, override: { status: RagStatus; reason: string } | null, actor: Actor, idempotencyKey: string, expectedVersion?: number): Promise<{ duplicate: boolean; version: number }> {
    const rowKey = stateKey("action", actionId);
    const row = await this.readRow(planId, rowKey);
    if (!row || row.removed || row.kind !== "action") throw new PlanTrackerError("not-found", `action ${actionId} is not in plan ${planId}`);
    if (row.idempotencyKey === idempotencyKey) return { duplicate: true, version: row.version ?? 0 };
    const version = row.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version) throw new PlanTrackerError("conflict", `the overall status of action ${actionId} was changed by ${row.overrideBy || "someone"} since you opened it; nothing was written, look again`);
    const next = version + 1;
    const at = new Date().toISOString();
    // Merge cannot remove a property, so a cleared override is stored as empty strings, which assemblePlan ignores.
    const state = { partitionKey: planId, rowKey, overrideStatus: override?.status ?? "", overrideReason: override?.reason ?? "", overrideBy: override ? actor.name : "", overrideAt: override ? at : "", version: next, idempotencyKey };
    const history = {
      partitionKey: planId, rowKey: historyKey("action", actionId, next), subject: "action", subjectId: actionId, version: next, at, by: actor.id, byName: actor.name, source: actor.source, idempotencyKey,
      newStatus: override?.status, note: override ? `Overall status overridden: ${override.reason}` : "Override cleared; the derived status applies",
      changes: JSON.stringify([{ field: "override", from: row.overrideStatus ?? null, to: override?.status ?? null }]),
    };
    try {
      await this.submit(planId, (revision) => [["update", { ...state, revision }, "Merge", { etag: row.etag }], ["create", history]]);
    } catch (error) {
      if (!isPlanTrackerError(error, "conflict")) throw error;
      const now = await this.readRow(planId, rowKey);
      if (now?.idempotencyKey === idempotencyKey) return { duplicate: true, version: now.version ?? next };
      throw new PlanTrackerError("conflict", `the overall status of action ${actionId} was changed by someone else at the same moment; yours was not written, look again`, [], { cause: error });
    }
    return { duplicate: false, version: next };
  }

  /** The subject's history entries, oldest first. */
  async history(planId: string, subject: HistorySubject, id: string): Promise<HistoryRow[]> {
    const rows: HistoryRow[] = [];
    for (const prefix of subjectHistoryPrefixes(subject, id)) {
      const filter = odata`PartitionKey eq ${planId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`;
      for await (const page of this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 })) {
        for (const entity of page) {
          const parsed = historyRowSchema.safeParse(entity);
          if (!parsed.success) throw new PlanTrackerError("storage", `history row ${String(entity.rowKey)} of plan ${planId} is damaged`);
          rows.push(parsed.data);
        }
      }
    }
    return rows.sort((a, b) => a.at.localeCompare(b.at) || a.rowKey.localeCompare(b.rowKey));
  }

  private definitionAfter(row: StateRow): { likelihood?: string; impact?: string; progress?: string; mitigation?: string; reviewedOn?: string } {
    const doc = JSON.parse(row.doc) as { after?: { likelihood?: string; impact?: string }; progress?: string; mitigation?: string; lastReviewed?: string };
    return { likelihood: doc.after?.likelihood, impact: doc.after?.impact, progress: doc.progress ?? "", mitigation: doc.mitigation, reviewedOn: doc.lastReviewed };
  }

  private async writeRecord<T extends { byName: string }>(spec: RowWriteSpec<T>): Promise<RecordWrite<T>> {
    const { planId, rowKey, actor, idempotencyKey } = spec;
    const row = await this.readRow(planId, rowKey);
    if (row && row.idempotencyKey === idempotencyKey) return { record: spec.of(row), duplicate: true };
    const version = row?.version ?? 0;
    const previous = row ? spec.of(row) : undefined;
    if (spec.expectedVersion !== undefined && spec.expectedVersion !== version) {
      throw new PlanTrackerError("conflict", `${spec.what} was recorded by ${previous?.byName ?? "someone"} since you opened this; nothing was written, look again`);
    }
    const at = new Date().toISOString();
    const next = version + 1;
    const doc = { ...spec.doc, at, by: actor.id, byName: actor.name, source: actor.source };
    const state = { partitionKey: planId, rowKey, kind: spec.kind, position: 0, doc: JSON.stringify(doc), removed: false, version: next, idempotencyKey };
    const history = {
      partitionKey: planId, rowKey: spec.historyKey(next), subject: spec.history.subject, subjectId: spec.history.subjectId, version: next, at,
      by: actor.id, byName: actor.name, source: actor.source, idempotencyKey, ...(spec.history.period ? { period: spec.history.period } : {}),
      ...(spec.history.part ? { part: spec.history.part } : {}),
      note: previous ? `${spec.history.note} (replaces the earlier record by ${previous.byName})` : spec.history.note,
      changes: JSON.stringify(spec.history.changes(previous)),
    };
    try {
      await this.submit(planId, (revision) => [row ? ["update", { ...state, revision }, "Replace", { etag: row.etag }] : ["create", { ...state, revision }], ["create", history]]);
    } catch (error) {
      if (!isPlanTrackerError(error, "conflict")) throw error;
      // Someone else's write landed first, or this very write did (a retry): the key says which.
      const now = await this.readRow(planId, rowKey);
      if (now && now.idempotencyKey === idempotencyKey) return { record: spec.of(now), duplicate: true };
      const winner = now ? spec.of(now) : undefined;
      throw new PlanTrackerError("conflict", `${spec.what} was recorded by ${winner?.byName ?? "someone else"} at the same moment; yours was not written, look again`, [], { cause: error });
    }
    const stored = this.parseRow({ ...state, etag: "" });
    return { record: { ...spec.of(stored), etag: undefined }, ...(previous ? { replaced: previous } : {}), duplicate: false };
  }

  private async readRow(planId: string, rowKey: string): Promise<StateRow | undefined> {
    try {
      return this.parseRow(await this.table.getEntity(planId, rowKey));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private parseRow(entity: unknown): StateRow {
    // A cleared override is stored as empty strings (Merge cannot remove a property).
    const raw = entity as Record<string, unknown>;
    const cleaned = raw.overrideStatus === "" ? (({ overrideStatus: _s, overrideReason: _r, overrideBy: _b, overrideAt: _a, ...rest }) => rest)(raw) : raw;
    const parsed = stateRowSchema.safeParse(cleaned);
    if (!parsed.success) throw new PlanTrackerError("storage", `stored row ${String((entity as { rowKey?: unknown }).rowKey)} is damaged`);
    return parsed.data;
  }
}

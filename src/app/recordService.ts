import { createHash } from "node:crypto";
import { todayIn, type IsoDate } from "../domain/dates";
import { findHistoryTarget } from "../domain/historyTarget";
import type { CommentaryRecord, MeasurementRecord, QiFindingRecord, RiskReviewRecord } from "../domain/records";
import {
  checkCommentary,
  checkFinding,
  checkMeasurement,
  checkRiskReview,
  type CommentaryInput,
  type FindingInput,
  type MeasurementInput,
  type RiskReviewInput,
} from "../domain/recordRules";
import { PlanTrackerError } from "../errors";
import type { RagStatus } from "../domain/status";
import { readMeasurementCsv } from "../import/readMeasurementCsv";
import type { Actor } from "../storage/planDiff";
import type { HistoryRow } from "../storage/planRows";
import type { PlanRecordStore, RecordWrite } from "../storage/planRecordStore";
import type { PlanService } from "./planService";
import { accepted, writeContext, type WriteOptions } from "./recordWrites";

/**
 * Recording what the plan's monthly cycle gathers besides milestone statuses — KPI
 * measurements, risk reviews, QI findings, leads' commentary — for the CLI and the
 * bot alike: each input checked by the domain's rules, then written with history.
 * Who may write is decided by the caller (the bot, from aadObjectId; the CLI is an admin's).
 */
export class RecordService {
  constructor(
    private readonly plans: PlanService,
    private readonly store: PlanRecordStore,
  ) {}

  private context(planId: string, options: WriteOptions) {
    return writeContext(this.plans, planId, options);
  }

  /** Every record write raises the plan's head (PlanRecordStore), so each instance's next look sees it. */
  private async writing<T>(_planId: string, write: () => Promise<T>): Promise<T> {
    return write();
  }

  async recordMeasurement(planId: string, input: MeasurementInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<MeasurementRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const measurement = accepted(checkMeasurement(view.plan, input, today), "the measurement");
    const expected = options.expectedVersionOf?.(measurement.part, measurement.period) ?? options.expectedVersion;
    return this.writing(planId, () => this.store.recordMeasurement(planId, measurement, actor, key, expected));
  }

  /** A dashboard export: all or nothing, errors by row and column; the same file twice records nothing new. */
  async importMeasurements(planId: string, fileName: string, text: string, actor: Actor, options: { today?: IsoDate; dryRun?: boolean } = {}) {
    const view = await this.plans.view(planId);
    const rows = readMeasurementCsv(text, fileName, view.plan, options.today ?? todayIn(view.plan.timeZone));
    if (options.dryRun) return { rows: rows.length, written: [], replaced: [], unchanged: 0, dryRun: true };
    const file = createHash("sha256").update(text).digest("hex").slice(0, 16);
    const items = rows.map(({ row, measurement }) => ({ measurement, idempotencyKey: `csv:${file}:${row}` }));
    const result = await this.writing(planId, () => this.store.recordMeasurements(planId, items, actor));
    return { rows: rows.length, ...result, dryRun: false };
  }

  async reviewRisk(planId: string, input: RiskReviewInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<RiskReviewRecord> & { nextReview: IsoDate }> {
    const { view, today, key } = await this.context(planId, options);
    const { nextReview, ...review } = accepted(checkRiskReview(view.plan, input, today), "the review");
    const result = await this.writing(planId, () => this.store.recordRiskReview(planId, review, actor, key, options.expectedVersion));
    return { ...result, nextReview };
  }

  async recordFinding(planId: string, input: FindingInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<QiFindingRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const finding = accepted(checkFinding(view.plan, input, today), "the finding");
    return this.writing(planId, () => this.store.recordFinding(planId, finding, actor, key, options.expectedVersion));
  }

  async recordCommentary(planId: string, input: CommentaryInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<CommentaryRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const commentary = accepted(checkCommentary(view.plan, input, today), "the commentary");
    return this.writing(planId, () => this.store.recordCommentary(planId, commentary, actor, key, options.expectedVersion));
  }

  /** Sets (or clears, `null`) an action's override of its derived status, from a card: once per key, refused if the card is stale. */
  async overrideAction(planId: string, actionId: string, override: { status: RagStatus; reason: string } | null, actor: Actor, options: WriteOptions = {}) {
    const { key } = await this.context(planId, options);
    return this.writing(planId, () => this.store.overrideAction(planId, actionId, override, actor, key, options.expectedVersion));
  }

  /** The history of a milestone, an action (overrides and commentary), a KPI, a risk or a QI, oldest first. */
  async history(planId: string, target: string): Promise<{ target: { subject: string; id: string; label: string }; entries: HistoryRow[] }> {
    const view = await this.plans.view(planId);
    const found = findHistoryTarget(view.plan, target);
    if (!found) throw new PlanTrackerError("not-found", `"${target}" is not a milestone, action, KPI, risk or QI of plan ${planId}`);
    const entries = found.subject === "milestone" ? await this.plans.milestoneHistory(planId, found.id) : await this.store.history(planId, found.subject, found.id);
    return { target: found, entries };
  }
}

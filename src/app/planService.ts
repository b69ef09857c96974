import type { Plan } from "../domain/plan";
import type { RagStatus } from "../domain/status";
import type { PlanView } from "../domain/view";
import { PlanTrackerError, isPlanTrackerError } from "../errors";
import { planFileFormat, readPlanFile } from "../import/readPlanFile";
import type { CatalogRepository } from "../storage/catalogRepository";
import { diffPlan, isUnchanged, type Actor, type ImportReport } from "../storage/planDiff";
import type { MilestoneUpdate, PlanRepository, RecordedUpdate } from "../storage/planRepository";
import { planToRows } from "../storage/planRows";
import { SharedReads } from "./sharedReads";

/** How long a process waits for another one that is loading the sample plan. */
const SEED_WAIT_MS = 15_000;

/**
 * What the CLI, the bot and the scheduler do with plans, in one place: each of them
 * calls these methods and renders the result its own way.
 *
 * Reading a plan is one range query of its partition, but a bot answering fifty people at
 * once would make fifty of them, and parse fifty copies. So reads are shared: everyone who
 * asks while a read is running gets that read, and its result serves for `freshForMs`
 * (default 2 s) after it lands. Writes made through this process drop the cached plan at
 * once; another instance's writes are seen within `freshForMs`. Nothing is written from a
 * cached read without a check: every state write is conditional on the ETag of the row as
 * stored, so a stale view can show old figures for a moment but can never overwrite.
 */
export class PlanService {
  private readonly views: SharedReads<PlanView>;
  private readonly catalogReads: SharedReads<Awaited<ReturnType<CatalogRepository["list"]>>>;

  constructor(
    private readonly plans: PlanRepository,
    private readonly catalog: CatalogRepository,
    private readonly defaultPlanId?: string,
    freshForMs = 2000,
  ) {
    this.views = new SharedReads(freshForMs);
    this.catalogReads = new SharedReads(freshForMs);
  }

  /** Forgets what this process read of a plan (and the catalog), after it wrote to them. */
  private forget(planId: string): void {
    this.views.forget(planId);
    this.catalogReads.forget();
  }

  /** Something of the plan was written beside this service (a record): its next read is fresh. */
  forgetPlan(planId: string): void {
    this.forget(planId);
  }

  /** The plan to use: the one asked for, else the configured default, else the only one stored. */
  async resolvePlanId(requested?: string): Promise<string> {
    if (requested) return requested;
    if (this.defaultPlanId) return this.defaultPlanId;
    const stored = await this.listPlans();
    if (stored.length === 1) return stored[0]!.id;
    if (stored.length === 0) throw new PlanTrackerError("not-found", "no plan is stored yet; import one with `plan-tracker import <file>`");
    throw new PlanTrackerError("invalid-input", `${stored.length} plans are stored (${stored.map((p) => p.id).join(", ")}); say which with --plan`);
  }

  async listPlans() {
    return this.catalogReads.get("catalog", () => this.catalog.list());
  }

  /** The plan as stored; `fresh` reads it now rather than using what this process read in the last moments. */
  async view(planId: string, options: { fresh?: boolean } = {}): Promise<PlanView> {
    return this.views.get(
      planId,
      async () => {
        const view = await this.plans.readView(planId);
        if (!view) throw new PlanTrackerError("not-found", `plan ${planId} is not stored; import it first`);
        return view;
      },
      options,
    );
  }

  /**
   * Imports a plan file (JSON, or a CSV of milestones for a stored plan). Nothing is
   * written unless the whole file is valid; recorded statuses and history are kept.
   */
  async importFile(fileName: string, text: string, actor: Actor, options: { planId?: string; dryRun?: boolean } = {}): Promise<ImportReport> {
    // A CSV holds only milestones: it revises the stored plan, which must be read first.
    const storedView = planFileFormat(fileName) === "csv" ? await this.view(await this.resolvePlanId(options.planId)) : undefined;
    const stored = storedView ? (storedView.definition ?? storedView.plan) : undefined;
    const plan = readPlanFile(text, fileName, stored);
    if (options.planId && plan.id !== options.planId) {
      throw new PlanTrackerError("invalid-input", `${fileName} holds plan ${plan.id}, not ${options.planId}; nothing was imported`);
    }
    return this.importPlan(plan, actor, options.dryRun ?? false);
  }

  async importPlan(plan: Plan, actor: Actor, dryRun = false): Promise<ImportReport> {
    const existing = await this.plans.readStateRows(plan.id);
    const now = new Date().toISOString();
    const { report, groups } = diffPlan(plan.id, planToRows(plan), existing, actor, now);
    if (dryRun) return report;
    try {
      if (!isUnchanged(report)) await this.plans.applyWrites(plan.id, groups);
      await this.catalog.record(plan.id, plan.title, now);
    } finally {
      this.forget(plan.id);
    }
    return report;
  }

  /**
   * Loads the sample plan into an empty store (the embedded default only). Processes
   * starting together may all try: their conditional inserts conflict, one import
   * completes, and the others wait until the plan is in the catalog.
   */
  async seedIfEmpty(load: () => Promise<{ fileName: string; text: string }>): Promise<ImportReport | undefined> {
    if ((await this.catalog.list()).length > 0) return undefined;
    const { fileName, text } = await load();
    try {
      return await this.importFile(fileName, text, { id: "import", name: "Sample plan", source: "import" });
    } catch (error) {
      if (!isPlanTrackerError(error, "conflict")) throw error;
    }
    for (let waited = 0; waited < SEED_WAIT_MS; waited += 100) {
      if ((await this.catalog.list()).length > 0) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new PlanTrackerError("storage", "another process started loading the sample plan and did not finish; run the command again");
  }

  /** Runs a write and forgets the cached plan, whether it landed or not (a conflict means the cache is behind). */
  private async writing<T>(planId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.forget(planId);
    }
  }

  async recordMilestoneUpdate(planId: string, milestoneId: string, update: MilestoneUpdate, actor: Actor, expectedVersion?: number): Promise<RecordedUpdate> {
    // The row as this process last read it: if it is still so, the update is one transaction and no read.
    const seen = await this.cachedMilestone(planId, milestoneId);
    return this.writing(planId, () => this.plans.recordMilestoneUpdate(planId, milestoneId, update, actor, expectedVersion, seen));
  }

  private async cachedMilestone(planId: string, milestoneId: string) {
    const state = (await this.views.settled(planId))?.milestones.get(milestoneId);
    return state?.etag ? { etag: state.etag, status: state.status, version: state.version } : undefined;
  }

  async snoozeMilestone(planId: string, milestoneId: string, until: string, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    return this.writing(planId, () => this.plans.snoozeMilestone(planId, milestoneId, until, actor, expectedVersion, idempotencyKey));
  }

  async recordMilestoneEvent(planId: string, milestoneId: string, note: string, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    return this.writing(planId, () => this.plans.recordEvent(planId, milestoneId, note, {}, actor, expectedVersion, idempotencyKey));
  }

  async setActionOverride(planId: string, actionId: string, override: { status: RagStatus; reason: string } | null, actor: Actor): Promise<void> {
    return this.writing(planId, () => this.plans.setActionOverride(planId, actionId, override, actor));
  }

  async milestoneHistory(planId: string, milestoneId?: string) {
    return this.plans.milestoneHistory(planId, milestoneId);
  }
}

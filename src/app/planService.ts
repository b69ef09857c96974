import { planSchema, type Plan } from "../domain/plan";
import type { RagStatus } from "../domain/status";
import type { PlanView } from "../domain/view";
import { PlanTrackerError, isPlanTrackerError } from "../errors";
import { formatIssues } from "../import/formatIssues";
import { planFileFormat, readPlanFile } from "../import/readPlanFile";
import type { CatalogRepository } from "../storage/catalogRepository";
import { diffPlan, isUnchanged, type Actor, type ImportReport } from "../storage/planDiff";
import { assemblePlan } from "../storage/assemblePlan";
import { accessTagOf, type MilestoneUpdate, type PlanHead, type PlanRepository, type RecordedUpdate } from "../storage/planRepository";
import { planToRows, type StateRow } from "../storage/planRows";

/** How long the list of stored plans is kept at most (see listPlans). */
const CATALOG_KEEP_MS = 5_000;

/** The head tag of a plan that is not stored yet. */
const NEW_PLAN_TAG = "new";

/** How long a process waits for another one that is loading the sample plan. */
const SEED_WAIT_MS = 15_000;

/** What this process holds of a plan: its rows and view as of a head it read. */
interface HeldPlan {
  head: PlanHead;
  /** The revision after which rows are read again when the head changes. */
  since: number;
  rows: Map<string, StateRow>;
  view: PlanView;
}

/**
 * What the CLI, the bot and the scheduler do with plans, in one place: each of them
 * calls these methods and renders the result its own way.
 *
 * Every look at a plan first reads its head (one point read of one small entity). The
 * head changes in the same transaction as every write of the plan's state, so when it is
 * unchanged the plan this process holds is the stored plan, exactly, whichever instance
 * wrote last; when it has changed, one query returns only the rows written since (each
 * row carries the revision that wrote it) and the plan is rebuilt from those and the rows
 * already held. Everyone asking while a look is running shares it. Writes stay conditional
 * on the ETag of each row as stored.
 */
export class PlanService {
  private readonly held = new Map<string, HeldPlan>();
  private readonly looking = new Map<string, Promise<PlanView>>();
  private catalogRead: Promise<Awaited<ReturnType<CatalogRepository["list"]>>> | undefined;
  private catalogReadAt = 0;

  constructor(
    private readonly plans: PlanRepository,
    private readonly catalog: CatalogRepository,
    /** PLAN_ID: the plan of a conversation that names none, when several are stored. */
    readonly defaultPlanId?: string,
  ) {}

  /**
   * The access tag of the head this process last read for a plan: what the caches of the
   * plan's data outside its partition (links, admins) are kept on. An update of a milestone
   * leaves it as it is, so a turn after one reads the changed rows and nothing else.
   */
  headSeen(planId: string): string | undefined {
    const held = this.held.get(planId);
    return held ? accessTagOf(held.head) : undefined;
  }

  /** Makes every instance read again a plan's data outside its partition (its links, admins, the catalog). */
  async touch(planId: string): Promise<void> {
    await this.plans.touchHead(planId);
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

  /**
   * The stored plans. Kept until a plan head this process reads changes (recording a new
   * plan in the catalog touches the heads of the plans already there), and at most
   * CATALOG_KEEP_MS: a process that has not looked at any plan since it listed them (one
   * that only loaded the sample) still sees a plan another process added, within seconds.
   */
  async listPlans() {
    if (!this.catalogRead || Date.now() - this.catalogReadAt > CATALOG_KEEP_MS) {
      const read = this.catalog.list();
      this.catalogRead = read;
      this.catalogReadAt = Date.now();
      read.catch(() => this.catalogRead === read && (this.catalogRead = undefined));
    }
    return this.catalogRead;
  }

  /**
   * The plan as stored now. Callers arriving while a look is running share it; `fresh`
   * starts a new look rather than joining one that began before the caller asked.
   */
  async view(planId: string, options: { fresh?: boolean } = {}): Promise<PlanView> {
    const running = this.looking.get(planId);
    if (running && !options.fresh) return running;
    const look = this.look(planId);
    this.looking.set(planId, look);
    const settle = () => this.looking.get(planId) === look && this.looking.delete(planId);
    look.then(settle, settle);
    return look;
  }

  private async look(planId: string): Promise<PlanView> {
    const held = this.held.get(planId);
    const head = await this.plans.readHead(planId);
    if (held && held.head.etag === head.etag && head.importingFrom === 0) return held.view;
    // A plan's access tag changed (a plan was added), or this process looks at it for the first time: the catalog may be older than it.
    if (!held || accessTagOf(held.head) !== accessTagOf(head)) this.catalogRead = undefined;
    // While an import's rows are landing the head is not raised with each of them: read again from where it began.
    const since = head.importingFrom > 0 ? Math.min(head.revision, head.importingFrom - 1) : head.revision;
    let rows: Map<string, StateRow>;
    if (held) {
      // The held rows are brought forward in place: a copy of every row on each change was most of
      // what a change left behind for the collector at 20,000 milestones. A row is replaced only by
      // the same or a later revision of itself, so looks that overlap can never take one back.
      rows = held.rows;
      for (const row of await this.plans.readStateRows(planId, held.since)) {
        const before = rows.get(row.rowKey);
        if (!before || (before.revision ?? 0) <= (row.revision ?? 0)) rows.set(row.rowKey, row);
      }
    } else {
      rows = new Map((await this.plans.readStateRows(planId)).map((row) => [row.rowKey, row]));
    }
    const view = assemblePlan(planId, [...rows.values()]);
    if (!view) {
      this.held.delete(planId);
      throw new PlanTrackerError("not-found", `plan ${planId} is not stored; import it first`);
    }
    this.held.set(planId, { head, since, rows, view });
    return view;
  }

  /**
   * Imports a plan file (JSON, or a CSV of milestones for a stored plan). Nothing is
   * written unless the whole file is valid; recorded statuses and history are kept.
   */
  async importFile(fileName: string, text: string, actor: Actor, options: { planId?: string; dryRun?: boolean; expectedHead?: string; overwrite?: boolean } = {}): Promise<ImportReport> {
    // A CSV holds only milestones: it revises the stored plan, which must be read first.
    const storedView = planFileFormat(fileName) === "csv" ? await this.view(await this.resolvePlanId(options.planId)) : undefined;
    const stored = storedView ? (storedView.definition ?? storedView.plan) : undefined;
    const plan = readPlanFile(text, fileName, stored);
    if (options.planId && plan.id !== options.planId) {
      throw new PlanTrackerError("invalid-input", `${fileName} holds plan ${plan.id}, not ${options.planId}; nothing was imported`);
    }
    return this.importChecked(plan, actor, options.dryRun ?? false, options.expectedHead, options.overwrite ?? false);
  }

  /**
   * The plan's head as stored now, as a tag ("new" for a plan not stored): a dry run records
   * it, and its confirmation imports only if the plan still has it (importFile's expectedHead).
   */
  async headTag(planId: string): Promise<string> {
    return (await this.plans.readHead(planId)).etag ?? NEW_PLAN_TAG;
  }

  /** Imports a plan: validated as a whole here, so that reads need not validate it again. */
  async importPlan(plan: Plan, actor: Actor, dryRun = false): Promise<ImportReport> {
    const checked = planSchema.safeParse(plan);
    if (!checked.success) throw new PlanTrackerError("invalid-input", `plan ${plan.id} is not valid; nothing was imported`, formatIssues(checked.error.issues));
    return this.importChecked(checked.data, actor, dryRun);
  }

  private async importChecked(plan: Plan, actor: Actor, dryRun: boolean, expectedHead?: string, overwrite = false): Promise<ImportReport> {
    const head = await this.plans.readHead(plan.id);
    // The write below is conditional on this head too: of two imports confirmed at once, one lands.
    if (expectedHead !== undefined && (head.etag ?? NEW_PLAN_TAG) !== expectedHead) {
      throw new PlanTrackerError("conflict", `plan ${plan.id} has changed since this dry run (another import or update landed first); nothing was imported`);
    }
    const existing = await this.plans.readStateRows(plan.id);
    const now = new Date().toISOString();
    const { report, groups, settles } = diffPlan(plan.id, planToRows(plan), existing, actor, now, { overwrite });
    if (dryRun) return report;
    if (!isUnchanged(report) || settles) await this.plans.applyWrites(plan.id, groups, head);
    const catalogChange = await this.catalog.record(plan.id, plan.title, now);
    if (catalogChange !== "unchanged") {
      // Other instances keep the catalog until the access tag of a plan they look at changes. A new plan's head
      // has a tag of its own: the others are touched. A new title is touched on its own plan; elsewhere it shows
      // within CATALOG_KEEP_MS (touching every plan would also fail dry runs of plans that did not change).
      this.catalogRead = undefined;
      const touch = catalogChange === "added" ? (await this.listPlans()).map((p) => p.id).filter((id) => id !== plan.id) : [plan.id];
      const touched = await Promise.allSettled(touch.map((id) => this.plans.touchHead(id)));
      const failed = touched.find((t) => t.status === "rejected");
      // The import has landed; an instance that missed the touch reads the catalog again within CATALOG_KEEP_MS anyway.
      if (failed) throw new PlanTrackerError("storage", `plan ${plan.id} was imported, but other instances could not be told at once (they see it within seconds): ${String(failed.reason)}`, [], { cause: failed.reason });
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

  async recordMilestoneUpdate(planId: string, milestoneId: string, update: MilestoneUpdate, actor: Actor, expectedVersion?: number): Promise<RecordedUpdate> {
    // The row as this process last read it: if it is still so, the update is one transaction and no read.
    const seen = await this.cachedMilestone(planId, milestoneId);
    return this.plans.recordMilestoneUpdate(planId, milestoneId, update, actor, expectedVersion, seen);
  }

  private async cachedMilestone(planId: string, milestoneId: string) {
    const held = this.held.get(planId);
    const state = held?.view.milestones.get(milestoneId);
    return held && state?.etag ? { etag: state.etag, status: state.status, version: state.version, head: held.head } : undefined;
  }

  async snoozeMilestone(planId: string, milestoneId: string, until: string, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    return this.plans.snoozeMilestone(planId, milestoneId, until, actor, expectedVersion, idempotencyKey);
  }

  async recordMilestoneEvent(planId: string, milestoneId: string, note: string, actor: Actor, expectedVersion: number, idempotencyKey?: string): Promise<RecordedUpdate> {
    return this.plans.recordEvent(planId, milestoneId, note, {}, actor, expectedVersion, idempotencyKey);
  }

  async setActionOverride(planId: string, actionId: string, override: { status: RagStatus; reason: string } | null, actor: Actor): Promise<void> {
    return this.plans.setActionOverride(planId, actionId, override, actor);
  }

  async milestoneHistory(planId: string, milestoneId?: string) {
    return this.plans.milestoneHistory(planId, milestoneId);
  }
}

import { randomUUID } from "node:crypto";
import { todayIn } from "../domain/dates";
import { isWorkingTime, type WorkingHours } from "../domain/workingDays";
import type { LeaseRepository } from "../storage/leaseRepository";
import type { DigestCycle, DigestReport } from "./digestCycle";
import { withPlanLease } from "./planLease";
import type { PlanService } from "./planService";
import type { CycleReport, PromptCycle } from "./promptCycle";

export interface SchedulerOptions {
  hours: WorkingHours;
  intervalMs: number;
  leaseSeconds: number;
  now: () => Date;
  log: (message: string) => void;
}

export interface TickReport {
  planId: string;
  /** False when another instance held the plan's lease. */
  ran: boolean;
  prompts?: CycleReport;
  digests?: DigestReport;
}

/**
 * Runs each stored plan's prompt cycle and board digests on a timer in the bot process,
 * only in working hours on working days in the plan's time zone, under the plan's lease:
 * several instances may run the scheduler, one at a time runs a plan.
 */
export class PlanScheduler {
  private readonly instanceId = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Boards already reported as due without a channel, so the log says it once per meeting, not every tick. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly plans: PlanService,
    private readonly leases: LeaseRepository,
    private readonly prompts: PromptCycle,
    private readonly digests: DigestCycle,
    private readonly options: SchedulerOptions,
  ) {}

  /** Ticks now (a digest or prompt missed while the bot was down goes out as soon as it is back), then on the interval. */
  start(): void {
    const run = () => {
      if (this.running) return; // the previous tick is still going: skip, don't pile up
      this.running = this.tick()
        .catch((error: unknown) => this.options.log(`Scheduled cycle failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(run, this.options.intervalMs);
    this.timer.unref();
    run();
  }

  /** One look at every plan: prompts and digests run for those in working time now. */
  async tick(now: Date = this.options.now()): Promise<TickReport[]> {
    const reports: TickReport[] = [];
    for (const { id } of await this.plans.listPlans()) {
      const { timeZone } = (await this.plans.view(id)).plan;
      if (!isWorkingTime(now, timeZone, this.options.hours)) continue;
      const asOf = todayIn(timeZone, now);
      const ran = await withPlanLease(this.leases, id, this.instanceId, this.options.leaseSeconds * 1000, async (lease) => {
        const prompts = await this.prompts.runHeld(id, asOf, lease);
        const digests = await this.digests.runHeld(id, asOf, lease);
        return { prompts, digests };
      });
      if (ran) this.logOutcome(id, ran.prompts, ran.digests);
      reports.push({ planId: id, ran: ran !== undefined, ...ran });
    }
    return reports;
  }

  private logOutcome(planId: string, prompts: CycleReport, digests: DigestReport): void {
    const { log } = this.options;
    if (prompts.sent.length + prompts.unreachable.length + prompts.failed.length + prompts.reminded.length + prompts.escalated.length > 0) {
      log(`Prompt cycle ${prompts.cycle} of ${planId}: ${prompts.sent.length} sent, ${prompts.unreachable.length} unreachable, ${prompts.failed.length} failed, ${prompts.reminded.length} reminded, ${prompts.escalated.length} escalated`);
    }
    for (const d of digests.posted) log(`Digest for ${d.boardId} (meeting ${d.meeting}) posted`);
    for (const boardId of digests.noChannel) {
      const key = `${planId}|${boardId}|${prompts.cycle}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      log(`A digest for ${boardId} is due but no channel is registered: an admin types "digest here for ${boardId}" in the board's channel`);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

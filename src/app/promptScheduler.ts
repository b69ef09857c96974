import { todayIn } from "../domain/dates";
import { isWorkingTime, type WorkingHours } from "../domain/workingDays";
import type { CycleReport, PromptCycle } from "./promptCycle";
import type { PlanService } from "./planService";

export interface SchedulerOptions {
  hours: WorkingHours;
  intervalMs: number;
  now: () => Date;
  log: (message: string) => void;
}

/**
 * Runs the prompt cycle of every stored plan on a timer in the bot process, only in
 * working hours on working days in each plan's time zone. Several instances may run
 * it: the cycle's lease and conditional inserts keep prompts to one per owner per cycle.
 */
export class PromptScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly plans: PlanService,
    private readonly cycle: PromptCycle,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return; // the previous tick is still going: skip, don't pile up
      this.running = this.tick()
        .catch((error: unknown) => this.options.log(`Prompt cycle failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** One look at every plan: the cycle runs for those in working time now. */
  async tick(now: Date = this.options.now()): Promise<CycleReport[]> {
    const reports: CycleReport[] = [];
    for (const { id } of await this.plans.listPlans()) {
      const { timeZone } = (await this.plans.view(id)).plan;
      if (!isWorkingTime(now, timeZone, this.options.hours)) continue;
      const report = await this.cycle.run(id, todayIn(timeZone, now));
      if (report.ran && report.sent.length + report.unreachable.length + report.failed.length > 0) {
        this.options.log(`Prompt cycle ${report.cycle} of ${id}: ${report.sent.length} sent, ${report.unreachable.length} unreachable, ${report.failed.length} failed`);
      }
      reports.push(report);
    }
    return reports;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

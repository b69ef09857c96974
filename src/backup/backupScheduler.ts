import type { DailyBackup, DailyBackupReport } from "./dailyBackup";

/** Checks every few minutes (BACKUP_CHECK_MINUTES) whether today's backup is written, and writes it if not. */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<DailyBackupReport> | undefined;

  constructor(
    private readonly backup: DailyBackup,
    private readonly intervalMs: number,
    /** The first check, a little after start-up so that it does not slow the start. */
    private readonly firstAfterMs = 30_000,
  ) {}

  start(): void {
    this.first = setTimeout(() => this.check(), this.firstAfterMs);
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.first.unref();
    this.timer.unref();
  }

  /** One check now (a run in progress is not doubled). DailyBackup.run never throws. */
  check(): Promise<DailyBackupReport> {
    this.running ??= this.backup.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }
}

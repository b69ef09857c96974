import { randomUUID } from "node:crypto";
import type { LogFunction } from "../logging/logger";
import type { BackupRepository } from "../storage/backupRepository";
import type { LeaseRepository } from "../storage/leaseRepository";
import type { BackupDestination } from "./backupDestination";
import type { BackupTables } from "./backupTables";
import { exportBackup } from "./exportBackup";

export interface DailyBackupReport {
  day: string;
  outcome: "done" | "already done" | "held elsewhere" | "failed";
  location?: string;
  rows?: number;
  /** A failure's reference id, as logged and as `plan-tracker backups` shows it. */
  reference?: string;
}

const LEASE = "backup|daily";

/**
 * The scheduled backup: an export of every table once a day (UTC), across every instance. It runs
 * under a lease, and claims the day with a conditional insert in the backups table, so two
 * instances never both write one. A failure (the store unreachable, the destination refusing) is
 * logged with a reference id and recorded when the store answers; it never throws, so the bot and
 * /readyz carry on, and the next check that day tries again.
 */
export class DailyBackup {
  readonly instanceId = randomUUID();

  constructor(
    private readonly tables: BackupTables,
    private readonly records: BackupRepository,
    private readonly leases: LeaseRepository,
    private readonly destination: BackupDestination,
    private readonly options: { appVersion: string; leaseSeconds: number; log: LogFunction; now?: () => Date },
  ) {}

  describe(): string {
    return this.destination.describe();
  }

  async run(): Promise<DailyBackupReport> {
    const now = this.options.now?.() ?? new Date();
    const day = now.toISOString().slice(0, 10);
    const ttlMs = this.options.leaseSeconds * 1000;
    let held = false;
    try {
      held = await this.leases.acquire(LEASE, this.instanceId, ttlMs, now);
      if (!held) return { day, outcome: "held elsewhere" };
      const claim = await this.records.claim(day, now, ttlMs);
      if (!claim) return { day, outcome: "already done" };
      try {
        const written = await this.destination.write(`plan-tracker-${day}.jsonl.gz`, (file) => exportBackup(this.tables, file, { appVersion: this.options.appVersion, now }));
        await this.records.finish(claim, { state: "done", location: written.location, rows: written.result.rows, bytes: written.bytes }, new Date());
        this.options.log(`Daily backup ${day} written to ${written.location} (${written.result.rows} rows)`);
        return { day, outcome: "done", location: written.location, rows: written.result.rows };
      } catch (error) {
        const reference = this.failed(day, error);
        await this.records.finish(claim, { state: "failed", reference, error: messageOf(error).slice(0, 1000) }, new Date()).catch((recordError: unknown) => {
          this.options.log("the daily backup's failure could not be recorded", { level: "error", reference, error: messageOf(recordError) });
        });
        return { day, outcome: "failed", reference };
      }
    } catch (error) {
      return { day, outcome: "failed", reference: this.failed(day, error) };
    } finally {
      if (held) {
        await this.leases.release(LEASE, this.instanceId).catch((error: unknown) => {
          this.options.log("the daily backup's lease could not be released (it expires by itself)", { level: "warn", error: messageOf(error) });
        });
      }
    }
  }

  private failed(day: string, error: unknown): string {
    const reference = randomUUID().slice(0, 8);
    this.options.log(`Daily backup ${day} failed (reference ${reference}); the next check tries again`, { level: "error", reference, error: messageOf(error) });
    return reference;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

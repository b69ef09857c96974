import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

const PARTITION = "daily";

const rowSchema = z.looseObject({
  rowKey: z.string(),
  etag: z.string(),
  state: z.enum(["running", "done", "failed"]),
  attempts: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  location: z.string().optional(),
  rows: z.number().int().optional(),
  bytes: z.number().optional(),
  reference: z.string().optional(),
  error: z.string().optional(),
});

export interface BackupRecord {
  day: string;
  state: "running" | "done" | "failed";
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  /** Where the file went: a path under DATA_DIR/backups, or a blob URL. */
  location?: string;
  rows?: number;
  bytes?: number;
  /** A failure's reference id, as logged. */
  reference?: string;
  error?: string;
}

/** A run's hold on a day: the record's ETag after its claim. */
export interface BackupClaim {
  day: string;
  etag: string;
  attempts: number;
  startedAt: string;
}

export type BackupOutcome = { state: "done"; location: string; rows: number; bytes: number } | { state: "failed"; reference: string; error: string };

const toRecord = (row: z.output<typeof rowSchema>): BackupRecord => ({
  day: row.rowKey,
  state: row.state,
  attempts: row.attempts,
  startedAt: row.startedAt,
  ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
  ...(row.location ? { location: row.location } : {}),
  ...(row.rows !== undefined ? { rows: row.rows } : {}),
  ...(row.bytes !== undefined ? { bytes: row.bytes } : {}),
  ...(row.reference ? { reference: row.reference } : {}),
  ...(row.error ? { error: row.error } : {}),
});

/**
 * The backups table: one record per day's scheduled backup, so that it runs once a day across
 * instances. A run claims the day with a conditional insert (or, after a failure, a write
 * conditional on the failed record's ETag); whoever loses the race does nothing.
 */
export class BackupRepository {
  constructor(private readonly table: TableClient) {}

  /** The day's claim (its ETag) for this run, or undefined when the day's backup is done or another run holds it. */
  async claim(day: string, now: Date, staleAfterMs: number): Promise<BackupClaim | undefined> {
    const startedAt = now.toISOString();
    const current = await this.read(day);
    try {
      if (!current) return { day, startedAt, attempts: 1, etag: (await this.table.createEntity({ partitionKey: PARTITION, rowKey: day, state: "running", attempts: 1, startedAt })).etag! };
      // A running record older than the lease was left by an instance that died: taken over, as a failed one is.
      const stale = current.state === "running" && Date.parse(current.startedAt) + staleAfterMs < now.getTime();
      if (current.state === "done" || (current.state === "running" && !stale)) return undefined;
      const attempts = current.attempts + 1;
      return { day, startedAt, attempts, etag: (await this.table.updateEntity({ partitionKey: PARTITION, rowKey: day, state: "running", attempts, startedAt }, "Replace", { etag: current.etag })).etag! };
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return undefined;
      throw error;
    }
  }

  async finish(claim: BackupClaim, outcome: BackupOutcome, now: Date): Promise<void> {
    await this.table.updateEntity({ partitionKey: PARTITION, rowKey: claim.day, attempts: claim.attempts, startedAt: claim.startedAt, finishedAt: now.toISOString(), ...outcome }, "Replace", { etag: claim.etag });
  }

  async get(day: string): Promise<BackupRecord | undefined> {
    const row = await this.read(day);
    return row && toRecord(row);
  }

  /** The most recent days' records, newest first. */
  async recent(limit: number): Promise<BackupRecord[]> {
    const records: BackupRecord[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` } })) {
      const row = rowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `backup record ${String(entity.rowKey)} is damaged`);
      records.push(toRecord(row.data));
    }
    return records.sort((a, b) => b.day.localeCompare(a.day)).slice(0, limit);
  }

  private async read(day: string) {
    try {
      const row = rowSchema.safeParse(await this.table.getEntity(PARTITION, day));
      if (!row.success) throw new PlanTrackerError("storage", `backup record ${day} is damaged`);
      return row.data;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

import { RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

const rowSchema = z.looseObject({ etag: z.string(), holder: z.string(), expiresAt: z.string() });

/**
 * The leases table: so that one instance at a time runs a prompt or digest cycle. A
 * lease is an entity with a holder and an expiry, taken and renewed with writes
 * conditional on its ETag; a crashed holder's lease expires and another takes it.
 */
export class LeaseRepository {
  constructor(private readonly table: TableClient) {}

  /** Takes (or renews) the lease for `ttlMs`; false when another holder has it. */
  async acquire(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const entity = { partitionKey: "lease", rowKey: name, holder, expiresAt };
    try {
      const current = await this.read(name);
      if (!current) {
        await this.table.createEntity(entity);
        return true;
      }
      if (current.holder !== holder && current.expiresAt > now.toISOString()) return false;
      await this.table.updateEntity(entity, "Replace", { etag: current.etag });
      return true;
    } catch (error) {
      // Someone else created or renewed it between our read and our write: theirs.
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  /** Gives the lease up early (only if we still hold it). */
  async release(name: string, holder: string): Promise<void> {
    const current = await this.read(name);
    if (!current || current.holder !== holder) return;
    try {
      await this.table.updateEntity({ partitionKey: "lease", rowKey: name, holder, expiresAt: new Date(0).toISOString() }, "Replace", { etag: current.etag });
    } catch (error) {
      if (!(error instanceof RestError) || error.statusCode !== 412) throw error; // taken over meanwhile: not ours to release
    }
  }

  private async read(name: string) {
    try {
      const row = rowSchema.safeParse(await this.table.getEntity("lease", name));
      if (!row.success) throw new PlanTrackerError("storage", `lease ${name} is damaged`);
      return row.data;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

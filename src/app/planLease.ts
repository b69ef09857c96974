import type { LeaseRepository } from "../storage/leaseRepository";

/**
 * A plan's cycle lease: while one instance holds it, no other runs the plan's prompts or
 * digests. Taken and renewed with ETag-conditional writes (LeaseRepository); renewed as a
 * run goes, so a long run keeps it and a crashed holder's lease expires.
 */
export class HeldLease {
  private renewedAt = Date.now();

  private constructor(
    private readonly leases: LeaseRepository,
    readonly name: string,
    private readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** The plan's lease, or undefined when another instance holds it. */
  static async take(leases: LeaseRepository, planId: string, holder: string, ttlMs: number): Promise<HeldLease | undefined> {
    const name = `cycle|${planId}`;
    return (await leases.acquire(name, holder, ttlMs)) ? new HeldLease(leases, name, holder, ttlMs) : undefined;
  }

  /** Renews when a third of the lease has passed; false when another instance has taken it over meanwhile. */
  async keep(): Promise<boolean> {
    if (Date.now() - this.renewedAt < this.ttlMs / 3) return true;
    this.renewedAt = Date.now();
    return this.leases.acquire(this.name, this.holder, this.ttlMs);
  }

  async release(): Promise<void> {
    await this.leases.release(this.name, this.holder);
  }
}

/** Runs `work` under the plan's lease; `undefined` when another instance holds it. */
export async function withPlanLease<T>(leases: LeaseRepository, planId: string, holder: string, ttlMs: number, work: (lease: HeldLease) => Promise<T>): Promise<T | undefined> {
  const lease = await HeldLease.take(leases, planId, holder, ttlMs);
  if (!lease) return undefined;
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}

/** The plan heads this process reads (PlanService), as the repositories that keep a plan's rows of other tables (links, admins) see them. */
export interface PlanHeads {
  /** The head this process last read for the plan; undefined when it has not read it yet. */
  headSeen(planId: string): string | undefined;
  /** Gives the plan's head a new access tag (every instance then reads links and admins again). */
  touch(planId: string): Promise<void>;
}

/**
 * How long links and admins are kept at most, even while the plan's access tag is unchanged: the
 * tag is replaced after each change lands, so a process that stopped in between (or an older
 * version, whose touch leaves the tag as it is) would otherwise leave other instances' copies
 * stale until the next change. With it they catch up within a minute.
 */
export const HELD_ACCESS_MAX_MS = 60_000;

/**
 * A plan's rows from a table of their own (links, admins), kept while the plan head this process
 * last read (every turn reads it first) is unchanged, and for at most HELD_ACCESS_MAX_MS: one read
 * when the head has changed, none when it has not. Before the plan's head has been read nothing
 * is kept. A read that fails is not kept.
 */
export class HeldPerPlan<T> {
  private readonly held = new Map<string, { head: string; readAt: number; value: Promise<T> }>();

  constructor(
    private readonly heads: PlanHeads | undefined,
    private readonly read: (planId: string) => Promise<T>,
  ) {}

  get(planId: string): Promise<T> {
    const head = this.heads?.headSeen(planId);
    const held = this.held.get(planId);
    if (head !== undefined && held?.head === head && Date.now() - held.readAt < HELD_ACCESS_MAX_MS) return held.value;
    const value = this.read(planId);
    if (head !== undefined) {
      const entry = { head, readAt: Date.now(), value };
      this.held.set(planId, entry);
      value.catch(() => this.held.get(planId) === entry && this.held.delete(planId));
    }
    return value;
  }

  /** Drops what is kept of a plan (this process changed it). */
  forget(planId: string): void {
    this.held.delete(planId);
  }
}

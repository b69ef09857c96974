/**
 * One limiter for the whole process, so that everything the bot sends stays within
 * Teams' documented limits: by default 30 requests a second per tenant and 7 messages a
 * second per conversation. A sliding one-second window per key; a caller waits until
 * every key it needs has room.
 *
 * Teams counts requests as they arrive. A slot's second runs from when its request is
 * answered (`done`), or from TRANSIT_MS after it started if the answer takes longer: a
 * request arrives before it is answered, and within TRANSIT_MS of being sent unless it
 * is slowed on the way (a cold connection, a busy event loop). Counting a slow answer's
 * second from the answer instead would hold a slot for the connector's whole answer time
 * (1.5 s a slot when Teams takes 500 ms to answer: two thirds of the rate).
 *
 * Requests to a tenant are also paced, one every 1/limit of a second: a second's worth
 * sent at once would leave together, and a busy event loop could delay some of them past
 * TRANSIT_MS and into the next one's second.
 */
export interface RateLimits {
  perTenantPerSecond: number;
  perConversationPerSecond: number;
}

const WINDOW_MS = 1000;
/** How long after a request is sent it is taken to have arrived, at the latest. */
export const TRANSIT_MS = 50;

interface Slot {
  /** When the request counts as arrived: its answer, or TRANSIT_MS after it started, whichever is first. */
  at: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Slot[]>();
  /** Per tenant: when its next request may start, on a grid of 1/limit of a second (a late timer does not push the grid back). */
  private readonly nextStart = new Map<string, number>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /** Waits for a slot for one message to `conversation` in `tenant`, and takes it; call `done` when the request is answered. */
  async acquire(tenant: string, conversation: string): Promise<{ done: () => void }> {
    const keys = [
      { key: `tenant|${tenant}`, limit: this.limits.perTenantPerSecond },
      { key: `conversation|${conversation}`, limit: this.limits.perConversationPerSecond },
    ];
    for (;;) {
      const now = this.clock.now();
      let wait = 0;
      for (const { key, limit } of keys) {
        const slots = (this.windows.get(key) ?? []).filter((slot) => slot.at > now - WINDOW_MS);
        this.windows.set(key, slots);
        if (slots.length >= limit) {
          const oldest = Math.min(...slots.map((slot) => slot.at));
          wait = Math.max(wait, oldest + WINDOW_MS - now);
        }
      }
      const tenantKey = keys[0]!.key;
      const interval = WINDOW_MS / this.limits.perTenantPerSecond;
      const next = this.nextStart.get(tenantKey);
      if (next !== undefined) wait = Math.max(wait, next - now);
      // Checking and taking happen in one synchronous step, so concurrent callers cannot both take the last slot.
      if (wait <= 0) {
        // A timer that fired late does not push the grid back; after a pause, the grid starts again from now.
        this.nextStart.set(tenantKey, (next === undefined ? now : Math.max(next, now - interval / 2)) + interval);
        const slot: Slot = { at: now + TRANSIT_MS };
        for (const { key } of keys) this.windows.get(key)!.push(slot);
        return { done: () => void (slot.at = Math.min(slot.at, this.clock.now())) };
      }
      await this.clock.sleep(wait);
    }
  }
}

/**
 * One limiter for the whole process, so that everything the bot sends stays within
 * Teams' documented limits: by default 30 requests a second per tenant and 7 messages a
 * second per conversation. A sliding one-second window per key; a caller waits until
 * every key it needs has room.
 */
export interface RateLimits {
  perTenantPerSecond: number;
  perConversationPerSecond: number;
}

const WINDOW_MS = 1000;

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /** Waits for a slot for one message to `conversation` in `tenant`, and takes it. */
  async acquire(tenant: string, conversation: string): Promise<void> {
    const keys = [
      { key: `tenant|${tenant}`, limit: this.limits.perTenantPerSecond },
      { key: `conversation|${conversation}`, limit: this.limits.perConversationPerSecond },
    ];
    for (;;) {
      const now = this.clock.now();
      let wait = 0;
      for (const { key, limit } of keys) {
        const times = (this.windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
        this.windows.set(key, times);
        if (times.length >= limit) wait = Math.max(wait, times[0]! + WINDOW_MS - now);
      }
      // Checking and taking happen in one synchronous step, so concurrent callers cannot both take the last slot.
      if (wait <= 0) {
        for (const { key } of keys) this.windows.get(key)!.push(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }
}

/**
 * One limiter for the whole process, so that everything the bot sends stays within
 * Teams' documented limits: by default 30 requests a second per tenant and 7 messages a
 * second per conversation. A sliding one-second window per key; a caller waits until
 * every key it needs has room.
 *
 * A slot counts from when the request starts until it is answered (`done`), and the window
 * runs from the answer: Teams counts requests as they arrive, and a request slowed on the
 * way (a cold connection, a busy event loop) must not arrive inside the next one's second.
 */
export interface RateLimits {
  perTenantPerSecond: number;
  perConversationPerSecond: number;
}

const WINDOW_MS = 1000;

interface Slot {
  /** When the slot was taken; moved to when the request was answered. Infinity while it is in flight. */
  at: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Slot[]>();

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
          // Every slot in flight: look again shortly (a slot frees a second after its answer).
          wait = Math.max(wait, Number.isFinite(oldest) ? oldest + WINDOW_MS - now : 10);
        }
      }
      // Checking and taking happen in one synchronous step, so concurrent callers cannot both take the last slot.
      if (wait <= 0) {
        const slot: Slot = { at: Infinity };
        for (const { key } of keys) this.windows.get(key)!.push(slot);
        return { done: () => void (slot.at = this.clock.now()) };
      }
      await this.clock.sleep(wait);
    }
  }
}

/**
 * One limiter for the whole process, so that everything the bot sends stays within
 * Teams' documented limits: by default 30 requests a second per tenant and 7 messages a
 * second per conversation. A sliding one-second window per key; a caller waits until
 * every key it needs has room.
 *
 * Teams counts a request when it arrives, which the sender does not see. A slot counts for
 * one second from when its request has certainly arrived: the moment its last byte was
 * handed to the network (`departed`, observed on the HTTP request itself) plus
 * `arrivalMarginMs` for the way there, or its answer if that comes first. Until one of
 * those is known the slot is held. So a slow answer (Teams taking 500 ms) holds a slot for
 * about a second and the margin, not the second and the answer time; a request that waits
 * in the sender (a busy event loop, the HTTP client waiting for a connection) is counted from
 * when it really left, not from when it was started. When the departure cannot be observed
 * (an HTTP stack that does not report it) the answer alone counts, as certain.
 *
 * Starts are spaced evenly at each key's rate: a burst of requests reaches the receiver at
 * once and is counted spread out by the receiver's own work on it, later than it left.
 *
 * A request the HTTP client sends again under the same slot (its own retry of a 429 or 5xx)
 * is another arrival for Teams: each further departure is counted as a slot of its own.
 */
export interface RateLimits {
  perTenantPerSecond: number;
  perConversationPerSecond: number;
}

const WINDOW_MS = 1000;
/**
 * How long after leaving this process a request has arrived. Chosen with
 * `BENCH_PARTS=throughput npm run bench` (README, Performance): the receiver in the bench and
 * the tests shares this process's event loop, so its count lags by what that loop is doing.
 */
export const ARRIVAL_MARGIN_MS = 50;

/** How many starts behind the even schedule may go at once. */
const PACE_CATCH_UP = 2;

interface Slot {
  /** When the slot's request has certainly arrived (see above); Infinity until known. */
  at: number;
}

interface Window {
  slots: Slot[];
  /** When the next start is due on the even schedule. */
  nextStart: number;
}

export interface SlotHandle {
  /** The request has left (its last byte handed to the network); called again for each retry the HTTP client sends. */
  departed(): void;
  /** The request was answered (or failed): call once. */
  done(): void;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    private readonly arrivalMarginMs = ARRIVAL_MARGIN_MS,
  ) {}

  /** Waits for a slot for one message to `conversation` in `tenant`, and takes it. */
  async acquire(tenant: string, conversation: string): Promise<SlotHandle> {
    const keys = [
      { key: `tenant|${tenant}`, limit: this.limits.perTenantPerSecond },
      { key: `conversation|${conversation}`, limit: this.limits.perConversationPerSecond },
    ];
    for (;;) {
      const now = this.clock.now();
      let wait = 0;
      for (const { key, limit } of keys) {
        const window = this.window(key, now);
        if (window.slots.length >= limit) {
          const oldest = Math.min(...window.slots.map((slot) => slot.at));
          // Every slot not yet known to have arrived: look again shortly.
          wait = Math.max(wait, Number.isFinite(oldest) ? oldest + WINDOW_MS - now : 5);
        }
        wait = Math.max(wait, window.nextStart - now);
      }
      // Checking and taking happen in one synchronous step, so concurrent callers cannot both take the last slot.
      if (wait <= 0) return this.take(keys, now);
      await this.clock.sleep(wait);
    }
  }

  /** The key's slots still counting at `now`. */
  private window(key: string, now: number): Window {
    const window = this.windows.get(key) ?? { slots: [], nextStart: -Infinity };
    window.slots = window.slots.filter((slot) => slot.at > now - WINDOW_MS);
    this.windows.set(key, window);
    return window;
  }

  private take(keys: { key: string; limit: number }[], now: number): SlotHandle {
    const first: Slot = { at: Infinity };
    const counted = [first];
    let departures = 0;
    for (const { key, limit } of keys) {
      const window = this.windows.get(key)!;
      window.slots.push(first);
      // A timer that fired a little late keeps to the schedule (a few may start together to catch up);
      // one far behind (the process was held up) does not start a burst: the schedule resumes from now.
      const spacing = WINDOW_MS / limit;
      window.nextStart = (window.nextStart >= now - PACE_CATCH_UP * spacing ? window.nextStart : now) + spacing;
    }
    return {
      departed: () => {
        const arrived = this.clock.now() + this.arrivalMarginMs;
        if (departures++ === 0) {
          first.at = Math.min(first.at, arrived);
          return;
        }
        // The HTTP client's own retry: one more request for Teams to count.
        const retry: Slot = { at: arrived };
        counted.push(retry);
        for (const { key } of keys) this.window(key, this.clock.now()).slots.push(retry);
      },
      done: () => {
        const now = this.clock.now();
        for (const slot of counted) slot.at = Math.min(slot.at, now);
      },
    };
  }
}

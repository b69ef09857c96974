/**
 * One limiter for the whole process, so that everything the bot sends stays within
 * Teams' documented limits: by default 30 requests a second per tenant and 7 messages a
 * second per conversation. A caller waits until every key it needs has room.
 *
 * Teams counts a request when it arrives, which the sender does not see. A slot counts for
 * one second from when its request has certainly arrived: its answer, or earlier, once
 * `arrivalMarginMs` have passed since its start with this process awake throughout (a timer
 * set for then fires on time). A request leaves as soon as it has its slot, so if the event
 * loop was not held up it has left and arrived by then; if the loop was held up (a busy
 * process, the bench's fake connector sharing it), the slot waits for the answer, as
 * certain. So a slow answer (Teams taking 500 ms) holds a slot about the margin past its start,
 * not its whole answer time: at any answer time the limiter keeps about
 * `limit / (1 + margin / 1000)` requests a second going (0.94 of the limit), less when the
 * process is too busy to know. Starts are also spread evenly over the second: a burst would
 * arrive spread out by the receiver's own work on it.
 */
export interface RateLimits {
  perTenantPerSecond: number;
  perConversationPerSecond: number;
}

export interface LimiterTuning {
  /** How long after its start, the process awake, a request has arrived (default ARRIVAL_MARGIN_MS). */
  arrivalMarginMs: number;
  /** Slots of each key's limit never used (default RESERVE; never below a limit of 1). */
  reserve: number;
}

const WINDOW_MS = 1000;
/** Chosen with `BENCH_PARTS=throughput npm run bench` (README, Performance). */
export const ARRIVAL_MARGIN_MS = 40;
export const RESERVE = 0;
/** A timer this late means the process was held up: what it should have sent may have left late. */
const LATE_TIMER_MS = 10;
/** Starts that may be behind the even schedule and go at once. */
const PACE_CATCH_UP = 2;

interface Slot {
  /** When the slot's request has certainly arrived (see above); Infinity until known. */
  at: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { slots: Slot[]; paced: number }>();
  private readonly tuning: LimiterTuning;

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    tuning: Partial<LimiterTuning> = {},
  ) {
    this.tuning = { arrivalMarginMs: ARRIVAL_MARGIN_MS, reserve: RESERVE, ...tuning };
  }

  /** Waits for a slot for one message to `conversation` in `tenant`, and takes it; call `done` when the request is answered. */
  async acquire(tenant: string, conversation: string): Promise<{ done: () => void }> {
    const { arrivalMarginMs, reserve } = this.tuning;
    const spacing = (limit: number) => WINDOW_MS / limit;
    const keys = [
      { key: `tenant|${tenant}`, limit: Math.max(1, this.limits.perTenantPerSecond - reserve) },
      { key: `conversation|${conversation}`, limit: Math.max(1, this.limits.perConversationPerSecond - reserve) },
    ];
    for (;;) {
      const now = this.clock.now();
      let wait = 0;
      for (const { key, limit } of keys) {
        const entry = this.windows.get(key) ?? { slots: [], paced: -Infinity };
        // A slot counts until a second after its `at` (while not known to have arrived, `at` is Infinity).
        entry.slots = entry.slots.filter((slot) => slot.at > now - WINDOW_MS);
        this.windows.set(key, entry);
        if (entry.slots.length >= limit) {
          const oldest = Math.min(...entry.slots.map((slot) => slot.at));
          // Every slot not yet known to have arrived: look again shortly.
          wait = Math.max(wait, Number.isFinite(oldest) ? oldest + WINDOW_MS - now : 5);
        }
        // Starts are spread evenly at the rate the window allows (a burst of requests arrives spread out by
        // the receiver's own work on them, which is what would make one of them late). `paced` is when the
        // next start is due on that schedule; a few may start together to catch up a timer that woke late.
        wait = Math.max(wait, entry.paced - PACE_CATCH_UP * spacing(limit) - now);
      }
      // Checking and taking happen in one synchronous step, so concurrent callers cannot both take the last slot.
      if (wait <= 0) {
        const slot: Slot = { at: Infinity };
        for (const { key, limit } of keys) {
          const entry = this.windows.get(key)!;
          entry.slots.push(slot);
          entry.paced = Math.max(entry.paced, now) + spacing(limit);
        }
        const due = now + arrivalMarginMs;
        void this.clock.sleep(arrivalMarginMs).then(() => {
          const firedAt = this.clock.now();
          // Counted from when the timer fired plus its allowed lateness: the receiver (on this machine, in
          // the bench) may take that long after the timer to see the request.
          if (firedAt - due <= LATE_TIMER_MS) slot.at = Math.min(slot.at, firedAt + LATE_TIMER_MS);
        });
        return { done: () => void (slot.at = Math.min(slot.at, this.clock.now())) };
      }
      await this.clock.sleep(wait);
    }
  }
}

import { strict as assert } from "node:assert";
import { RateLimiter } from "../../src/bot/rateLimiter";

/**
 * A simulated clock for concurrent callers: a sleep is a timer, and `run` moves time to the
 * next timer only when every caller is waiting on one.
 */
function simulatedClock() {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => void timers.push({ at: now + Math.max(0, ms), wake })),
    /** Runs `work` to its end, moving time whenever everything waits on a timer. */
    async drive<T>(work: () => Promise<T>): Promise<T> {
      let finished = false;
      const result = work().finally(() => void (finished = true));
      await this.run(() => finished);
      return result;
    },
    async run(finished: () => boolean): Promise<void> {
      for (await settle(); !finished(); await settle()) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) throw new Error("every caller is stuck with no timer");
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

function maxInAnyWindow(times: number[]): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

/** A deterministic stream of numbers in [0, 1). */
function seeded(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("rate limiter", () => {
  it("keeps a tenant within 30 requests in any second, losing nothing", async () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 30, perConversationPerSecond: 7 }, clock);
    const times: number[] = [];
    await clock.drive(async () => {
      for (let i = 0; i < 100; i++) {
        (await limiter.acquire("tenant", `conversation-${i}`)).done();
        times.push(clock.now());
      }
    });
    assert.equal(times.length, 100);
    assert.ok(maxInAnyWindow(times) <= 30);
    assert.ok(clock.now() >= 3000 && clock.now() < 4000, `${clock.now()} ms for 100 at 30/s`);
  });

  it("keeps one conversation within 7 messages a second", async () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 30, perConversationPerSecond: 7 }, clock);
    const times: number[] = [];
    await clock.drive(async () => {
      for (let i = 0; i < 20; i++) {
        (await limiter.acquire("tenant", "one-conversation")).done();
        times.push(clock.now());
      }
    });
    assert.ok(maxInAnyWindow(times) <= 7);
  });

  it("concurrent callers never take more slots than there are (real timers, about 3 s)", async function () {
    this.timeout(10_000);
    const limiter = new RateLimiter({ perTenantPerSecond: 5, perConversationPerSecond: 5 });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const slot = await limiter.acquire("tenant", `c${i}`);
      times.push(Date.now());
      slot.done();
    }));
    assert.equal(times.length, 12);
    assert.ok(maxInAnyWindow(times) <= 5);
  });

  it("a slow answer holds its slot only for the arrival margin past its start, when the process was awake", async () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 2, perConversationPerSecond: 2 }, clock, { arrivalMarginMs: 50 });
    await clock.drive(async () => {
      const first = await limiter.acquire("tenant", "a"); // starts at 0, not answered yet
      await limiter.acquire("tenant", "b"); // not answered either
      assert.equal(clock.now(), 0);
      await limiter.acquire("tenant", "c");
      assert.equal(clock.now(), 1060, "a second after the start, the margin and the timer's allowed lateness (10 ms), not after the answer");
      first.done();
    });
  });

  it("a quick answer counts from the answer, earlier than the margin", async () => {
    const clock = simulatedClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 1, perConversationPerSecond: 1 }, clock, { arrivalMarginMs: 400 });
    await clock.drive(async () => {
      const first = await limiter.acquire("tenant", "a");
      await clock.sleep(100);
      first.done(); // answered at 100, before the margin (400)
      await limiter.acquire("tenant", "b");
      assert.equal(clock.now(), 1100, "a second after the answer (100), not after the start plus the margin (400)");
    });
  });

  it("when the process was held up past the margin, a slot waits for its answer", async () => {
    let now = 0;
    const clock = { now: () => now, sleep: (ms: number) => new Promise<void>((wake) => setImmediate(() => ((now += ms + 200), wake()))) };
    const limiter = new RateLimiter({ perTenantPerSecond: 1, perConversationPerSecond: 1 }, clock, { arrivalMarginMs: 50 });
    const first = await limiter.acquire("tenant", "a");
    await new Promise((resolve) => setImmediate(resolve)); // the margin's timer fires 200 ms late: nothing is assumed
    now = 700;
    first.done(); // answered at 700
    await limiter.acquire("tenant", "b");
    assert.ok(now >= 1700, `${now}: not before a second after the answer`);
  });

  for (const answerMs of [0, 100, 500]) {
    it(`600 concurrent sends answered in ${answerMs} ms arriving up to the margin late: never over 30 arrivals in a second, at least 0.9 of 30/s`, async () => {
      const clock = simulatedClock();
      const limiter = new RateLimiter({ perTenantPerSecond: 30, perConversationPerSecond: 7 }, clock);
      const random = seeded(answerMs + 7);
      const arrivals: number[] = [];
      const starts: number[] = [];
      let next = 0;
      let finished = 0;
      const worker = async () => {
        while (next < 600) {
          const conversation = `c${next++}`;
          const slot = await limiter.acquire("tenant", conversation);
          starts.push(clock.now());
          // Arrives somewhere between its start and the margin (50 ms) later, and never after its answer.
          arrivals.push(clock.now() + Math.min(answerMs, random() * 50));
          await clock.sleep(answerMs * (0.5 + random()));
          slot.done();
        }
        finished++;
      };
      const workers = Array.from({ length: 32 }, worker);
      await clock.run(() => finished === workers.length);
      await Promise.all(workers);
      assert.equal(arrivals.length, 600);
      arrivals.sort((a, b) => a - b);
      assert.ok(maxInAnyWindow(arrivals) <= 30, `${maxInAnyWindow(arrivals)} arrivals in one second`);
      const rate = (starts.length - 1) / ((Math.max(...starts) - Math.min(...starts)) / 1000);
      assert.ok(rate >= 27, `${rate.toFixed(1)} a second`);
    });
  }
});

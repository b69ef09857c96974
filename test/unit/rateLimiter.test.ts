import { strict as assert } from "node:assert";
import { RateLimiter } from "../../src/bot/rateLimiter";

/** A clock the test moves: sleeping advances it, so the test takes no real time. */
function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

function maxInAnyWindow(times: number[]): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

describe("rate limiter", () => {
  it("keeps a tenant within 30 requests in any second, losing nothing", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 30, perConversationPerSecond: 7 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      (await limiter.acquire("tenant", `conversation-${i}`)).done();
      times.push(clock.now());
    }
    assert.equal(times.length, 100);
    assert.equal(maxInAnyWindow(times), 30);
    assert.ok(clock.now() >= 3000 && clock.now() < 4000, `${clock.now()} ms for 100 at 30/s`);
  });

  it("keeps one conversation within 7 messages a second", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 30, perConversationPerSecond: 7 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      (await limiter.acquire("tenant", "one-conversation")).done();
      times.push(clock.now());
    }
    assert.equal(maxInAnyWindow(times), 7);
  });

  it("concurrent callers never take more slots than there are (real timers, about 2 s)", async function () {
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

  it("a second counts from when a request is answered, so a slow request cannot crowd the next second", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 2, perConversationPerSecond: 2 }, clock);
    const first = await limiter.acquire("tenant", "a");
    (await limiter.acquire("tenant", "b")).done(); // answered at 0
    await clock.sleep(400); // the first is slow: answered at 400
    first.done();
    const third = await limiter.acquire("tenant", "c");
    assert.equal(clock.now(), 1000, "the third waits for the answered-at-0 slot to expire");
    third.done();
    await limiter.acquire("tenant", "d");
    assert.equal(clock.now(), 1400, "the fourth waits for a second after the slow answer, not after its start");
  });
});

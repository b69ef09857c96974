import { strict as assert } from "node:assert";
import { RateLimiter, TRANSIT_MS } from "../../src/bot/rateLimiter";

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

  it("a second counts from a request's answer, or from its arrival at the latest, so a slow answer does not hold a slot", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 2, perConversationPerSecond: 2 }, clock);
    const first = await limiter.acquire("tenant", "a"); // sent at 0
    const second = await limiter.acquire("tenant", "b");
    assert.equal(clock.now(), 500, "paced: two a second go half a second apart");
    second.done();
    await clock.sleep(400);
    first.done(); // answered at 900, but it arrived by TRANSIT_MS
    await limiter.acquire("tenant", "c");
    assert.equal(clock.now(), 1000 + TRANSIT_MS, "the third waits a second after the slow request's arrival, not its answer");
  });

  it("paces a tenant's requests, one every 1/limit of a second, rather than sending a second's worth at once", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 10, perConversationPerSecond: 7 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      (await limiter.acquire("tenant", `c${i}`)).done();
      times.push(clock.now());
    }
    assert.deepEqual(times, [0, 100, 200, 300, 400]);
  });
});

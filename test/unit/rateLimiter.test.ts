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

  it("without a departure seen, a second counts from when the request is answered, so a slow request cannot crowd the next second", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 1, perConversationPerSecond: 1 }, clock);
    const first = await limiter.acquire("tenant", "a");
    await clock.sleep(400); // slow: answered at 400, its departure never reported
    first.done();
    await limiter.acquire("tenant", "b");
    assert.equal(clock.now(), 1400, "a second after the answer, not after the start");
  });

  it("a request counts from when it left plus the arrival margin: not from its start, nor its answer", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 1, perConversationPerSecond: 1 }, clock, 50);
    const first = await limiter.acquire("tenant", "a");
    await clock.sleep(300); // waited 300 ms in the sender (a busy event loop, no free connection) before leaving
    first.departed();
    await clock.sleep(600); // Teams answers 600 ms later
    first.done();
    await limiter.acquire("tenant", "b");
    assert.equal(clock.now(), 1350, "a second after it left (300) and the margin (50)");
  });

  it("a retry the HTTP client sends under the same slot is counted as another request", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 2, perConversationPerSecond: 2 }, clock, 50);
    const first = await limiter.acquire("tenant", "a");
    first.departed(); // counts from 50
    await clock.sleep(500);
    first.departed(); // the client's retry (after a 429 or a 503): counts from 550
    await clock.sleep(100);
    first.done();
    await limiter.acquire("tenant", "b");
    assert.equal(clock.now(), 1050, "two requests in the window until the first one's second is over");
  });

  it("spreads starts evenly over the second rather than sending a burst", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 10, perConversationPerSecond: 10 }, clock, 50);
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const slot = await limiter.acquire("tenant", `c${i}`);
      starts.push(clock.now());
      slot.departed();
      slot.done();
    }
    assert.deepEqual(starts.map(Math.round), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it("a start that comes a little late keeps to the schedule; after a long pause the schedule starts again (no burst)", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perTenantPerSecond: 10, perConversationPerSecond: 10 }, clock, 50);
    const start = async (conversation: string) => {
      const slot = await limiter.acquire("tenant", conversation);
      slot.done();
      return clock.now();
    };
    assert.equal(await start("a"), 0);
    await clock.sleep(130); // its timer fired 30 ms late
    assert.equal(await start("b"), 130);
    assert.equal(await start("c"), 200, "due at 200 on the schedule, not 100 after the late one");
    await clock.sleep(5000);
    assert.equal(await start("d"), 5200);
    assert.equal(await start("e"), 5300, "a pause is not caught up with a burst");
  });
});

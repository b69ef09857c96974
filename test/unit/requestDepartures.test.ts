import { strict as assert } from "node:assert";
import { createServer, request, type Server } from "node:http";
import { watchDepartures } from "../../src/bot/requestDepartures";

/** The two ways the Teams SDKs send: http.request (botbuilder's connector client) and fetch (the Agents SDK's). */
const viaHttp = (url: string, path: string) =>
  new Promise<void>((resolve, reject) => {
    const sent = request(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      response.resume();
      response.on("end", resolve);
    });
    sent.on("error", reject);
    sent.end(JSON.stringify({ type: "message" }));
  });
const viaFetch = (url: string, path: string) => fetch(`${url}${path}`, { method: "POST", body: JSON.stringify({ type: "message" }), headers: { "content-type": "application/json" } }).then((r) => r.text()).then(() => undefined);

const isSend = (r: { method: string; path: string }) => r.method === "POST" && r.path.includes("/activities");

describe("request departures (what the rate limiter counts a send from)", () => {
  let server: Server;
  let url = "";
  /** When the server had read each request, by path: a departure is reported no later. */
  const arrivals = new Map<string, number>();

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        arrivals.set(req.url ?? "", Date.now());
        setTimeout(() => res.end("{}"), 100); // answered well after arriving
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const [name, send] of [["http.request", viaHttp], ["fetch", viaFetch]] as const) {
    it(`${name}: reports a matching request once it has left, before its answer; not other requests, nor requests outside the watch`, async () => {
      const departures: number[] = [];
      const path = `/v3/conversations/${name}/activities`;
      await watchDepartures(isSend, () => departures.push(Date.now()), async () => {
        await send(url, path);
        await send(url, `/v3/conversations/${name}/members`); // not a send: not reported
      });
      await send(url, "/v3/conversations/elsewhere/activities"); // outside the watch
      assert.equal(departures.length, 1);
      // The server answers 100 ms after reading the request: a report at the answer would come after its arrival.
      assert.ok(departures[0]! <= arrivals.get(path)!, "reported when it left, not when it was answered");
    });
  }

  it("concurrent watches are told only of their own requests", async () => {
    const told = { a: 0, b: 0 };
    await Promise.all([
      watchDepartures(isSend, () => told.a++, () => Promise.all([viaHttp(url, "/v3/conversations/a/activities"), viaFetch(url, "/v3/conversations/a/activities")])),
      watchDepartures(isSend, () => told.b++, () => viaFetch(url, "/v3/conversations/b/activities")),
    ]);
    assert.deepEqual(told, { a: 2, b: 1 });
  });
});

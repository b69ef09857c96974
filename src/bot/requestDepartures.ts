import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";

/**
 * When an HTTP request made deep inside an SDK (the connector client of botbuilder or of the
 * Agents SDK) has really left this process: Node publishes every client request it starts on
 * the `http.client.request.start` diagnostics channel, and the request's `finish` event fires
 * once its last byte has been handed to the operating system. The work that should be told
 * runs inside `watchDepartures`, so only its own requests are reported to it (the async
 * context follows the SDK's promises), whatever else the process sends meanwhile.
 */
type Watcher = { matches: (request: ClientRequest) => boolean; departed: () => void };

const watchers = new AsyncLocalStorage<Watcher>();
let subscribed = false;

function onRequestStart(message: unknown): void {
  const watcher = watchers.getStore();
  const request = (message as { request?: ClientRequest }).request;
  if (!watcher || !request || !watcher.matches(request)) return;
  request.once("finish", () => watcher.departed());
}

/** Runs `work`; `departed` is called each time a request of its that `matches` has left (a retry leaves again). */
export function watchDepartures<T>(matches: (request: ClientRequest) => boolean, departed: () => void, work: () => Promise<T>): Promise<T> {
  if (!subscribed) {
    subscribe("http.client.request.start", onRequestStart);
    subscribed = true;
  }
  return watchers.run({ matches, departed }, work);
}

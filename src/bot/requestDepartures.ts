import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";

/**
 * When an HTTP request made deep inside an SDK (the connector client of botbuilder, or of the
 * Agents SDK) has really left this process. Node publishes the requests it makes on
 * diagnostics channels: `http.client.request.start` for `http.request` (botbuilder's client),
 * whose `finish` event fires once the last byte has been handed to the operating system, and
 * `undici:request:create` and `undici:request:bodySent` for `fetch` (the Agents SDK's). The
 * work that should be told runs inside `watchDepartures`, so only its own requests are
 * reported to it (the async context follows the SDK's promises), whatever else the process
 * sends meanwhile.
 */
interface RequestLine {
  method: string;
  path: string;
}
type Watcher = { matches: (request: RequestLine) => boolean; departed: () => void };

const watchers = new AsyncLocalStorage<Watcher>();
/** fetch's requests seen created inside a watch, until their body is sent (reported outside the watch's context). */
const fetchesWatched = new WeakMap<object, Watcher>();
let subscribed = false;

function onHttpRequest(message: unknown): void {
  const watcher = watchers.getStore();
  const request = (message as { request?: ClientRequest }).request;
  if (!watcher || !request || !watcher.matches({ method: request.method, path: request.path })) return;
  request.once("finish", () => watcher.departed());
}

function onFetchCreated(message: unknown): void {
  const watcher = watchers.getStore();
  const request = (message as { request?: RequestLine }).request;
  if (watcher && request && watcher.matches(request)) fetchesWatched.set(request, watcher);
}

function onFetchBodySent(message: unknown): void {
  const request = (message as { request?: object }).request;
  if (request) fetchesWatched.get(request)?.departed();
}

/** Runs `work`; `departed` is called each time a request of its that `matches` has left (a retry leaves again). */
export function watchDepartures<T>(matches: (request: RequestLine) => boolean, departed: () => void, work: () => Promise<T>): Promise<T> {
  if (!subscribed) {
    subscribe("http.client.request.start", onHttpRequest);
    subscribe("undici:request:create", onFetchCreated);
    subscribe("undici:request:bodySent", onFetchBodySent);
    subscribed = true;
  }
  return watchers.run({ matches, departed }, work);
}

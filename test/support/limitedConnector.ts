import { createServer } from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/**
 * A fake of the Bot Connector's message endpoint that enforces Teams' rate limits, on a
 * thread of its own. Teams counts a request when it arrives, on its own clock: a fake sharing
 * the sender's event loop would count it when that loop next gets round to reading it, which
 * after a stall of the sender (first-time work, garbage collection) is later than it arrived,
 * and would then see a burst the real service never would. Here the sender's loop cannot
 * delay the count.
 *
 * More than `perSecond` accepted sends in any window of one second less `toleranceMs` (to
 * the whole tenant: all of this fake's traffic), or `perConversationPerSecond` to one
 * conversation, is answered 429 with Retry-After, as Teams does; accepted sends are answered
 * after `delayMs` (the message is accepted when the wait starts).
 */
export interface ConnectorLimits {
  perSecond: number;
  perConversationPerSecond: number;
  toleranceMs?: number;
  delayMs?: number;
}

export interface ConnectorStats {
  /** Accepted sends in order of arrival: the conversation, and when (ms, this machine's clock). */
  accepted: { conversationId: string; at: number }[];
  /** When sends were answered 429. */
  throttledAt: number[];
}

export class LimitedConnector {
  url = "";
  private worker: Worker | undefined;

  constructor(private readonly limits: ConnectorLimits) {}

  async start(): Promise<void> {
    this.worker = new Worker(__filename, { workerData: { limitedConnector: this.limits } });
    const port = await new Promise<number>((resolve, reject) => {
      this.worker!.once("error", reject);
      this.worker!.once("message", (message: { port: number }) => resolve(message.port));
    });
    this.url = `http://127.0.0.1:${port}/`;
  }

  async stats(): Promise<ConnectorStats> {
    const reply = new Promise<ConnectorStats>((resolve) => this.worker!.once("message", resolve));
    this.worker!.postMessage("stats");
    return reply;
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** The most sends accepted within any window of one second less `toleranceMs`. */
export function busiestSecond(stats: ConnectorStats, toleranceMs = 0): number {
  const times = stats.accepted.map((a) => a.at);
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= 1000 - toleranceMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function serve(limits: ConnectorLimits): void {
  const stats: ConnectorStats = { accepted: [], throttledAt: [] };
  const recent = new Map<string, number[]>();
  const window = 1000 - (limits.toleranceMs ?? 0);
  const overLimit = (conversationId: string, now: number): boolean => {
    const keys: [string, number][] = [["tenant", limits.perSecond], [`conversation|${conversationId}`, limits.perConversationPerSecond]];
    const windows = keys.map(([key]) => (recent.get(key) ?? []).filter((t) => t > now - window));
    if (windows.some((times, i) => times.length >= keys[i]![1])) return true;
    keys.forEach(([key], i) => recent.set(key, [...windows[i]!, now]));
    return false;
  };
  let next = 1;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const now = Date.now();
      if (overLimit(conversationId, now)) {
        stats.throttledAt.push(now);
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "fake connector: rate limit" } }));
        return;
      }
      stats.accepted.push({ conversationId, at: now });
      const id = `sent-${next++}`;
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id }));
      }, limits.delayMs ?? 0);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    parentPort!.postMessage({ port: typeof address === "object" && address ? address.port : 0 });
  });
  parentPort!.on("message", (message) => message === "stats" && parentPort!.postMessage(stats));
}

if (!isMainThread && (workerData as { limitedConnector?: ConnectorLimits } | undefined)?.limitedConnector) {
  serve((workerData as { limitedConnector: ConnectorLimits }).limitedConnector);
}

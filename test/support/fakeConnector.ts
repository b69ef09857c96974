import { createServer, type Server } from "node:http";

export interface SentActivity {
  conversationId: string;
  path: string;
  activity: { type?: string; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[]; replyToId?: string };
  /** The Authorization header the bot sent (its token for the Bot Connector). */
  authorization?: string;
}

/**
 * A stand-in for the Bot Connector service on loopback: it accepts what the bot sends
 * (replies and new messages) the way Teams' connector does, and records it.
 */
export interface FakeMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

/**
 * Teams' limits as this fake enforces them: more than `perSecond` sends to one tenant (all
 * of this fake's traffic) or `perConversationPerSecond` to one conversation within any
 * one-second window is answered 429 with Retry-After, as Teams does. `toleranceMs` shortens
 * the window a little so loopback scheduling jitter alone is not counted as a breach.
 */
export interface FakeLimits {
  perSecond: number;
  perConversationPerSecond: number;
  toleranceMs?: number;
}

export class FakeConnector {
  readonly sent: SentActivity[] = [];
  /** When each accepted send arrived (ms), to check the rate afterwards. */
  readonly acceptedAt: number[] = [];
  /** Sends answered 429 because they broke `limits`, and when. */
  throttled = 0;
  readonly throttledAt: number[] = [];
  limits: FakeLimits | undefined;
  /** Milliseconds to wait before answering an accepted send: a slow Teams (the message is already accepted when the wait starts). */
  delayMs = 0;
  private readonly recent = new Map<string, number[]>();
  /** Conversations whose sends fail, with the status and error code Teams would answer. */
  readonly failWith = new Map<string, { status: number; code: string; times?: number; retryAfterSeconds?: number }>();
  /** How many sends each conversation received, failed ones included. */
  readonly attempts = new Map<string, number>();
  /** Members Teams would return for GET /v3/conversations/{id}/members/{memberId}. */
  readonly members = new Map<string, FakeMember>();
  /** The most members one page of GET /v3/conversations/{id}/pagedmembers holds (Teams pages too), so callers must follow continuation tokens. */
  membersPerPage = 2;
  /** The conversations (or teams) whose members were listed. */
  readonly listedMembersOf: string[] = [];
  /** Conversations the bot created (POST /v3/conversations): the parameters it sent. */
  readonly created: { members?: { id: string }[]; tenantId?: string; isGroup?: boolean }[] = [];
  private server: Server | undefined;
  private waiters: (() => void)[] = [];
  url = "";

  async start(): Promise<void> {
    let next = 1;
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers(?:\?(.*))?$/.exec(req.url ?? "");
        if (req.method === "GET" && paged) {
          this.listedMembersOf.push(decodeURIComponent(paged[1]!));
          const query = new URLSearchParams(paged[2] ?? "");
          const from = Number(query.get("continuationToken") ?? "0");
          const all = [...this.members.values()];
          const page = all.slice(from, from + Math.min(this.membersPerPage, Number(query.get("pageSize") ?? "100")));
          const next = from + page.length < all.length ? String(from + page.length) : undefined;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ members: page, ...(next ? { continuationToken: next } : {}) }));
          return;
        }
        const member = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? "");
        if (req.method === "GET" && member) {
          const found = this.members.get(decodeURIComponent(member[1]!));
          res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
          res.end(JSON.stringify(found ?? { error: { code: "MemberNotFoundInConversation", message: "not a member" } }));
          return;
        }
        if (req.method === "POST" && /^\/v3\/conversations\/?$/.test(req.url ?? "")) {
          const parameters = JSON.parse(body || "{}") as FakeConnector["created"][number];
          this.created.push(parameters);
          res.writeHead(201, { "content-type": "application/json" });
          res.end(JSON.stringify({ id: `a:created-${parameters.members?.[0]?.id ?? "unknown"}` }));
          return;
        }
        const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? "");
        // Separate calls: restify (loaded by the bot in this process) changes what writeHead returns.
        if (req.method !== "POST" || !match) {
          res.writeHead(404);
          res.end();
          return;
        }
        const conversationId = decodeURIComponent(match[1]!);
        this.attempts.set(conversationId, (this.attempts.get(conversationId) ?? 0) + 1);
        const failure = this.failWith.get(conversationId);
        if (failure && (failure.times === undefined || failure.times > 0)) {
          if (failure.times !== undefined) failure.times -= 1;
          res.writeHead(failure.status, { "content-type": "application/json", ...(failure.retryAfterSeconds !== undefined ? { "retry-after": String(failure.retryAfterSeconds) } : {}) });
          res.end(JSON.stringify({ error: { code: failure.code, message: `fake connector: ${failure.code}` } }));
          return;
        }
        if (this.overLimit(conversationId)) {
          this.throttled++;
          this.throttledAt.push(Date.now());
          res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
          res.end(JSON.stringify({ error: { code: "TooManyRequests", message: "fake connector: rate limit" } }));
          return;
        }
        this.sent.push({ conversationId, path: req.url ?? "", activity: JSON.parse(body || "{}") as SentActivity["activity"], authorization: req.headers.authorization });
        this.acceptedAt.push(Date.now());
        for (const wake of this.waiters.splice(0)) wake();
        const id = `sent-${next++}`;
        setTimeout(() => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ id }));
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  }

  private overLimit(conversationId: string): boolean {
    if (!this.limits) return false;
    const now = Date.now();
    const window = 1000 - (this.limits.toleranceMs ?? 0);
    const keys: [string, number][] = [["tenant", this.limits.perSecond], [`conversation|${conversationId}`, this.limits.perConversationPerSecond]];
    const windows = keys.map(([key]) => (this.recent.get(key) ?? []).filter((t) => t > now - window));
    if (windows.some((times, i) => times.length >= keys[i]![1])) return true;
    keys.forEach(([key], i) => this.recent.set(key, [...windows[i]!, now]));
    return false;
  }

  /** The most sends accepted within any one-second window (less the tolerance). */
  busiestSecond(): number {
    const window = 1000 - (this.limits?.toleranceMs ?? 0);
    let most = 0;
    for (let start = 0, end = 0; end < this.acceptedAt.length; end++) {
      while (this.acceptedAt[end]! - this.acceptedAt[start]! >= window) start++;
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /** Waits until `count` more activities than `from` have arrived. */
  async waitFor(from: number, count = 1, ms = 5000): Promise<SentActivity[]> {
    const until = Date.now() + ms;
    while (this.sent.length < from + count) {
      if (Date.now() > until) throw new Error(`expected ${count} activities from the bot, got ${this.sent.length - from}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.sent.slice(from, from + count);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

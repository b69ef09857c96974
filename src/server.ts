import { randomUUID } from "node:crypto";
import * as restify from "restify";
import type { InvokeResponse, TurnContext } from "botbuilder";
import { isLoopbackServiceUrl, parseActivityEnvelope } from "./edge/activityEnvelope";
import { readJsonBody } from "./edge/requestBody";
import type { LogFunction } from "./logging/logger";

export interface ServerDependencies {
  adapter: { handleActivity(authHeader: string, activity: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> };
  runTurn: (context: TurnContext) => Promise<void>;
  checkStorage: () => Promise<void>;
  /** False in local mode (no MicrosoftAppId): then replies may only go to this machine. */
  authenticated: boolean;
  log: LogFunction;
}

const isAuthenticationError = (error: unknown) => (error as { statusCode?: unknown }).statusCode === 401 || (error as { name?: unknown }).name === "AuthenticationError";

/**
 * The HTTP edge. /api/messages reads its body itself — JSON only, at most 1 MB, counted as it
 * streams — and checks the activity's shape before authentication or any handler runs, so
 * an unauthenticated caller can neither fill memory nor the disk; every refusal is a short
 * reason with no internal detail. /healthz says the process is up, /readyz that storage answers.
 */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = restify.createServer({ name: "plan-tracker" });
  // A body that is refused unread is discarded by Node once the answer is out (nothing is kept).
  const refuse = (res: restify.Response, status: number, code: string, message: string) => res.send(status, { error: { code, message } });
  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    const body = await readJsonBody(req);
    if (!body.ok) {
      refuse(res, body.status, body.status === 415 ? "UnsupportedMediaType" : body.status === 413 ? "PayloadTooLarge" : "BadRequest", body.reason);
      return;
    }
    const envelope = parseActivityEnvelope(body.value);
    if (!envelope.ok) {
      refuse(res, 400, "BadRequest", envelope.reason);
      return;
    }
    if (!deps.authenticated && !isLoopbackServiceUrl(envelope.activity.serviceUrl)) {
      refuse(res, 403, "Forbidden", "without authentication (no MicrosoftAppId) replies go only to a serviceUrl on this machine");
      return;
    }
    const authorization = req.headers.authorization ?? "";
    try {
      const invokeResponse = await deps.adapter.handleActivity(authorization, envelope.activity, deps.runTurn);
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      if (isAuthenticationError(error)) {
        deps.log("request refused: not authenticated", { level: "warn", reference, reason: String((error as Error).cause ?? (error as Error).message) });
        res.send(401, { error: { code: "Unauthorized", message: "the request's token could not be accepted", reference } });
        return;
      }
      deps.log("request failed", { level: "error", reference, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      res.send(500, { error: { code: "Internal", message: "the request could not be handled", reference } });
    }
  });
  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: "up" });
  });
  server.get("/readyz", async (_req: restify.Request, res: restify.Response) => {
    try {
      await deps.checkStorage();
      res.send(200, { status: "ready" });
    } catch (error) {
      deps.log("readiness check failed", { level: "warn", error: String(error) });
      res.send(503, { status: "storage is not answering" });
    }
  });
  return server;
}

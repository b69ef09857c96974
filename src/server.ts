import { randomUUID } from "node:crypto";
import type * as restify from "restify";
import { isLoopbackServiceUrl, parseActivityEnvelope } from "./edge/activityEnvelope";
import { readJsonBody } from "./edge/requestBody";
import { createRestifyServer } from "./edge/restifyServer";
import type { LogFunction } from "./logging/logger";
import { RequestRefused } from "./teams/requestRefused";
import type { TeamsRuntime } from "./teams/runtime";
import type { TurnHandler } from "./teams/turn";

export interface ServerDependencies {
  /** The Teams seam on the SDK BOT_SDK chose: checks the token, runs the turn, says what to answer. */
  runtime: TeamsRuntime;
  handler: TurnHandler;
  checkStorage: () => Promise<void>;
  /** False in local mode (no MicrosoftAppId): then replies may only go to this machine. */
  authenticated: boolean;
  log: LogFunction;
}

/** Why a token was refused, down to the first cause (a network error fetching the keys, say): for the log only. */
function causeOf(error: Error): string {
  const causes: string[] = [];
  for (let at: unknown = error.cause; at !== undefined && causes.length < 4; at = (at as { cause?: unknown }).cause) causes.push(at instanceof Error ? at.message : String(at));
  return causes.join(": ") || error.message;
}

/**
 * The HTTP edge. /api/messages reads its body itself — JSON only, at most 1 MB, counted as it
 * streams — and checks the activity's shape before authentication or any handler runs, so
 * an unauthenticated caller can neither fill memory nor the disk; every refusal is a short
 * reason with no internal detail. The same whichever SDK runs (BOT_SDK): the Teams runtime checks
 * the token and runs the turn. /healthz says the process is up, /readyz that storage answers (and
 * which SDK runs).
 */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = createRestifyServer("plan-tracker");
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
      const answer = await deps.runtime.process({ body: envelope.activity, authorization }, deps.handler);
      res.send(answer.status, answer.body);
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      if (error instanceof RequestRefused && error.status === 401) {
        deps.log("request refused: not authenticated", { level: "warn", reference, reason: causeOf(error) });
        res.send(401, { error: { code: "Unauthorized", message: "the request's token could not be accepted", reference } });
        return;
      }
      if (error instanceof RequestRefused) {
        refuse(res, error.status, "BadRequest", error.message);
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
      res.send(200, { status: "ready", botSdk: deps.runtime.sdk });
    } catch (error) {
      deps.log("readiness check failed", { level: "warn", error: String(error) });
      res.send(503, { status: "storage is not answering", botSdk: deps.runtime.sdk });
    }
  });
  return server;
}

import * as restify from "restify";
import { RequestRefused } from "./teams/requestRefused";
import type { TeamsRuntime } from "./teams/runtime";
import type { TurnHandler } from "./teams/turn";

export interface ServerDependencies {
  runtime: TeamsRuntime;
  handler: TurnHandler;
  checkStorage: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * The HTTP edge, the same whichever SDK runs: /api/messages hands the body and the token to the
 * Teams runtime (which checks the token, then runs the turn) and answers what it says;
 * /healthz says the process is up, /readyz that storage answers and which SDK runs.
 */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = restify.createServer({ name: "plan-tracker" });
  server.use(restify.plugins.bodyParser());
  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    try {
      const answer = await deps.runtime.process({ body: req.body as unknown, authorization: req.headers.authorization }, deps.handler);
      res.send(answer.status, answer.body);
    } catch (error) {
      if (error instanceof RequestRefused) {
        res.send(error.status, { error: { code: error.status === 401 ? "Unauthorized" : "BadRequest", message: error.message } });
        return;
      }
      deps.log(`Request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      res.send(500, { error: { code: "Internal", message: "the request could not be handled" } });
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
      deps.log(`Readiness check failed: ${String(error)}`);
      res.send(503, { status: "storage is not answering", botSdk: deps.runtime.sdk });
    }
  });
  return server;
}

import * as restify from "restify";
import type { CloudAdapter, TurnContext } from "botbuilder";

export interface ServerDependencies {
  adapter: CloudAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  checkStorage: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * The HTTP edge: /api/messages only hands the request to the adapter (which checks the
 * Bot Framework token); /healthz says the process is up, /readyz that storage answers.
 */
export function createServer(deps: ServerDependencies): restify.Server {
  const server = restify.createServer({ name: "plan-tracker" });
  server.use(restify.plugins.bodyParser());
  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    await deps.adapter.process(req, res, deps.runTurn);
  });
  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: "up" });
  });
  server.get("/readyz", async (_req: restify.Request, res: restify.Response) => {
    try {
      await deps.checkStorage();
      res.send(200, { status: "ready" });
    } catch (error) {
      deps.log(`Readiness check failed: ${String(error)}`);
      res.send(503, { status: "storage is not answering" });
    }
  });
  return server;
}

// restify's server and router modules (restify/lib/*), which its typings do not declare: the
// bot loads them instead of restify's index (src/edge/restifyServer.ts).
declare module "restify/lib/server" {
  import type { Server, ServerOptions } from "restify";
  const RestifyServer: new (options: Omit<ServerOptions, "log" | "router"> & { name: string; log: unknown; router: unknown }) => Server;
  export = RestifyServer;
}

declare module "restify/lib/router" {
  const RestifyRouter: new (options: { name: string; log: unknown }) => unknown;
  export = RestifyRouter;
}

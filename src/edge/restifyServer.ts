import pino from "pino";
import type { Server } from "restify";
import RestifyServer from "restify/lib/server";
import RestifyRouter from "restify/lib/router";

/**
 * A restify server, made as `restify.createServer({ name })` makes one, from restify's own
 * server and router modules rather than its index: the index also loads every plugin (body
 * parsers, static files, throttling, request signing), 260 modules the bot never uses, which
 * were a tenth of what it loaded before /readyz. The log is pino at info, restify's default
 * (restify writes only trace and debug lines to it, so nothing shows).
 */
export function createRestifyServer(name: string): Server {
  const log = pino({ name });
  return new RestifyServer({ name, log, router: new RestifyRouter({ name, log }) });
}

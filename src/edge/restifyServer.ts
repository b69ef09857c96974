import pino from "pino";
import type { Server } from "restify";
import RestifyServer from "restify/lib/server";
import RestifyRouter from "restify/lib/router";

/**
 * A restify server, made as `restify.createServer({ name })` makes one, from restify's own
 * server and router modules rather than its index: the index also loads every plugin (body
 * parsers, static files, throttling, request signing) and its own pino, 263 of the 1,571 modules
 * the bot loaded before /readyz, none of which it uses. The log is a pino at info, as restify's
 * default, but the bot's pino 10 rather than restify's own pino 8 (the same calls): restify
 * writes trace lines to it, and warnings only for a handler's mistake (an async handler that
 * returns a value, a formatter that fails), which the bot's handlers do not make.
 */
export function createRestifyServer(name: string): Server {
  const log = pino({ name });
  return new RestifyServer({ name, log, router: new RestifyRouter({ name, log }) });
}

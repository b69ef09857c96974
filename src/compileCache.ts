import * as nodeModule from "node:module";

/**
 * Turns on Node's on-disk cache of compiled modules (Node 22.1 and later; production runs
 * Node 24), so that every start after the first skips compiling the bot's modules and its
 * libraries, most of what a cold start spends before `/readyz` can say 200. The cache is kept
 * in the system's temporary folder (or NODE_COMPILE_CACHE) and checked against each file, so a
 * new build is compiled afresh. On Node 20, which has no such cache, this does nothing. Imported
 * first by every entry point: the bot, the store's process and the CLI.
 */
const enableCompileCache = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
enableCompileCache?.();

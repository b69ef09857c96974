import "../compileCache";
import { fork, type ChildProcess } from "node:child_process";
import { devConnectionString } from "./devConnection";
import type { RunningTableServer } from "./tableServer";

/**
 * Runs Azurite's table service in a child process. It cannot share a process with the
 * bot: restify extends Node's http request prototype, which breaks the query-string
 * parsing of Azurite's own HTTP server (OData filters are then ignored). The child
 * exits when its parent does (the IPC channel closes), so it never outlives the bot.
 */

interface StartMessage {
  port: number;
  dataDir?: string;
}

type ChildReply = { ready: number } | { failed: string; code?: string };

export interface RunningTableServerProcess extends RunningTableServer {
  pid: number;
  /** Settles when the process exits, for whatever reason (closed, crashed, killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The store's process runs with this process's node flags (so within the bot's heap budget, which
 * also bounds Azurite's in-memory store), but never its debugger: a second process cannot listen
 * on the same inspector port.
 */
const forkOptions = {
  stdio: ["ignore", "ignore", "inherit", "ipc"] as ("ignore" | "inherit" | "ipc")[],
  execArgv: process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag)),
};

/** A process started ahead of need (`prewarmTableServerProcess`), loading Azurite and waiting for its options. */
let prewarmed: ChildProcess | undefined;

/**
 * Starts a table server process before this process knows it will need one (the bot or a CLI
 * command, as it starts: before its own modules load, which would otherwise come first): it loads
 * Azurite (the slow part) and waits. The next `startTableServerProcess` uses it; if nothing does,
 * it is stopped by `discardPrewarmedTableServer`, and it exits with this process anyway. Until it
 * is used it does not hold this process open: a command that ends without opening the store
 * (its arguments refused, say) exits as it would have without it.
 */
export function prewarmTableServerProcess(): void {
  if (prewarmed) return;
  prewarmed = fork(__filename, [], forkOptions);
  prewarmed.unref();
  prewarmed.channel?.unref();
}

export function discardPrewarmedTableServer(): void {
  prewarmed?.kill("SIGTERM");
  prewarmed = undefined;
}

/** `spawned` is told as soon as the process exists, before it has loaded Azurite and started (seconds). */
export function startTableServerProcess(options: StartMessage, spawned?: () => void): Promise<RunningTableServerProcess> {
  const warm = prewarmed?.exitCode === null && prewarmed.signalCode === null && prewarmed.connected ? prewarmed : undefined;
  prewarmed = undefined;
  // Held like a process started here from now on.
  warm?.ref();
  warm?.channel?.ref();
  const child = warm ?? fork(__filename, [JSON.stringify(options)], forkOptions);
  spawned?.();
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the table server process exited (${code}) before it started`)));
    // A prewarmed process may be exiting already (Azurite failed to load): the failed send stops it, and "exit" says so.
    if (warm) warm.send({ start: options }, (error) => error && warm.kill());
    child.once("message", (message: ChildReply) => {
      child.removeAllListeners("exit");
      if ("failed" in message) {
        reject(Object.assign(new Error(message.failed), { code: message.code }));
        return;
      }
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
        if (child.exitCode !== null || child.signalCode !== null) resolveExit({ code: child.exitCode, signal: child.signalCode });
        else child.once("exit", (code, signal) => resolveExit({ code, signal }));
      });
      resolve({
        port: message.ready,
        pid: child.pid ?? 0,
        connectionString: devConnectionString(message.ready),
        exited,
        close: async () => {
          // A child killed by a signal has signalCode set and exitCode null, and its IPC channel is gone:
          // there is nothing to close then. If the channel closes between the check and the send,
          // the send's callback gets the error and the process is asked to stop by signal instead.
          if (child.exitCode === null && child.signalCode === null) {
            if (child.connected) child.send("close", (error) => error && child.kill("SIGTERM"));
            else child.kill("SIGTERM");
          }
          await exited;
        },
      });
    });
  });
}

/** The options: on the command line, or (a prewarmed process) in the parent's first message. */
function startOptions(): Promise<StartMessage> {
  if (process.argv[2]) return Promise.resolve(JSON.parse(process.argv[2]) as StartMessage);
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (typeof message !== "object" || message === null || !("start" in message)) return;
      process.off("message", onMessage);
      resolve((message as { start: StartMessage }).start);
    };
    process.on("message", onMessage);
  });
}

async function runChild(): Promise<void> {
  const told = startOptions();
  let server: RunningTableServer;
  try {
    // Azurite is loaded here, in the child, never in the parent: the parent needs only its address.
    const { startTableServer } = await import("./tableServer.js");
    server = await startTableServer(await told);
  } catch (error) {
    process.send?.({ failed: String(error), code: (error as NodeJS.ErrnoException).code });
    process.exit(1);
  }
  // Several signals may ask to stop (the parent's message, then its exit); closing twice would
  // throw mid-save, so the first one wins. Closing saves the data to disk.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`table server: could not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("message", (message) => message === "close" && stop());
  process.once("disconnect", stop); // the parent exited
  process.once("SIGTERM", stop);
  // Ctrl-C reaches the whole process group; the parent decides when this server closes.
  process.on("SIGINT", () => undefined);
  process.send?.({ ready: server.port });
}

if (require.main === module) void runChild();

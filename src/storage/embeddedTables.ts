import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import { PlanTrackerError } from "../errors";
import { devConnectionString } from "./devConnection";
import { startTableServerProcess, type RunningTableServerProcess } from "./tableServerProcess";

/**
 * The embedded default store: Azurite's table service, run by whichever Plan Tracker
 * process needs it first, with its data under `.data/`.
 *
 * Only one process may own the data files (two would overwrite each other's saves), so
 * ownership is a lock file created with O_EXCL. The owner (host) serves on a fixed
 * port; any other process (a CLI command while the bot runs, a second bot) is a guest
 * that talks to the host over HTTP and so sees the same data. A lock whose process has
 * died is stale and is taken over. A long-running guest (the bot) watches the host and
 * takes over when it exits; the port stays the same, so its table clients keep working.
 *
 * The host supervises its Azurite child: if the child exits (a crash, kill -9) it is
 * started again on the same port and data, after a delay that doubles on each quick
 * failure (0.5 s up to 10 s). While it is down `serving()` is false, so readiness says so.
 */

const lockSchema = z.object({ pid: z.number().int().positive(), port: z.number().int().positive() });

export interface EmbeddedTables {
  connectionString: string;
  role(): "host" | "guest";
  /** False while this process hosts the store and its Azurite child is down (being restarted). */
  serving(): boolean;
  /** After a refused connection: wait for the host to come back, or become the host. */
  recover(): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Keep watching a host we share with, and become the host when it exits. */
  takeOver: boolean;
  /** How long to wait for a host that does not answer before giving up (a CLI command); unset: keep waiting. */
  waitMs?: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /** Told once the store is on its way (this process's store spawned, or another's found), so the caller can load what it needs meanwhile. */
  starting?: () => void;
}

const WATCH_INTERVAL_MS = 1000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

type Lock = z.output<typeof lockSchema>;
/** A lock file that exists but does not hold a lock yet: being written now, or left half-written by a crash. */
type Unfinished = { unfinishedForMs: number };

async function readLock(path: string): Promise<Lock | Unfinished | undefined> {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (parsed.success) return parsed.data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (!(error instanceof SyntaxError)) throw error;
  }
  try {
    return { unfinishedForMs: Date.now() - (await stat(path)).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const isLock = (lock: Lock | Unfinished | undefined): lock is Lock => lock !== undefined && "pid" in lock;
/** A lock file left unfinished this long was abandoned: writing it takes microseconds. */
const ABANDONED_AFTER_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tries to become the host: creates the lock exclusively and starts Azurite. */
async function tryHost(options: EmbeddedOptions, lockPath: string): Promise<RunningTableServerProcess | undefined> {
  let handle;
  try {
    handle = await open(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw error;
  }
  // A previous host's server may still be saving and releasing the port for a moment.
  const until = Date.now() + PORT_RELEASE_WAIT_MS;
  try {
    await handle.writeFile(JSON.stringify({ pid: process.pid, port: options.port }));
    await handle.close();
    for (;;) {
      try {
        return await startTableServerProcess({ port: options.port, dataDir: options.dataDir }, options.starting);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || Date.now() > until) throw error;
        await sleep(100);
      }
    }
  } catch (error) {
    await rm(lockPath, { force: true });
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new PlanTrackerError(
        "configuration",
        `port ${options.port} for the embedded table store is in use by another program; set EMBEDDED_TABLES_PORT to a free port`,
      );
    }
    throw error;
  }
}

/** True once something accepts connections on the port (a host writes its lock just before it listens). */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const HOST_START_WAIT_MS = 10_000;
const PORT_RELEASE_WAIT_MS = 5_000;
/** Restart delays of a crashed Azurite child: the first, the longest, and how long it must run to count as healthy again. */
const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 10_000;
const HEALTHY_AFTER_MS = 30_000;

class EmbeddedStore implements EmbeddedTables {
  readonly connectionString: string;
  private server: RunningTableServerProcess | undefined;
  private watcher: NodeJS.Timeout | undefined;
  private recovering: Promise<void> | undefined;
  private restarting: Promise<void> | undefined;
  private closing = false;
  private quickFailures = 0;
  private startedAt = 0;
  private readonly lockPath: string;

  constructor(private readonly options: EmbeddedOptions) {
    this.connectionString = devConnectionString(options.port);
    this.lockPath = join(options.dataDir, "tables.lock");
  }

  role(): "host" | "guest" {
    return this.server ? "host" : "guest";
  }

  serving(): boolean {
    return this.restarting === undefined;
  }

  /** Becomes the host, or finds a live host that is listening. */
  async acquire(): Promise<void> {
    const { options, lockPath } = this;
    const giveUpAt = Date.now() + (options.waitMs ?? Number.POSITIVE_INFINITY);
    for (let attempt = 0; ; attempt++) {
      if (attempt === 200) throw new PlanTrackerError("storage", `could not open the embedded table store: ${lockPath} stays locked`);
      this.server = await tryHost(options, lockPath);
      if (this.server) {
        this.supervise(this.server);
        return;
      }
      const lock = await readLock(lockPath);
      if (isLock(lock) && isAlive(lock.pid)) {
        if (lock.port !== options.port) {
          throw new PlanTrackerError("configuration", `the embedded table store is served on port ${lock.port} by process ${lock.pid}, but EMBEDDED_TABLES_PORT is ${options.port}`);
        }
        const until = Math.min(Date.now() + HOST_START_WAIT_MS, giveUpAt);
        while (!(await isListening(lock.port))) {
          if (Date.now() > until || !isAlive(lock.pid)) break;
          await sleep(50);
        }
        if (await isListening(lock.port)) {
          if (attempt === 0 || !this.recovering) options.log(`Sharing the embedded table store of process ${lock.pid} on port ${lock.port}`);
          options.starting?.();
          return;
        }
        if (Date.now() > giveUpAt) {
          throw new PlanTrackerError(
            "storage",
            `the embedded table store (port ${lock.port}, served by process ${lock.pid}) did not answer within ${Math.round((options.waitMs ?? 0) / 1000)} s; try again in a moment, or stop process ${lock.pid} if it stays like this`,
          );
        }
        continue; // the host died while starting: its lock is stale now
      }
      if (lock && !isLock(lock) && lock.unfinishedForMs < ABANDONED_AFTER_MS) {
        await sleep(50); // another process is writing its lock right now
        continue;
      }
      // The lock's owner has exited (or died before finishing it): remove it and try again.
      await rm(lockPath, { force: true });
    }
  }

  /**
   * Called when the host stopped answering: waits for a new host or becomes it.
   * Concurrent callers share one attempt.
   */
  recover(): Promise<void> {
    if (this.server) return this.restarting ?? Promise.resolve();
    this.recovering ??= this.acquire().finally(() => {
      this.recovering = undefined;
      if (this.server) {
        this.stopWatching();
        this.options.log(`The process that served the embedded table store stopped; this process serves it now on port ${this.options.port}`);
      }
    });
    return this.recovering;
  }

  /** A long-running guest takes over as soon as the host exits, rather than at its next request. */
  watchHost(): void {
    if (this.server) return;
    this.watcher = setInterval(() => {
      void (async () => {
        const lock = await readLock(this.lockPath);
        if (isLock(lock) && isAlive(lock.pid)) return;
        await this.recover();
      })().catch((error: unknown) => this.options.log(`Could not take over the embedded table store: ${String(error)}`));
    }, WATCH_INTERVAL_MS);
    this.watcher.unref();
  }

  /** Restarts the Azurite child whenever it exits unless this store is closing. */
  private supervise(server: RunningTableServerProcess): void {
    this.startedAt = Date.now();
    void server.exited.then(({ code, signal }) => {
      if (this.closing || this.server !== server) return;
      this.options.log("the embedded table store process exited; restarting it", { level: "warn", pid: server.pid, code, signal });
      this.restarting = this.restart().finally(() => {
        this.restarting = undefined;
      });
    });
  }

  private async restart(): Promise<void> {
    if (Date.now() - this.startedAt > HEALTHY_AFTER_MS) this.quickFailures = 0;
    for (;;) {
      await sleep(Math.min(RESTART_MAX_DELAY_MS, RESTART_FIRST_DELAY_MS * 2 ** this.quickFailures));
      this.quickFailures++;
      if (this.closing) return;
      try {
        const server = await startTableServerProcess({ port: this.options.port, dataDir: this.options.dataDir });
        this.server = server;
        this.supervise(server);
        this.options.log("the embedded table store process is serving again", { pid: server.pid, port: server.port });
        return;
      } catch (error) {
        this.options.log("the embedded table store process could not be restarted; trying again", { level: "error", error: String(error) });
      }
    }
  }

  private stopWatching(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopWatching();
    await Promise.allSettled([this.recovering, this.restarting]); // their outcome went to whoever asked for it
    if (this.server) {
      const server = this.server;
      this.server = undefined;
      await server.close();
      await rm(this.lockPath, { force: true });
    }
  }
}

export async function openEmbeddedTables(options: EmbeddedOptions): Promise<EmbeddedTables> {
  await mkdir(options.dataDir, { recursive: true });
  const store = new EmbeddedStore(options);
  await store.acquire();
  if (options.takeOver) store.watchHost();
  return store;
}

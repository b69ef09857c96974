// First: Azurite is loaded without the telemetry it never starts here (see the module).
import "./azuriteWithoutTelemetry";
import { join } from "node:path";
import TableConfiguration from "azurite/dist/src/table/TableConfiguration";
import TableServer from "azurite/dist/src/table/TableServer";
import { lookUpEntitiesByRarerKey } from "./azuriteKeyLookup";
import { devConnectionString } from "./devConnection";

/** How often Azurite writes its in-memory store to disk; it only writes when something changed. */
const SAVE_INTERVAL_MS = 250;

export interface RunningTableServer {
  port: number;
  connectionString: string;
  /** Closes the server; a persisted store is saved to disk first, completely. */
  close(): Promise<void>;
}

/**
 * Starts Azurite's table service in this process on 127.0.0.1. With `dataDir` the
 * data persists there; without it the store is in memory (tests). Port 0 picks a
 * free port.
 */
export async function startTableServer(options: { port: number; dataDir?: string }): Promise<RunningTableServer> {
  const dbPath = options.dataDir ? join(options.dataDir, "tables.db.json") : "tables-in-memory";
  const configuration = new TableConfiguration(
    "127.0.0.1", options.port, undefined, dbPath,
    false, false, undefined, undefined, false,
    true, // skipApiVersionCheck: the SDK may speak a newer API version than this Azurite knows
    "", "", "", undefined, false,
    options.dataDir === undefined,
  );
  const server = new TableServer(configuration);
  await server.start();
  if (!lookUpEntitiesByRarerKey(server)) {
    throw new Error("Azurite's table store is not where Plan Tracker expects it; check the pinned azurite version");
  }
  const db = options.dataDir ? lokiOf(server) : undefined;
  if (db) saveSoonAfterWrites(db);
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return {
    port,
    connectionString: devConnectionString(port),
    close: async () => {
      // An autosave may be half-way through its write when the close comes, and Azurite's own
      // close saves only what is still marked changed. Stop the timer and save once more, after
      // any save in flight (LokiJS queues it), so the file on disk has every acknowledged write.
      if (db) {
        db.autosaveDisable();
        await new Promise<void>((resolve, reject) => db.saveDatabase((error) => (error ? reject(error) : resolve())));
      }
      await server.close();
    },
  };
}

/**
 * Azurite keeps tables in LokiJS and saves them every 5 s, so a killed process could
 * lose the last seconds of writes. Saving within 250 ms of a change narrows that window
 * (LokiJS writes a temporary file and renames it, so a save is never half-written).
 * This reaches into Azurite 3.35's internals, which is why the version is pinned.
 */
function saveSoonAfterWrites(db: LokiLike): void {
  db.autosaveDisable();
  db.autosaveInterval = SAVE_INTERVAL_MS;
  db.autosaveEnable();
}

interface LokiLike {
  autosaveInterval: number;
  autosaveDisable(): void;
  autosaveEnable(): void;
  saveDatabase(callback: (error?: Error | null) => void): void;
}

/** Azurite 3.35 keeps its LokiJS database at server.metadataStore.db (an internal, hence the pinned version). */
function lokiOf(server: TableServer): LokiLike {
  const db = (server as unknown as { metadataStore?: { db?: LokiLike } }).metadataStore?.db;
  if (!db || typeof db.autosaveDisable !== "function" || typeof db.saveDatabase !== "function") {
    throw new Error("Azurite's table store is not where Plan Tracker expects it; check the pinned azurite version");
  }
  return db;
}

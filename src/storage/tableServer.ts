import { join } from "node:path";
import TableConfiguration from "azurite/dist/src/table/TableConfiguration";
import TableServer from "azurite/dist/src/table/TableServer";

/** Azurite's well-known development account: public, documented, and accepted only by emulators. */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export function devConnectionString(port: number, host = "127.0.0.1"): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}

/** How often Azurite writes its in-memory store to disk; it only writes when something changed. */
const SAVE_INTERVAL_MS = 250;

export interface RunningTableServer {
  port: number;
  connectionString: string;
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
  if (options.dataDir) saveSoonAfterWrites(server);
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return { port, connectionString: devConnectionString(port), close: () => server.close() };
}

/**
 * Azurite keeps tables in LokiJS and saves them every 5 s, so a killed process could
 * lose the last seconds of writes. Saving within 250 ms of a change narrows that window
 * (LokiJS writes a temporary file and renames it, so a save is never half-written).
 * This reaches into Azurite 3.35's internals, which is why the version is pinned.
 */
function saveSoonAfterWrites(server: TableServer): void {
  const db = (server as unknown as { metadataStore?: { db?: LokiLike } }).metadataStore?.db;
  if (!db || typeof db.autosaveDisable !== "function") {
    throw new Error("Azurite's table store is not where Plan Tracker expects it; check the pinned azurite version");
  }
  db.autosaveDisable();
  db.autosaveInterval = SAVE_INTERVAL_MS;
  db.autosaveEnable();
}

interface LokiLike {
  autosaveInterval: number;
  autosaveDisable(): void;
  autosaveEnable(): void;
}

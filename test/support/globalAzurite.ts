import type { RunningTableServer } from "../../src/storage/tableServer";
import { startTableServerProcess } from "../../src/storage/tableServerProcess";

/**
 * One real Azurite table server (in memory, on a free loopback port, in a child process) for the whole
 * test run; each test suite isolates itself with its own table prefix.
 */
let server: RunningTableServer | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  server = await startTableServerProcess({ port: 0 });
  process.env.TEST_TABLES_CONNECTION_STRING = server.connectionString;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await server?.close();
}

import { startTableServer, type RunningTableServer } from "../../src/storage/tableServer";

/**
 * One real Azurite table server (in memory, on a free loopback port) for the whole
 * test run; each test suite isolates itself with its own table prefix.
 */
let server: RunningTableServer | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  server = await startTableServer({ port: 0 });
  process.env.TEST_TABLES_CONNECTION_STRING = server.connectionString;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await server?.close();
}

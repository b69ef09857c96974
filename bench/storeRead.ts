import { odata, TableClient } from "@azure/data-tables";
import { startTableServerProcess } from "../src/storage/tableServerProcess";

/**
 * The cold-start baseline: start the table store on an existing data directory and read
 * one plan's partition with the raw @azure/data-tables client, nothing else.
 * `node dist/bench/storeRead.js <dataDir> <tablePrefix> <planId>`; prints the entities read.
 */
async function main(): Promise<void> {
  const [dataDir, prefix, planId] = process.argv.slice(2) as [string, string, string];
  const server = await startTableServerProcess({ port: 0, dataDir });
  const table = TableClient.fromConnectionString(server.connectionString, `${prefix}plans`, { allowInsecureConnection: true });
  let entities = 0;
  for await (const page of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${planId} and RowKey ge ${"s|"} and RowKey lt ${"s}"}` } }).byPage({ maxPageSize: 1000 })) entities += page.length;
  process.stdout.write(`${entities}\n`);
  await server.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);

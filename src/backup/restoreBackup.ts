import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { BackupRow, StoredProperty } from "./backupFormat";
import type { BackupTables } from "./backupTables";
import { exportBackup, type ExportSummary } from "./exportBackup";
import { readBackup, type VerifiedBackup } from "./readBackup";
import { PlanTrackerError } from "../errors";

export interface RestoreOptions {
  /** Empty the store first (after a pre-restore export to `preRestoreFile`); without it a store holding data is refused. */
  replace?: { preRestoreFile: string };
  appVersion: string;
}

export interface RestoreSummary {
  restored: VerifiedBackup;
  /** The export taken before the store was emptied (with `replace`). */
  preRestore?: ExportSummary;
}

/** Azure Tables' limit for one transaction (all in one partition). */
const TRANSACTION_ROWS = 100;

/**
 * Restores a backup file into the store: reads the whole file once to check it (header, layout,
 * every table's count and checksum) before anything is written, then again to write it in
 * transactions of up to 100 rows of one partition.
 */
export async function restoreBackup(tables: BackupTables, file: string, options: RestoreOptions): Promise<RestoreSummary> {
  const verified = await readBackup(file);
  const occupied = await tablesWithRows(tables);
  let preRestore: ExportSummary | undefined;
  if (occupied.length > 0) {
    if (!options.replace) {
      throw new PlanTrackerError("conflict", `the store already holds Plan Tracker data (in ${occupied.join(", ")}). Nothing was written. To replace it, run restore again with --replace --yes: it exports the store first, then empties it`);
    }
    preRestore = await exportBackup(tables, options.replace.preRestoreFile, { appVersion: options.appVersion });
    for (const table of await tables.names()) await emptyTable(tables.table(table));
  }
  for (const table of verified.header.tables) await tables.table(table).createTable();

  let batch: { table: string; pk: string; rows: BackupRow[] } | undefined;
  const flush = async () => {
    if (!batch || batch.rows.length === 0) return;
    const actions: TransactionAction[] = batch.rows.map((row) => ["create", toEntity(row)]);
    await tables.table(batch.table).submitTransaction(actions);
    batch = undefined;
  };
  await readBackup(file, {
    row: async (table, row) => {
      if (batch && (batch.table !== table || batch.pk !== row.pk || batch.rows.length >= TRANSACTION_ROWS)) await flush();
      batch ??= { table, pk: row.pk, rows: [] };
      batch.rows.push(row);
    },
    tableEnd: flush,
  });
  return { restored: verified, ...(preRestore ? { preRestore } : {}) };
}

/** The tables (without the prefix) that hold at least one row. */
export async function tablesWithRows(tables: BackupTables): Promise<string[]> {
  const occupied: string[] = [];
  for (const name of await tables.names()) {
    const first = await tables.table(name).listEntities({ queryOptions: { select: ["PartitionKey"] } }).byPage({ maxPageSize: 1 }).next();
    if (!first.done && first.value.length > 0) occupied.push(name);
  }
  return occupied;
}

/** Deletes every row, a partition's hundred at a time (a table is not dropped: Azure keeps a dropped name unusable for a while). */
async function emptyTable(table: TableClient): Promise<void> {
  for (;;) {
    const page = await table.listEntities({ queryOptions: { select: ["PartitionKey", "RowKey"] } }).byPage({ maxPageSize: 1000 }).next();
    if (page.done || page.value.length === 0) return;
    const byPartition = new Map<string, TransactionAction[]>();
    for (const row of page.value) {
      const actions = byPartition.get(row.partitionKey!) ?? [];
      actions.push(["delete", { partitionKey: row.partitionKey!, rowKey: row.rowKey! }]);
      byPartition.set(row.partitionKey!, actions);
    }
    for (const actions of byPartition.values()) {
      for (let i = 0; i < actions.length; i += TRANSACTION_ROWS) await table.submitTransaction(actions.slice(i, i + TRANSACTION_ROWS));
    }
  }
}

/** A row as the SDK writes it: each property with its Edm type, so it is stored as it was. */
function toEntity(row: BackupRow): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey: row.pk, rowKey: row.rk };
  for (const [name, property] of Object.entries(row.properties)) entity[name] = toValue(property);
  return entity;
}

function toValue(property: StoredProperty): unknown {
  switch (property.type) {
    case "String":
      return property.value;
    case "Boolean":
      return property.value === "true";
    case "Int32":
    case "Double":
      return { value: Number(property.value), type: property.type };
    default:
      return { value: property.value, type: property.type };
  }
}

import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { TableEntityResult } from "@azure/data-tables";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, EDM_TYPES, type BackupHeader, type BackupRow, type EdmType, type StoredProperty, type TableSummary } from "./backupFormat";
import type { BackupTables } from "./backupTables";
import { planQueries, type RowQuery } from "./planScope";
import { PlanTrackerError } from "../errors";

export interface ExportOptions {
  /** Only this plan's rows and the tenant-wide rows they need (see planScope.ts). */
  plan?: string;
  appVersion: string;
  now?: Date;
}

export interface ExportSummary {
  file: string;
  header: BackupHeader;
  tables: TableSummary[];
  rows: number;
}

/** What the store sets itself, and the keys (written as pk and rk): never part of a row's properties. */
const STORE_SET = new Set(["partitionKey", "rowKey", "etag", "timestamp"]);

/** The Azure Tables page size limit: fewer requests than the default. */
const PAGE_SIZE = 1000;

/**
 * Writes a backup of the store (or one plan) to `file`: streamed page by page through gzip,
 * so memory stays flat whatever the size; written to `file.partial` and renamed, so a file
 * with the final name is always complete.
 */
export async function exportBackup(tables: BackupTables, file: string, options: ExportOptions): Promise<ExportSummary> {
  const names = await tables.names();
  const queries: RowQuery[] = options.plan === undefined ? names.map((table) => ({ table, filters: [] })) : await planQueries(tables, names, options.plan);
  const header: BackupHeader = { kind: "header", format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, appVersion: options.appVersion, createdAt: (options.now ?? new Date()).toISOString(), plan: options.plan ?? null, tables: names };
  const summaries: TableSummary[] = [];

  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify(header)}\n`;
    for (const query of queries) {
      yield `${JSON.stringify({ kind: "table", table: query.table })}\n`;
      const hash = createHash("sha256");
      let rows = 0;
      for await (const row of queryRows(tables, query)) {
        const line = `${JSON.stringify(row)}\n`;
        hash.update(line);
        rows++;
        yield line;
      }
      const summary = { table: query.table, rows, sha256: hash.digest("hex") };
      summaries.push(summary);
      yield `${JSON.stringify({ kind: "end", ...summary })}\n`;
    }
    yield `${JSON.stringify({ kind: "footer", tables: queries.length })}\n`;
  }

  const partial = `${file}.partial`;
  try {
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error instanceof PlanTrackerError ? error : new PlanTrackerError("storage", `the export to ${file} failed: ${error instanceof Error ? error.message : String(error)}`, [], { cause: error });
  }
  return { file, header, tables: summaries, rows: summaries.reduce((sum, s) => sum + s.rows, 0) };
}

async function* queryRows(tables: BackupTables, query: RowQuery): AsyncGenerator<BackupRow> {
  const client = tables.table(query.table);
  for (const filter of query.filters.length ? query.filters : [undefined]) {
    const pages = client.listEntities<Record<string, unknown>>({ disableTypeConversion: true, ...(filter ? { queryOptions: { filter } } : {}) }).byPage({ maxPageSize: PAGE_SIZE });
    for await (const page of pages) for (const entity of page) yield toBackupRow(entity);
  }
}

/** An entity as the SDK returns it with type conversion off: every property `{ value, type }`. */
function toBackupRow(entity: TableEntityResult<Record<string, unknown>>): BackupRow {
  const properties: Record<string, StoredProperty> = {};
  for (const [name, raw] of Object.entries(entity)) {
    if (STORE_SET.has(name)) continue;
    if (typeof raw !== "object" || raw === null || !("type" in raw) || !("value" in raw) || !EDM_TYPES.includes(raw.type as EdmType)) {
      throw new PlanTrackerError("storage", `row ${entity.partitionKey}/${entity.rowKey}: property ${name} came without an Edm type`);
    }
    properties[name] = { type: raw.type as EdmType, value: String(raw.value) };
  }
  return { kind: "row", pk: String(entity.partitionKey), rk: String(entity.rowKey), properties };
}

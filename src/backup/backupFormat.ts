import { z } from "zod";

/**
 * The backup file: JSON Lines, gzip-compressed. One header line, then each table in turn
 * (a `table` line, its rows, an `end` line with the row count and the SHA-256 of its row
 * lines), then one `footer` line. Row counts and checksums come after the rows because
 * they are known only once the rows have been streamed.
 */
export const BACKUP_FORMAT = "plan-tracker-backup";
/** Raised when the layout changes; a restore refuses a file with a newer version than it knows. */
export const BACKUP_FORMAT_VERSION = 1;

/** The Edm types Azure Tables stores; every property is written with its type, so a restore writes it back as it was. */
export const EDM_TYPES = ["String", "Boolean", "DateTime", "Double", "Guid", "Int32", "Int64", "Binary"] as const;
export type EdmType = (typeof EDM_TYPES)[number];

const tableName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, "a table name");

export const headerSchema = z.strictObject({
  kind: z.literal("header"),
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  appVersion: z.string(),
  createdAt: z.string(),
  /** null: the whole store; else the plan whose rows (and the tenant-wide rows they need) the file holds. */
  plan: z.string().nullable(),
  /** The tables in the file, by name without TABLE_PREFIX, in file order: a restore checks each one is there. */
  tables: z.array(tableName),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const tableStartSchema = z.strictObject({ kind: z.literal("table"), table: tableName });

export const propertySchema = z.strictObject({ type: z.enum(EDM_TYPES), value: z.string() });
export type StoredProperty = z.infer<typeof propertySchema>;

export const rowSchema = z.strictObject({
  kind: z.literal("row"),
  pk: z.string(),
  rk: z.string(),
  /** Every property but the keys and what the store sets itself (Timestamp, ETag), with its Edm type; values as the service sends them, as text. */
  properties: z.record(z.string(), propertySchema),
});
export type BackupRow = z.infer<typeof rowSchema>;

export const tableEndSchema = z.strictObject({ kind: z.literal("end"), table: tableName, rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const footerSchema = z.strictObject({ kind: z.literal("footer"), tables: z.number().int().min(0) });

/** A line's kind, read before its schema is chosen. */
export const lineKindSchema = z.looseObject({ kind: z.enum(["header", "table", "row", "end", "footer"]) });

/** The summary of one table in a file, as an export writes it and a restore checks it. */
export interface TableSummary {
  table: string;
  rows: number;
  sha256: string;
}

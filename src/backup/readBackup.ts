import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import type { z } from "zod";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, footerSchema, headerSchema, lineKindSchema, rowSchema, tableEndSchema, tableStartSchema, type BackupHeader, type BackupRow, type TableSummary } from "./backupFormat";
import { PlanTrackerError } from "../errors";

/** What a file holds, once every line and checksum has been checked. */
export interface VerifiedBackup {
  header: BackupHeader;
  tables: TableSummary[];
  rows: number;
}

const refused = (file: string, why: string, cause?: unknown) => new PlanTrackerError("invalid-input", `${file} cannot be restored: ${why}. Nothing was written.`, [], cause === undefined ? {} : { cause });

/** The file's lines, decompressed, each with its text as written (checksums are over exactly that text). */
async function* fileLines(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new PlanTrackerError("invalid-input", `cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  const input = createGunzip();
  // pipeline destroys the gunzip stream with any read error, which ends the loop below with it.
  pipeline(createReadStream(file), input, () => undefined);
  try {
    for await (const chunk of input) {
      pending += decoder.write(chunk as Buffer);
      let end: number;
      while ((end = pending.indexOf("\n")) >= 0) {
        yield pending.slice(0, end);
        pending = pending.slice(end + 1);
      }
    }
  } catch (error) {
    throw refused(file, `it is not a complete gzip file (${error instanceof Error ? error.message : String(error)}): truncated or damaged`, error);
  }
  pending += decoder.end();
  if (pending !== "") yield pending; // a last line without its newline: the footer check below refuses it
}

function parseLine<T extends z.ZodType>(file: string, lineNumber: number, text: string, schema: T, expected: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw refused(file, `line ${lineNumber} is not JSON: the file is damaged`, error);
  }
  const kind = lineKindSchema.safeParse(json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw refused(file, `line ${lineNumber} should be ${expected}${kind.success ? `, but it is a ${kind.data.kind} line` : ""}: the file is damaged or incomplete`);
  return parsed.data as z.output<T>;
}

export interface BackupVisitor {
  /** Called once, before any row; may refuse the file. */
  header?(header: BackupHeader): void | Promise<void>;
  /** Each row, in file order (table by table, partition by partition). */
  row?(table: string, row: BackupRow): void | Promise<void>;
  /** After a table's last row, once its count and checksum have been checked. */
  tableEnd?(summary: TableSummary): void | Promise<void>;
}

/**
 * Reads a backup file from start to end, checking the header, the layout, and each table's
 * row count and SHA-256 against its trailer. Refuses (invalid-input, exit 2) a file that is not
 * gzip, not a Plan Tracker backup, from a newer format version, truncated, damaged, or
 * missing a table its header lists. `visitor` sees the rows as they go; a restore reads the file
 * once with no visitor to verify it, and again to write.
 */
export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<VerifiedBackup> {
  const lines = fileLines(file)[Symbol.asyncIterator]();
  let lineNumber = 0;
  const next = async (): Promise<string | undefined> => {
    const result = await lines.next();
    if (result.done) return undefined;
    lineNumber++;
    return result.value;
  };

  const first = await next();
  if (first === undefined) throw refused(file, "it is empty");
  let json: unknown;
  try {
    json = JSON.parse(first);
  } catch (error) {
    throw refused(file, "it is not a Plan Tracker backup (its first line is not a header)", error);
  }
  const looks = json as { format?: unknown; formatVersion?: unknown };
  if (typeof json !== "object" || json === null || looks.format !== BACKUP_FORMAT) throw refused(file, "it is not a Plan Tracker backup (its first line is not a header)");
  if (typeof looks.formatVersion === "number" && looks.formatVersion > BACKUP_FORMAT_VERSION) {
    throw refused(file, `it was written in backup format version ${looks.formatVersion}, newer than this Plan Tracker reads (${BACKUP_FORMAT_VERSION}); restore it with the version that wrote it or a later one`);
  }
  const header = parseLine(file, lineNumber, first, headerSchema, "the header");
  await visitor.header?.(header);

  const tables: TableSummary[] = [];
  for (const table of header.tables) {
    const start = await next();
    if (start === undefined) throw refused(file, `it ends before table ${table}: truncated`);
    const opened = parseLine(file, lineNumber, start, tableStartSchema, `the start of table ${table}`);
    if (opened.table !== table) throw refused(file, `table ${table} is missing (the header lists it, the file has ${opened.table} in its place)`);
    const hash = createHash("sha256");
    let rows = 0;
    for (;;) {
      const text = await next();
      if (text === undefined) throw refused(file, `it ends inside table ${table}: truncated`);
      if (text.startsWith('{"kind":"row"')) {
        const row = parseLine(file, lineNumber, text, rowSchema, "a row");
        hash.update(`${text}\n`);
        rows++;
        await visitor.row?.(table, row);
        continue;
      }
      const end = parseLine(file, lineNumber, text, tableEndSchema, `a row or the end of table ${table}`);
      if (end.table !== table) throw refused(file, `table ${table} has no end line: the file is damaged`);
      const sha256 = hash.digest("hex");
      if (end.rows !== rows) throw refused(file, `table ${table} has ${rows} rows where its trailer says ${end.rows}: the file is damaged`);
      if (end.sha256 !== sha256) throw refused(file, `the checksum of table ${table} does not match its rows: the file is damaged`);
      const summary = { table, rows, sha256 };
      tables.push(summary);
      await visitor.tableEnd?.(summary);
      break;
    }
  }
  const last = await next();
  if (last === undefined) throw refused(file, "it has no footer: truncated");
  const footer = parseLine(file, lineNumber, last, footerSchema, "the footer");
  if (footer.tables !== header.tables.length) throw refused(file, `its footer counts ${footer.tables} tables where its header lists ${header.tables.length}`);
  if ((await next()) !== undefined) throw refused(file, "it has lines after its footer");
  return { header, tables, rows: tables.reduce((sum, t) => sum + t.rows, 0) };
}

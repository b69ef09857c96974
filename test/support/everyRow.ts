import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { exportBackup } from "../../src/backup/exportBackup";
import type { App } from "../../src/index";

/** Every row of every Plan Tracker table, one JSON line each (the export's row lines, without its header and trailer): an export holds them all (the leases hold no person). */
export async function everyRow(app: Pick<App, "backupTables">): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-rows-"));
  try {
    const file = join(dir, "rows.jsonl.gz");
    await exportBackup(app.backupTables, file, { appVersion: "test" });
    return gunzipSync(readFileSync(file)).toString("utf8").split("\n").filter((line) => line.startsWith('{"kind":"row"')).join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

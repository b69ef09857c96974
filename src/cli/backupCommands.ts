import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { exportBackup } from "../backup/exportBackup";
import { restoreBackup } from "../backup/restoreBackup";
import { PlanTrackerError } from "../errors";
import type { App } from "../index";
import type { Actor } from "../storage/planDiff";
import { formatTable } from "./table";

/** What main.ts shares with these commands. */
export interface BackupCliHelpers {
  cliActor(by?: string): Actor;
  withApp<T>(work: (app: App) => Promise<T>, options?: { seedSample?: boolean }): Promise<T>;
  print(options: { json?: boolean }, json: unknown, text: () => string): void;
}

/** The store as it is: these commands never load the sample plan into an empty embedded store. */
const AS_IT_IS = { seedSample: false };

const fileStamp = (at: Date) => at.toISOString().replace(/[:.]/g, "-");

/** `export`, `restore`: a complete, restorable backup of every table (README, *Backups and restore*). */
export function addBackupCommands(program: Command, h: BackupCliHelpers): void {
  program
    .command("backups")
    .description("the recent daily backups and their outcome (newest first); --run writes today's now if it is not written yet")
    .option("--run", "run today's daily backup now (once a day across instances, as the bot does)")
    .option("--limit <n>", "how many days to list", (v) => Number.parseInt(v, 10), 14)
    .option("--json", "print JSON")
    .action(async (options: { run?: boolean; limit: number; json?: boolean }) => {
      const { ran, records } = await h.withApp(async (app) => {
        const ran = options.run ? await (await app.dailyBackup()).run() : undefined;
        return { ran, records: await app.backupRecords.recent(options.limit) };
      }, AS_IT_IS);
      h.print(options, { ...(ran ? { ran } : {}), backups: records }, () =>
        [
          ...(ran ? [`Today's backup (${ran.day}): ${ran.outcome}${ran.reference ? ` (reference ${ran.reference})` : ""}${ran.location ? ` to ${ran.location}` : ""}`] : []),
          records.length === 0
            ? "No daily backup has run yet."
            : formatTable(["Day", "Outcome", "Attempts", "Rows", "Where / why"], records.map((r) => [r.day, r.state, String(r.attempts), r.rows === undefined ? "" : String(r.rows), r.state === "failed" ? `reference ${r.reference ?? "?"}: ${r.error ?? ""}` : (r.location ?? "")]), { maxWidth: [10, 8, 8, 8, 80] }),
        ].join("\n"),
      );
      if (ran?.outcome === "failed") throw new PlanTrackerError("storage", `today's backup failed (reference ${ran.reference ?? "?"}); the log has the details`);
    });

  program
    .command("export")
    .description("write a restorable backup of every Plan Tracker table (or one plan's rows) to a gzip JSON Lines file")
    .requiredOption("--out <file>", "the file to write (for example backup.jsonl.gz)")
    .option("--plan <id>", "only this plan's rows and the tenant-wide rows they need (README says which)")
    .option("--json", "print the summary as JSON")
    .action(async (options: { out: string; plan?: string; json?: boolean }) => {
      const summary = await h.withApp(async (app) => {
        if (options.plan !== undefined && !(await app.plans.listPlans()).some((p) => p.id === options.plan)) throw new PlanTrackerError("not-found", `there is no plan ${options.plan} in the store`);
        await mkdir(dirname(options.out), { recursive: true });
        return exportBackup(app.backupTables, options.out, { appVersion: app.appVersion, ...(options.plan ? { plan: options.plan } : {}) });
      }, AS_IT_IS);
      h.print(options, summary, () => [`Exported ${summary.rows} rows from ${summary.tables.length} tables to ${summary.file}:`, ...summary.tables.map((t) => `  ${t.table}: ${t.rows}`)].join("\n"));
    });

  program
    .command("forget <person>")
    .description("delete a plan person's Teams identity data (link, personal chat, prompt recipient ids, admin rows) and pseudonymise their Azure AD object id in history")
    .option("--plan <id>", "the plan")
    .option("--yes", "confirm (it cannot be undone)")
    .option("--by <name>", "who is doing it (default: your user name)")
    .option("--json", "print the report as JSON")
    .action(async (personId: string, options: { plan?: string; yes?: boolean; by?: string; json?: boolean }) => {
      if (!options.yes) throw new PlanTrackerError("invalid-input", `forget deletes ${personId}'s Teams link and chat and rewrites their id in history; it cannot be undone: add --yes to confirm. Nothing was changed`);
      const report = await h.withApp(async (app) => app.forget(await app.plans.resolvePlanId(options.plan), personId, h.cliActor(options.by)));
      h.print(options, report, () => `Forgot ${report.personId}'s Teams identity in plan ${report.planId}: ${report.deleted} rows deleted, ${report.rewritten} rewritten with the pseudonym ${report.pseudonym}. The plan keeps the name as the plan file gives it; email matching will not link them again (an admin can link them by hand).`);
    });

  program
    .command("restore <file>")
    .description("restore a backup into an empty store, after checking the whole file (refused if the store holds data, unless --replace --yes)")
    .option("--replace", "empty a store that holds data first (an export of it is written before anything is deleted)")
    .option("--yes", "confirm --replace")
    .option("--pre-restore-out <file>", "where --replace writes the export of the store it replaces (default DATA_DIR/backups/pre-restore-<time>.jsonl.gz)")
    .option("--json", "print the summary as JSON")
    .action(async (file: string, options: { replace?: boolean; yes?: boolean; preRestoreOut?: string; json?: boolean }) => {
      if (options.replace && !options.yes) throw new PlanTrackerError("invalid-input", "--replace deletes everything in the store (after exporting it): add --yes to confirm. Nothing was written");
      const summary = await h.withApp(async (app) => {
        const preRestoreFile = options.preRestoreOut ?? join(app.config.dataDir, "backups", `pre-restore-${fileStamp(new Date())}.jsonl.gz`);
        if (options.replace) await mkdir(dirname(preRestoreFile), { recursive: true });
        return restoreBackup(app.backupTables, file, { appVersion: app.appVersion, ...(options.replace ? { replace: { preRestoreFile } } : {}) });
      }, AS_IT_IS);
      const { header, tables, rows } = summary.restored;
      h.print(options, summary, () =>
        [
          ...(summary.preRestore ? [`The store's data was exported to ${summary.preRestore.file} (${summary.preRestore.rows} rows) before it was replaced.`] : []),
          `Restored ${rows} rows into ${tables.length} tables from ${file} (written ${header.createdAt} by Plan Tracker ${header.appVersion}${header.plan ? `, plan ${header.plan}` : ""}):`,
          ...tables.map((t) => `  ${t.table}: ${t.rows}`),
        ].join("\n"),
      );
    });
}

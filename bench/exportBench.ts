import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportBackup } from "../src/backup/exportBackup";
import { readBackup } from "../src/backup/readBackup";
import { loadConfig } from "../src/config";
import { openApp } from "../src/index";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { freePort } from "../test/support/cli";
import { admin } from "../test/support/testApp";

/**
 * `plan-tracker export` of a plan of 20,000 milestones (2,000 in a quick run) with its history:
 * the import's history entry for each milestone, and an update with a note on every fiftieth. The
 * time to write the file (and to check it, as a restore does first), its size, and the process's
 * peak RSS during the export over its RSS before (flat: the export streams page by page).
 */
export async function exportBench(quick: boolean, log: (message: string) => void) {
  const milestones = quick ? 2000 : 20000;
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-bench-export-"));
  // The embedded store, as `npx plan-tracker export` uses it here; a long deadline for the setup's import on a loaded machine.
  const app = await openApp({ ...loadConfig({}), dataDir: join(dir, "store"), embeddedTablesPort: await freePort(), storageDeadlineMs: 120_000 }, { longRunning: false, log, seedSample: false });
  try {
    const plan = { ...syntheticPlan({ milestones, id: "bench-export" }), id: "bench-export" };
    log(`export: importing ${milestones} milestones (setup, not measured)`);
    await app.plans.importPlan(plan, admin);
    // One after another: updates of one plan at once would contend for its head.
    for (const id of plan.actions.flatMap((a) => a.milestones.map((m) => m.id)).filter((_, i) => i % 50 === 0)) {
      await app.plans.recordMilestoneUpdate(plan.id, id, { status: "amber", note: "Bench: waiting for the panel's decision" }, admin);
    }
    const file = join(dir, "bench.jsonl.gz");
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const began = performance.now();
    const summary = await exportBackup(app.backupTables, file, { appVersion: app.appVersion });
    const exportMs = Math.round(performance.now() - began);
    clearInterval(sampler);
    const checkBegan = performance.now();
    await readBackup(file);
    const verifyMs = Math.round(performance.now() - checkBegan);
    const figures = { milestones, rows: summary.rows, exportMs, verifyMs, fileBytes: statSync(file).size, rssGrowthMb: Math.round((rssPeak - rssBefore) / 1e5) / 10, goalMs: 10_000 };
    log(`export: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `node dist/bench/exportBench.js [--quick]`: this part alone (`BENCH_PARTS=export npm run bench` runs it among the others). */
if (require.main === module) {
  exportBench(process.argv.includes("--quick"), (message) => process.stderr.write(`${message}\n`)).then(
    (figures) => {
      process.stdout.write(`${JSON.stringify({ date: new Date().toISOString().slice(0, 10), command: `node dist/bench/exportBench.js${process.argv.includes("--quick") ? " --quick" : ""}`, ...figures }, null, 2)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

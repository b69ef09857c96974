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
 * the import's history entry for each milestone, and an update with a note on every tenth. The
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
    const ids = plan.actions.flatMap((a) => a.milestones.map((m) => m.id)).filter((_, i) => i % 10 === 0);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((id) => app.plans.recordMilestoneUpdate(plan.id, id, { status: "amber", note: "Bench: waiting for the panel's decision" }, admin)));
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

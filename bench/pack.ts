import { loadConfig } from "../src/config";
import type { PackFormat } from "../src/app/reportService";
import type { Plan } from "../src/domain/plan";
import { openApp } from "../src/index";
import { admin } from "../test/support/testApp";

/**
 * BENCH_PARTS=pack: the board pack for a plan of each size, as Word and as Excel, beside the
 * time to read the same plan from the store (a whole-plan read by a process that holds nothing
 * of it yet: what `plan-tracker report` does first). Time is the median of a few runs of pack +
 * render from the plan already read; memory is the peak growth of the process's resident set
 * while one pack is made (sampled every 5 ms), an estimate rather than an exact high-water mark.
 */
export interface PackFigure {
  milestones: number;
  format: PackFormat;
  readMs: number;
  packMs: number;
  ratio: number;
  peakMb: number;
  bytes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function packBench(connectionString: string, plans: { size: number; plan: Plan }[], runs: number, log: (message: string) => void): Promise<PackFigure[]> {
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: connectionString, tablePrefix: "benchpack" }, { longRunning: false, log });
  const figures: PackFigure[] = [];
  try {
    for (const { size, plan } of plans) {
      await app.plans.importPlan(plan, admin);
      const reads: number[] = [];
      for (let i = 0; i < runs; i++) {
        // A new app holds nothing of the plan: its first look reads every row.
        const reader = await openApp({ ...app.config }, { longRunning: false, log });
        try {
          const start = performance.now();
          await reader.plans.view(plan.id);
          reads.push(performance.now() - start);
        } finally {
          await reader.close();
        }
      }
      const readMs = median(reads);
      for (const format of ["docx", "xlsx"] as const) {
        const times: number[] = [];
        let peak = 0;
        let bytes = 0;
        for (let i = 0; i < runs; i++) {
          const base = process.memoryUsage().rss;
          let high = base;
          const sampler = setInterval(() => (high = Math.max(high, process.memoryUsage().rss)), 5);
          const start = performance.now();
          const view = await app.plans.view(plan.id);
          const pack = await app.reports.pack(plan.id, view, "send-partnership-board", "2023-11-01");
          const file = await app.reports.render(pack, format);
          times.push(performance.now() - start);
          clearInterval(sampler);
          peak = Math.max(peak, Math.max(high, process.memoryUsage().rss) - base);
          bytes = file.length;
        }
        const packMs = median(times);
        figures.push({ milestones: size, format, readMs: Math.round(readMs), packMs: Math.round(packMs), ratio: Math.round((packMs / readMs) * 10) / 10, peakMb: Math.round(peak / 1048576), bytes });
        log(`pack: ${size} milestones, ${format}: ${Math.round(packMs)} ms (${Math.round((packMs / readMs) * 10) / 10} × the ${Math.round(readMs)} ms plan read), +${Math.round(peak / 1048576)} MB, ${bytes} bytes`);
      }
    }
  } finally {
    await app.close();
  }
  return figures;
}

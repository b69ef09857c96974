import { Session } from "node:inspector/promises";
import { loadConfig } from "../src/config";
import { summarisePlan } from "../src/domain/summaries";
import { openApp } from "../src/index";
import { startTableServerProcess } from "../src/storage/tableServerProcess";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { admin } from "../test/support/testApp";

/**
 * What one milestone update costs the memory of a process that holds the plan: the objects
 * made while the plan is looked at again and summarised, per change, measured with V8's
 * sampling heap profiler. "All" is every object made; "outliving a scavenge" leaves out what
 * the young generation's collections freed, which is what fills the old generation until the
 * next full collection (README, *Performance*, *Memory*).
 * `node dist/bench/rebuildMemory.js [milestones] [changes]` (defaults: 20,000 and 10).
 */
interface SamplingNode {
  selfSize: number;
  children: SamplingNode[];
}

const totalOf = (node: SamplingNode): number => node.selfSize + node.children.reduce((sum, child) => sum + totalOf(child), 0);

async function main(): Promise<void> {
  const milestones = Number(process.argv[2] ?? 20_000);
  const changes = Number(process.argv[3] ?? 10);
  const server = await startTableServerProcess({ port: 0 });
  const app = await openApp({ ...loadConfig({}), tablesConnectionString: server.connectionString, storageDeadlineMs: 300_000 }, { longRunning: false, log: () => undefined });
  const session = new Session();
  try {
    const plan = syntheticPlan({ milestones, owners: 50, actions: Math.max(10, Math.round(milestones / 50)), id: "rebuild-memory" });
    await app.plans.importPlan(plan, admin);
    const asOf = "2024-01-15";
    let view = await app.plans.view(plan.id);
    summarisePlan(view, asOf);
    const ids = [...view.milestones.keys()];
    session.connect();
    const perChange = async (outlivingScavenge: boolean): Promise<number> => {
      await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !outlivingScavenge });
      for (let i = 0; i < changes; i++) {
        const id = ids[(i * 7919) % ids.length]!;
        await app.plans.recordMilestoneUpdate(plan.id, id, { status: i % 2 ? "amber" : "green", note: `change ${i}` }, admin, view.milestones.get(id)!.version);
        view = await app.plans.view(plan.id);
        summarisePlan(view, asOf);
      }
      const { profile } = await session.post("HeapProfiler.stopSampling");
      return totalOf(profile.head as SamplingNode) / changes / 1_048_576;
    };
    const all = await perChange(false);
    const outliving = await perChange(true);
    process.stdout.write(`${milestones} milestones, ${changes} changes: ${all.toFixed(1)} MB made per change, ${outliving.toFixed(1)} MB of it outliving a scavenge\n`);
  } finally {
    session.disconnect();
    await app.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

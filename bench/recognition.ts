import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../src/bot/commandTable";
import { planSchema, type Plan } from "../src/domain/plan";
import { recognize } from "../src/domain/recognize/recognize";
import { PROJECT_ROOT } from "../test/support/paths";
import { syntheticPlan } from "../test/support/syntheticPlan";
import { sampleText } from "../test/support/testApp";
import { PHRASINGS } from "../test/unit/phrasings";
import { latency, type Latency } from "./stats";

/**
 * How long the recognizer takes to read a question (issue 20; goal: p95 under 2 ms on the
 * sample plan, under 10 ms at 20,000 milestones): every phrasing of the test table, read
 * in this process against the plan, after a first question that builds the plan's index
 * (timed on its own). Writes bench/recognition.json (a quick run: recognition.quick.json)
 * and, on a full run, README's figures in "Asking Plan Tracker".
 */
export function recognitionBench(quick: boolean): void {
  const rules = COMMANDS.filter((c) => c.recognizer && !c.writes).map((c) => ({ name: c.name, examples: c.examples, ...c.recognizer! }));
  const plans: [string, Plan][] = [
    ["sample (47 milestones)", planSchema.parse(JSON.parse(sampleText()))],
    ["20,000 milestones, 200 owners, 200 actions", syntheticPlan({ milestones: 20_000, owners: 200, actions: 200, id: "bench-recognition" })],
  ];
  const rounds = quick ? 3 : 20;
  const results = plans.map(([name, plan]) => {
    const first = performance.now();
    recognize("what's overdue for Gemma?", rules, plan, "2023-11-01");
    const indexMs = Math.round((performance.now() - first) * 10) / 10;
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [text] of PHRASINGS) {
        const start = performance.now();
        recognize(text, rules, plan, "2023-11-01");
        samples.push(performance.now() - start);
      }
    }
    return { plan: name, firstQuestionMs: indexMs, perQuestion: latency(samples) as Latency };
  });
  const text = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`${quick ? "npm run bench -- --quick" : "npm run bench"}\` (its recognition part, also \`node dist/bench/recognition.js\` alone): ${PHRASINGS.length} phrasings × ${rounds} rounds, in-process, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}.`,
    "",
    "| plan | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | first question, building the plan's index (ms) |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.plan} | ${r.perQuestion.p50} | ${r.perQuestion.p95} | ${r.perQuestion.p99} | ${r.perQuestion.max} | ${r.firstQuestionMs} |`),
  ].join("\n");
  process.stdout.write(`\nRecognition\n${text}\n`);
  writeFileSync(join(PROJECT_ROOT, "bench", quick ? "recognition.quick.json" : "recognition.json"), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), quick, results }, null, 2)}\n`);
  if (!quick) {
    const readmePath = join(PROJECT_ROOT, "README.md");
    const readme = readFileSync(readmePath, "utf8");
    const updated = readme.replace(/<!-- recognition-bench:start -->[\s\S]*<!-- recognition-bench:end -->/, `<!-- recognition-bench:start -->\n${text}\n<!-- recognition-bench:end -->`);
    if (updated !== readme) writeFileSync(readmePath, updated);
  }
}

// `node dist/bench/recognition.js [--quick]` runs it alone.
if (require.main === module) recognitionBench(process.argv.includes("--quick"));

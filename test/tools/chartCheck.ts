import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlaygroundPage } from "../support/browser";
import { freePort } from "../support/cli";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";

/**
 * `node dist/test/tools/chartCheck.js [out-folder]`: does Microsoft 365 Agents Playground render
 * the cards' chart elements? Types `status`, `digest` and `kpi 7`, and reports whether the chart's
 * own text is in the rendered card, with a screenshot of each card for a person to look at.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? tmpdir();
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-charts-"));
  const bot = await PlanTrackerProcess.start(await freePort(), { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), PLAN_TRACKER_TODAY: "2023-11-01", PROMPT_CHECK_MINUTES: "60" });
  const playground = await Playground.start(bot.url);
  const browser = await PlaygroundPage.open(playground.base, { width: 1280, height: 4000 });
  try {
    await browser.cardWith("Plan Tracker");
    // A rendered stacked bar labels its bars "1.1 (Green)"; the table below says "1.1 Improve…". A line chart draws SVG.
    for (const [command, text, file, drawn] of [["status", "Status as of", "status", /^1\.1 \(Green\)$/], ["digest", "SEND Partnership Board: digest", "digest", /^1\.1 \(Green\)$/], ["kpi 7", "KPI 7", "kpi", /measurements against targets/]] as const) {
      await browser.type(command);
      const card = await browser.cardWith(text, 30_000);
      const labels = await card.getByText(drawn).count();
      const svgs = await card.locator("svg").count();
      await card.screenshot({ path: join(out, `chart-check-${file}.png`) });
      process.stdout.write(`${command}: chart text found ${labels} time(s), ${svgs} svg; screenshot ${join(out, `chart-check-${file}.png`)}\n`);
    }
  } finally {
    await browser.close();
    await playground.stop();
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

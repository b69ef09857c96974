import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlaygroundPage } from "../support/browser";
import { freePort, runCli } from "../support/cli";
import { PROJECT_ROOT } from "../support/paths";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";
import { sampleJson } from "../support/testApp";

/**
 * `npm run screenshots:governance` (issue 23): the SEND Partnership Board's digest at
 * 15 January 2024, as Microsoft 365 Agents Playground renders it in headless Chromium,
 * cropped to its lived-experience and board escalation sections; written to
 * docs/images/digest-governance.png for README. Only this image: `npm run screenshots`
 * makes the others. R3 is escalated to the Children and Families Board for the picture, with
 * a reason that says it is an example; no lived-experience finding is invented, so the
 * section shows how it says, in place, that nothing was recorded for the month.
 */
const OUT = join(PROJECT_ROOT, "docs", "images");

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-governance-shot-"));
  const plan = sampleJson() as ReturnType<typeof sampleJson> & { boards: { id: string; meetingRule?: string }[] };
  plan.boards.find((b) => b.id === "send-partnership-board")!.meetingRule = "second Tuesday of the month";
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  const env = { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), SAMPLE_PLAN_FILE: join(dir, "plan.json"), PROMPT_CHECK_MINUTES: "60" };
  for (const args of [
    ["import", join(dir, "plan.json")],
    ["escalate", "R3", "--to", "children-and-families-board", "--because", "Example escalation for this picture (not from the plan's papers)", "--date", "2024-01-10", "--by", "Claire Merchant-Jones"],
  ]) {
    const result = await runCli(args, env);
    if (result.code !== 0) throw new Error(`plan-tracker ${args[0]} failed: ${result.stderr}`);
  }
  const bot = await PlanTrackerProcess.start(await freePort(), { ...env, PLAN_TRACKER_TODAY: "2024-01-15" });
  const playground = await Playground.start(bot.url);
  const browser = await PlaygroundPage.open(playground.base, { width: 1280, height: 6000 });
  try {
    await browser.cardWith("Plan Tracker");
    await browser.type("digest");
    const card = await browser.cardWith("SEND Partnership Board: digest");
    await card.scrollIntoViewIfNeeded();
    const from = await card.getByText("Lived experience", { exact: true }).boundingBox();
    const to = await card.getByText(/^R3 to Children and Families Board/).boundingBox().catch(() => null);
    const box = await card.boundingBox();
    if (!from || !box) throw new Error("the digest's lived-experience section was not found");
    const bottom = to ? to.y + to.height + 8 : from.y + 400;
    await browser.page.screenshot({ path: join(OUT, "digest-governance.png"), clip: { x: box.x, y: from.y - 8, width: box.width, height: bottom - from.y + 8 } });
    process.stdout.write("Wrote docs/images/digest-governance.png\n");
  } finally {
    await browser.close();
    await playground.stop();
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots:governance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

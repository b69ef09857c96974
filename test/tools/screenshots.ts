import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator } from "playwright-core";
import { PlaygroundPage } from "../support/browser";
import { expandCard } from "../../src/cards/cards";
import { importDryRunCard, type ImportPreview } from "../../src/cards/importCard";
import { freePort, runCli } from "../support/cli";
import { PROJECT_ROOT } from "../support/paths";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";
import { sampleJson } from "../support/testApp";
import { cardHeight, renderCard } from "../support/cardRenderer";

/** Agents Playground's tenant (its /_internal/v1/config says so). */
const PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001";

/**
 * `npm run screenshots`: the main cards as Microsoft 365 Agents Playground renders them, in
 * headless Chromium, light and dark, written to docs/images/ for README. The plan is the
 * sample at its progress report's date (1 November 2023), the playground's user plays Gemma
 * Reeves, and the SEND Partnership Board meets on the second Tuesday (for the digest's date).
 *
 * The playground has a light theme only and one width, so each card is also rendered by the
 * Adaptive Cards SDK with Teams' host configs (test/tools/hostConfigs/): light at 1000 px (a
 * board member's laptop, full width) and 446 px (an owner's phone), and dark at 446 px.
 */
const OUT = join(PROJECT_ROOT, "docs", "images");
/** The Azure AD object id of the playground's user, "Alex Wilber". */
const PLAYGROUND_USER = "00000000-0000-0000-0000-0000000000020";

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-screenshots-"));
  const plan = sampleJson() as ReturnType<typeof sampleJson> & { boards: { id: string; meetingRule?: string }[] };
  plan.people.find((p) => p.id === "gemma-reeves")!.email = "alexw@example.com";
  plan.tenantId = PLAYGROUND_TENANT; // email matching links only users of the plan's tenant
  plan.boards.find((b) => b.id === "send-partnership-board")!.meetingRule = "second Tuesday of the month";
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
  const port = await freePort();
  const env = { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), SAMPLE_PLAN_FILE: join(dir, "plan.json"), PROMPT_CHECK_MINUTES: "60" };
  let bot = await PlanTrackerProcess.start(port, { ...env, PLAN_TRACKER_TODAY: "2023-10-31" });
  const playground = await Playground.start(bot.url);
  const browser = await PlaygroundPage.open(playground.base, { width: 1280, height: 6000 });
  const written: string[] = [];
  const cards = new Map<string, Record<string, unknown>>();
  // The card a click puts in place of the clicked one comes back in the invoke's response.
  let lastInvokeCard: Record<string, unknown> | undefined;
  browser.page.on("response", (response) => {
    if (!response.url().includes("/_conversation/v1/invoke")) return;
    response.json().then((body: { value?: Record<string, unknown> }) => (lastInvokeCard = body.value), () => undefined);
  });
  const latestCard = (text: string) => [...playground.cards()].reverse().find((c) => JSON.stringify(c.card).includes(text))?.card;

  const shoot = async (name: string, card: Locator, json: Record<string, unknown> | undefined) => {
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(OUT, `${name}.png`) });
    written.push(`${name}.png`);
    if (!json) throw new Error(`the ${name} card's JSON was not captured`);
    cards.set(name, json);
  };

  try {
    await browser.cardWith("Plan Tracker"); // the welcome, sent when the page installs the app
    await browser.type("status");
    await shoot("status", await browser.cardWith("Status as of 31 Oct 2023"), latestCard("Status as of 31 Oct 2023"));
    await browser.type("status 1.2");
    await shoot("action", await browser.cardWith("Action 1.2:"), latestCard("Action 1.2:"));
    // The next day's prompt cycle (Plan Tracker runs it when it starts): Gemma's card arrives.
    await bot.stop();
    // From here the playground's user is also a plan admin, for the record forms below.
    bot = await PlanTrackerProcess.start(port, { ...env, PLAN_TRACKER_TODAY: "2023-11-01", PLAN_ADMIN_IDS: PLAYGROUND_USER });
    const prompt = await browser.cardWith("2 milestones need an update", 30_000);
    await shoot("prompt", prompt, latestCard("2 milestones need an update"));
    await prompt.getByRole("button", { name: "At risk" }).nth(1).click();
    await shoot("prompt-at-risk", prompt, latestCard("2 milestones need an update"));
    await prompt.getByLabel(/What is at risk/).filter({ visible: true }).fill("Draft guidance is with legal; it goes to settings in December.");
    await prompt.getByRole("button", { name: "Save 1.2.4 as Amber" }).click();
    await shoot("confirmation", await browser.cardWith("Update recorded"), lastInvokeCard);
    await browser.type("digest");
    await shoot("digest", await browser.cardWith("SEND Partnership Board: digest"), latestCard("SEND Partnership Board: digest"));
    await browser.type("kpi 7");
    await shoot("kpi-form", await browser.cardWith("Record a measurement"), latestCard("Record a measurement"));
    await browser.type("risk R3");
    await shoot("risk-review", await browser.cardWith("Reviewed today"), latestCard("Reviewed today"));
    // Several plans (issue 18): the dry run of a second plan file as an admin sees it after sending it in a personal chat.
    // Teams serves the file from SharePoint, which is not reachable here: the same dry run, from the command line, on the same card.
    const dryRun = await runCli(["import", join(PROJECT_ROOT, "data", "northshire-wsoa.json"), "--dry-run", "--json"], env);
    if (dryRun.code !== 0) throw new Error(`the dry run failed: ${dryRun.stderr}`);
    const preview = importDryRunCard("northshire-wsoa.json", JSON.parse(dryRun.stdout) as ImportPreview, {
      target: "northshire-wsoa", fileName: "northshire-wsoa.json", url: "https://contoso-my.sharepoint.com/personal/ada/Documents/northshire-wsoa.json", sha256: "0".repeat(64), expectedHead: "new",
    });
    cards.set("import-dry-run", expandCard(preview));
    await renderVariants(browser, cards, written);
    process.stdout.write(`Wrote ${written.length} images to docs/images: ${written.join(", ")}\n`);
  } finally {
    await browser.close();
    await playground.stop();
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each card through the Adaptive Cards SDK (the renderer Teams' web client builds on) with
 * Teams' published host configs: light at a laptop's full width (1000 px) and at a phone's
 * (446 px), and dark at 446 px. Prints each card's height at both widths.
 */
async function renderVariants(browser: PlaygroundPage, cards: Map<string, Record<string, unknown>>, written: string[]): Promise<void> {
  const page = await browser.blankPage(1000, 800);
  const heights: string[] = [];
  for (const [name, card] of cards) {
    if (name === "prompt-at-risk") continue; // the same card as the prompt: the SDK renders it closed
    const measured: number[] = [];
    for (const [theme, width, suffix] of [["light", 1000, "wide"], ["light", 446, "phone"], ["dark", 446, "dark"]] as const) {
      await renderCard(page, card, theme, width);
      if (theme === "light") measured.push(await cardHeight(page));
      await page.locator("#card").screenshot({ path: join(OUT, `${name}-${suffix}.png`) });
      written.push(`${name}-${suffix}.png`);
      // A card the playground cannot be made to show (a Teams file import): its phone-width render is its main image too.
      if (suffix === "phone" && !written.includes(`${name}.png`)) {
        await page.locator("#card").screenshot({ path: join(OUT, `${name}.png`) });
        written.push(`${name}.png`);
      }
    }
    heights.push(`${name}: ${measured[1]} px at 446 px, ${measured[0]} px at 1000 px`);
  }
  await page.close();
  process.stdout.write(`Heights (Adaptive Cards SDK, Teams' light theme):\n  ${heights.join("\n  ")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** Agents Playground's tenant (its /_internal/v1/config says so). */
const PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001";

/**
 * `npm run screenshots`: the main cards as Microsoft 365 Agents Playground renders them, in
 * headless Chromium, light and dark, written to docs/images/ for README. The plan is the
 * sample at its progress report's date (1 November 2023), the playground's user plays Gemma
 * Reeves, and the SEND Partnership Board meets on the second Tuesday (for the digest's date).
 *
 * The playground has a light theme only, so each card is also rendered by the Adaptive Cards SDK
 * with a Teams-like dark host config (test/tools/teamsDarkHostConfig.json), to check it reads
 * on a dark background too.
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
    await prompt.getByLabel(/Progress note/).nth(1).fill("Draft guidance is with legal; it goes to settings in December.");
    await prompt.getByRole("button", { name: "Save 1.2.4" }).click();
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
    await renderDark(browser, cards, written);
    await renderLight(browser, "import-dry-run", expandCard(preview), written);
    process.stdout.write(`Wrote ${written.length} images to docs/images: ${written.join(", ")}\n`);
  } finally {
    await browser.close();
    await playground.stop();
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A card the playground cannot be made to show (a Teams file import) through the Adaptive Cards SDK, on a light background. */
async function renderLight(browser: PlaygroundPage, name: string, card: Record<string, unknown>, written: string[]): Promise<void> {
  const sdk = readFileSync(require.resolve("adaptivecards/dist/adaptivecards.js"), "utf8");
  const page = await browser.blankPage(480, 3000);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#f5f5f5;font-family:'Segoe UI',system-ui,sans-serif">
    <div id="card" style="width:446px;background:#fff;border-radius:4px"></div>
    <script>${sdk}</script>
    <script>(() => {
      AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
        const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        result.outputHtml = escaped.replace(/\\*\\*(.+?)\\*\\*/g, "<strong>$1</strong>");
        result.didProcess = true;
      };
      const card = new AdaptiveCards.AdaptiveCard();
      card.parse(${JSON.stringify(card)});
      document.getElementById("card").appendChild(card.render());
    })();</script></body></html>`);
  await page.locator("#card").screenshot({ path: join(OUT, `${name}.png`) });
  written.push(`${name}.png`);
  await page.close();
}

/** Each card through the Adaptive Cards SDK (the renderer Teams' web client builds on) with a dark host config. */
async function renderDark(browser: PlaygroundPage, cards: Map<string, Record<string, unknown>>, written: string[]): Promise<void> {
  const sdk = readFileSync(require.resolve("adaptivecards/dist/adaptivecards.js"), "utf8");
  const hostConfig = readFileSync(join(PROJECT_ROOT, "test", "tools", "teamsDarkHostConfig.json"), "utf8");
  const page = await browser.blankPage(480, 6000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  for (const [name, card] of cards) {
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#1f1f1f;font-family:'Segoe UI',system-ui,sans-serif">
      <div id="card" style="width:446px;background:#292929;border-radius:4px"></div>
      <style>.ac-pushButton{background:#3d3d3d;color:#fff;border:1px solid #5c5c5c;border-radius:4px;padding:6px 12px;font-weight:600}
      .ac-input,.ac-textInput,.ac-multichoiceInput,.ac-dateInput{background:#1f1f1f;color:#fff;border:1px solid #5c5c5c}</style>
      <script>${sdk}</script>
      <script>(() => {
        // Teams renders **bold** in TextBlocks; the bare SDK needs a markdown processor for that.
        AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
          const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
          result.outputHtml = escaped.replace(/\\*\\*(.+?)\\*\\*/g, "<strong>$1</strong>");
          result.didProcess = true;
        };
        const card = new AdaptiveCards.AdaptiveCard();
        card.hostConfig = new AdaptiveCards.HostConfig(${hostConfig});
        card.parse(${JSON.stringify(card)});
        const rendered = card.render();
        if (rendered) document.getElementById("card").appendChild(rendered);
        else document.getElementById("card").textContent = "not rendered";
      })();</script></body></html>`);
    const problem = await page.locator("#card").evaluate((element) => (element.textContent === "not rendered" || element.getBoundingClientRect().height === 0 ? element.innerHTML.slice(0, 200) || "empty" : ""));
    if (problem) throw new Error(`the SDK did not render the ${name} card: ${problem} ${errors.join("; ")}`);
    await page.locator("#card").screenshot({ path: join(OUT, `${name}-dark.png`) });
    written.push(`${name}-dark.png`);
  }
  await page.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

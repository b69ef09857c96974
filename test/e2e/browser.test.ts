import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlaygroundPage } from "../support/browser";
import { freePort } from "../support/cli";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";
import { sampleJson } from "../support/testApp";

/** Agents Playground's tenant (its /_internal/v1/config says so). */
const PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001";

/**
 * The journey of a lead and an owner in the playground's own web page, in headless Chromium:
 * what a person sees and clicks, not the API underneath.
 */
describe("in the playground's web client (headless Chromium)", function () {
  this.timeout(180_000);
  let dir: string;
  let bot: PlanTrackerProcess;
  let playground: Playground;
  let browser: PlaygroundPage;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-browser-"));
    const plan = sampleJson();
    plan.people.find((p) => p.id === "gemma-reeves")!.email = "alexw@example.com"; // the playground's user plays Gemma
    plan.tenantId = PLAYGROUND_TENANT; // email matching links only users of the plan's tenant
    writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));
    bot = await PlanTrackerProcess.start(await freePort(), { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), SAMPLE_PLAN_FILE: join(dir, "plan.json"), PLAN_TRACKER_TODAY: "2023-11-01", PROMPT_SCHEDULE: "off" });
    playground = await Playground.start(bot.url);
    browser = await PlaygroundPage.open(playground.base);
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loading the page installs the app: the welcome card appears", async () => {
    await browser.cardWith("Plan Tracker");
  });

  it("a lead types status, clicks an action's row, then the Overdue button: each card is replaced by the answer", async () => {
    await browser.type("status");
    const status = await browser.cardWith("Status as of 1 Nov 2023");
    const before = await browser.cardCount();
    await status.getByText("Engage with education settings and families").click();
    const action = await browser.cardWith("Action 1.2:");
    assert.equal(await browser.cardCount(), before, "the clicked card was replaced, not followed by a new one");
    assert.match(await action.innerText(), /185 days overdue/);
    await action.getByRole("button", { name: /Overdue/ }).first().click();
    const overdue = await browser.cardWith("15 overdue milestones as of 1 Nov 2023");
    assert.match(await overdue.innerText(), /Gemma Reeves \(2\)/);
  });

  it("the owner fills in the update card and saves: the card becomes the confirmation", async () => {
    await browser.type("update 1.2.4");
    const card = await browser.cardWith("Update milestone 1.2.4");
    // Two clicks and typing: At risk reveals the note and the revised date; Save sends the status with them.
    await card.getByRole("button", { name: "At risk" }).click();
    await card.getByLabel(/What is at risk/).fill("Guidance with legal; out in December");
    await card.getByRole("button", { name: "Save 1.2.4 as Amber" }).click();
    const confirmation = await browser.cardWith("Update recorded");
    assert.match(await confirmation.innerText(), /Guidance with legal; out in December/);
  });
});

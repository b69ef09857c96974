import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cardProblems } from "../support/cardCheck";
import { freePort, runCli } from "../support/cli";
import { PROJECT_ROOT } from "../support/paths";
import { Playground } from "../support/playground";
import { PlanTrackerProcess } from "../support/planTrackerProcess";

/** The playground's signed-in user (fixed in its default configuration): both plans' admin here. */
const PLAYGROUND_USER = "00000000-0000-0000-0000-0000000000020";
/** The playground's team has two channels: General (its id is the team's) and Announcements. */
const GENERAL = "team-id";
const ANNOUNCEMENTS = "channel-announcements-id";
const NORTHSHIRE = resolve(PROJECT_ROOT, "data", "northshire-wsoa.json");

/**
 * Two plans in one `npm start` (issue 18): the sample plan loaded at start, a second plan
 * imported beside it into the same embedded store, each channel of the playground's team
 * bound to one of them, and each answering `status` with its own table.
 */
describe("several plans side by side in Microsoft 365 Agents Playground (end to end)", function () {
  this.timeout(180_000);
  let dir: string;
  let env: Record<string, string>;
  let bot: PlanTrackerProcess;
  let playground: Playground;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-plans-"));
    env = { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), PLAN_TRACKER_TODAY: "2023-11-01", PLAN_ADMIN_IDS: PLAYGROUND_USER, PROMPT_SCHEDULE: "off" };
    bot = await PlanTrackerProcess.start(await freePort(), env);
    // The second plan, into the running bot's store (the command line reaches the embedded store it runs).
    const imported = await runCli(["import", NORTHSHIRE], env);
    assert.equal(imported.code, 0, imported.stderr);
    playground = await Playground.start(bot.url);
    // A running bot sees a plan another process added within the time it keeps its list of plans (5 s, PlanService.listPlans).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
  });

  after(async () => {
    await playground?.stop();
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function say(text: string, channel?: string): Promise<string> {
    const from = playground.events.length;
    await playground.type(text, channel);
    const card = await playground.nextCard(from);
    assert.deepEqual(cardProblems(card.card), []);
    return card.json;
  }

  it("an unbound channel says how to bind it; an admin binds each channel to its plan", async () => {
    assert.match(await say("status", ANNOUNCEMENTS), /not bound to a plan yet, and 2 plans are stored/);
    assert.match(await say("use plan somerset-app here", ANNOUNCEMENTS), /now follows Somerset SEND Accelerated Progress Plan/);
    assert.match(await say("use plan northshire-wsoa here", GENERAL), /now follows Northshire Written Statement of Action/);
  });

  it("each channel answers status with its own plan's table", async () => {
    const somerset = await say("status", ANNOUNCEMENTS);
    const northshire = await say("status", GENERAL);
    assert.match(somerset.replace(/\\"/g, '"'), /Somerset SEND Accelerated Progress Plan/);
    assert.match(somerset, /\*\*1\.2\*\*/);
    assert.doesNotMatch(somerset, /Northshire/);
    assert.match(northshire, /Northshire Written Statement of Action/);
    assert.match(northshire, /Keep waiting families informed/);
    assert.doesNotMatch(northshire, /Somerset/);
  });

  it("in the personal chat, the admin of both plans is asked which one, and `plan <id>` chooses", async () => {
    assert.match(await say("status"), /You are in 2 plans\. Which one do you mean/);
    assert.match(await say("plan northshire-wsoa"), /From now on I answer about Northshire/);
    assert.match(await say("status"), /Northshire Written Statement of Action/);
    assert.match(await say("plans"), /somerset-app[\s\S]*northshire-wsoa|northshire-wsoa[\s\S]*somerset-app/);
  });

  it("a prompt dry run lists both plans' due owners", async () => {
    const result = await runCli(["prompts", "--dry-run", "--as-of", "2023-11-01"], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Plan somerset-app:[\s\S]*Gemma Reeves/);
    assert.match(result.stdout, /Plan northshire-wsoa:[\s\S]*Ben Sample[\s\S]*Cara Placeholder|Plan northshire-wsoa:[\s\S]*Cara Placeholder[\s\S]*Ben Sample/);
  });
});

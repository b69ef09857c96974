import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/paths";
import { BOT_NODE_FLAGS } from "../support/planTrackerProcess";

/** Every place that starts the bot, and how it says so. */
const LAUNCHERS = ["package.json", "Dockerfile", "infra/modules/appService.bicep", "docs/deploy.md", ".vscode/tasks.json", "m365agents.yml"];

/** Each command in a file that runs the bot: from `node` to `dist/src/index.js` (a JSON array in the Dockerfile). */
function botCommands(text: string): string[] {
  return [...text.matchAll(/\bnode\b[^\n]*?dist\/src\/index\.js/g)].map((match) => match[0].replace(/", "/g, " "));
}

describe("the bot's heap budget", () => {
  it("npm start gives the bot an explicit heap budget", () => {
    assert.ok(BOT_NODE_FLAGS.some((flag) => /^--max-old-space-size=\d+$/.test(flag)), `npm start's flags: ${BOT_NODE_FLAGS.join(" ")}`);
  });

  for (const file of LAUNCHERS) {
    it(`${file} starts the bot with the same flags as npm start`, () => {
      const commands = botCommands(readFileSync(join(PROJECT_ROOT, file), "utf8"));
      assert.ok(commands.length > 0, `${file} no longer starts the bot: take it off this list`);
      for (const command of commands) for (const flag of BOT_NODE_FLAGS) assert.ok(command.includes(flag), `${file}: ${command} lacks ${flag}`);
    });
  }
});

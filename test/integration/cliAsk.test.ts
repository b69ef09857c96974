import { strict as assert } from "node:assert";
import { runCli } from "../support/cli";
import { SAMPLE_PLAN } from "../support/paths";
import { testConnectionString, uniquePrefix } from "../support/testApp";

interface AskJson {
  question: string;
  asOf: string;
  command: string;
  args: Record<string, unknown>;
  card: string;
  view: Record<string, unknown> & { buttons: { command: string }[] };
}

/** `plan-tracker ask` reads the twelve questions of issue 20 as the bot does, through the same command table. */
describe("plan-tracker ask", function () {
  this.timeout(120_000);
  let env: Record<string, string>;

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
  });

  async function ask(question: string, ...options: string[]): Promise<AskJson> {
    const result = await runCli(["ask", question, "--as-of", "2023-11-01", "--json", ...options], env);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as AskJson;
  }

  const EXAMPLES: [string, string, Record<string, unknown>, string][] = [
    ["how's action 2.2 getting on", "action", { actionId: "2.2" }, "actionDetail"],
    ["what's late", "overdue", {}, "overdue"],
    ["what has Will Barnwell got overdue", "overdue", { personId: "will-barnwell" }, "milestoneList"],
    ["which milestones are amber", "filter", { status: "amber" }, "milestoneList"],
    ["status 1.2.4", "milestone", { milestoneId: "1.2.4" }, "milestone"],
    ["show me risk R5", "risk", { riskId: "R5" }, "risk"],
    ["progress on KPI 3", "kpi", { kpiId: "KPI 3" }, "kpi"],
    ["when does the board next meet", "boards", {}, "boards"],
    ["mark 2.4.1 complete", "update", { milestoneId: "2.4.1", status: "blue" }, "milestoneUpdate"],
    ["stats", "status", {}, "planStatus"],
    ["thank you", "thanks", {}, "message"],
  ];
  for (const [question, command, args, card] of EXAMPLES) {
    it(`${question} → ${command}`, async () => {
      const answer = await ask(question);
      assert.equal(answer.command, command);
      assert.deepEqual(answer.args, args);
      assert.equal(answer.card, card);
    });
  }

  it("Sam's actions → Did you mean, one button per Sam", async () => {
    const answer = await ask("Sam's actions");
    assert.equal(answer.command, "didYouMean");
    assert.deepEqual(answer.view.buttons.map((b) => b.command).sort(), ["what does Sam Baker own", "what does Sam Mannion own"]);
  });

  it("--person answers mine as that plan person; text output says how the question was read", async () => {
    const mine = await ask("what do I own?", "--person", "gemma-reeves");
    assert.equal(mine.command, "mine");
    assert.match(String(mine.view.countText), /Gemma Reeves: you lead 0 actions and own 4 milestones/);
    const text = await runCli(["ask", "show me risk R5", "--as-of", "2023-11-01"], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^read as: risk \{"riskId":"R5"\}/);
    assert.match(text.stdout, /Risk R5/);
    const unknown = await runCli(["ask", "mine", "--person", "nobody-here"], env);
    assert.equal(unknown.code, 3);
  });
});

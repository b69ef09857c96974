import { strict as assert } from "node:assert";
import { expandCard, type CardReply } from "../../src/cards/cards";
import { digestCard } from "../../src/cards/digestCard";
import { milestoneUpdateCard } from "../../src/cards/milestoneUpdateCard";
import { actionCommand } from "../../src/bot/commands/action";
import type { CommandContext } from "../../src/bot/commands/context";
import { kpisCommand } from "../../src/bot/commands/kpis";
import { milestoneCommand } from "../../src/bot/commands/milestone";
import { mineCommand } from "../../src/bot/commands/mine";
import { overdueCommand } from "../../src/bot/commands/overdue";
import { risksCommand } from "../../src/bot/commands/risks";
import { statusCommand } from "../../src/bot/commands/status";
import { addDaysIso } from "../../src/domain/dates";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { summarisePlan } from "../../src/domain/summaries";
import { viewOfPlan } from "../../src/domain/view";
import { runCli } from "../support/cli";
import { SAMPLE_PLAN } from "../support/paths";
import { samplePlan } from "../support/sampleCards";
import { testConnectionString, uniquePrefix } from "../support/testApp";

/** "1 days", "1 milestones", "1 more actions"…: a count of one with a plural noun. */
const WRONG_PLURAL = /(?<![\d.,:/-])\b1 (?:more |overdue |new )?(days|weeks|months|milestones|actions|KPIs|risks|owners|people|changes|items|measurements|findings|quality indicators|commentaries|entries|problems|areas)\b/;

const found = (text: string) => {
  const hits = new Set<string>();
  for (const m of text.matchAll(new RegExp(WRONG_PLURAL.source, "g"))) hits.add(text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10));
  return [...hits];
};

/**
 * Counts agree with their nouns everywhere: every card and the CLI's text output, at a date
 * the sample plan has a milestone exactly one day overdue (so "1 day" has to be written).
 */
describe("counts are pluralised correctly in every card and in the CLI's text", function () {
  this.timeout(120_000);
  const plan = samplePlan();
  const view = viewOfPlan(plan);
  // The first date (after the sample's progress report) on which some milestone is one day overdue.
  const { asOf, milestone } = (() => {
    const dues = [...new Set(plan.actions.flatMap((a) => a.milestones.map((m) => m.due ?? "")))].filter((d) => d >= "2023-11-01").sort();
    for (const due of dues) {
      const day = addDaysIso(due, 1);
      const one = summarisePlan(view, day).actions.flatMap((a) => a.milestones).find((m) => m.daysOverdue === 1);
      if (one) return { asOf: day, milestone: one };
    }
    throw new Error("no date with a milestone one day overdue");
  })();

  it(`the test finds a milestone one day overdue (${milestone.id} on ${asOf}), and the pattern catches "1 days"`, () => {
    assert.equal(found("3 days · 1 day · 1 days overdue").length, 1);
    assert.equal(found("1 milestones, 21 days, 1.5 days, 1 more actions in this area").length, 2);
  });

  it("every card built from the sample at that date", () => {
    const ownerId = milestone.owners[0]?.id;
    const context: CommandContext = { view, asOf, user: { aadObjectId: "aad-test", name: "Test" }, ...(ownerId ? { personId: ownerId } : {}) };
    const actionId = milestone.id.split(".").slice(0, 2).join(".");
    const cards: Record<string, CardReply> = {
      status: statusCommand(context),
      action: actionCommand(context, actionId),
      overdue: overdueCommand(context),
      milestone: milestoneCommand(context, milestone.id),
      mine: mineCommand(context),
      kpis: kpisCommand(context),
      risks: risksCommand(context),
      update: milestoneUpdateCard(view, [milestone.id], asOf),
    };
    for (const board of plan.boards) {
      cards[`digest ${board.id}`] = digestCard(buildDigest({ view, board, asOf, previous: { ...snapshotOf(view, addDaysIso(asOf, -30)), milestones: {} } }));
    }
    const problems = Object.entries(cards).flatMap(([name, reply]) => found(JSON.stringify(expandCard(reply))).map((hit) => `${name}: …${hit}`));
    assert.deepEqual(problems, []);
    assert.match(JSON.stringify(expandCard(cards.milestone!)), /\b1 day overdue/);
  });

  it("the CLI's text output at that date", async () => {
    const env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
    const actionId = milestone.id.split(".").slice(0, 2).join(".");
    const commands = [["status"], ["status", actionId], ["overdue"], ["kpis"], ["risks"], ["digest", "--board", "send-partnership-board"], ["digest", "--board", "send-partnership-board", "--format", "markdown"], ["boards"], ["prompts"]];
    const problems: string[] = [];
    let sawOneDay = false;
    for (const args of commands) {
      const result = await runCli([...args, "--as-of", asOf], env);
      assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
      problems.push(...found(result.stdout).map((hit) => `${args.join(" ")}: …${hit}`));
      if (/\b1 day\b/.test(result.stdout)) sawOneDay = true;
    }
    assert.deepEqual(problems, []);
    assert.ok(sawOneDay, "some output says 1 day");
  });
});

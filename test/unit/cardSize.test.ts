import { strict as assert } from "node:assert";
import { CARD_LIMIT_BYTES, cardBytes, expandCard } from "../../src/cards/cards";
import { actionCommand } from "../../src/bot/commands/action";
import { kpisCommand } from "../../src/bot/commands/kpis";
import { mineCommand } from "../../src/bot/commands/mine";
import { overdueCommand } from "../../src/bot/commands/overdue";
import { statusCommand } from "../../src/bot/commands/status";
import type { CommandContext } from "../../src/bot/commands/context";
import { viewOfPlan } from "../../src/domain/view";
import { cardProblems } from "../support/cardCheck";
import { syntheticPlan } from "../support/syntheticPlan";

/** Teams refuses a message over about 28 KB: every answer fits, however large the plan. */
describe("cards stay within Teams' message size", () => {
  const plan = syntheticPlan({ milestones: 5000, owners: 50, actions: 100, id: "five-thousand" });
  const context: CommandContext = { view: viewOfPlan(plan), asOf: "2023-11-01", user: { aadObjectId: "aad-1", name: "Owner 1" }, personId: "owner-1" };
  const cases = [
    { name: "status (100 actions)", reply: () => statusCommand(context), more: /more actions in this area/ },
    { name: "overdue (5,000 milestones)", reply: () => overdueCommand(context), more: /and \d+ more, too many for one message/ },
    { name: "status 1.2 (50 milestones)", reply: () => actionCommand(context, "1.2") },
    { name: "mine (100 milestones)", reply: () => mineCommand(context) },
    { name: "kpis", reply: () => kpisCommand(context) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const reply = c.reply();
      assert.ok(cardBytes(reply) <= CARD_LIMIT_BYTES, `${cardBytes(reply)} bytes`);
      const card = expandCard(reply);
      assert.deepEqual(cardProblems(card), []);
      if (c.more) assert.match(JSON.stringify(card), c.more);
    });
  }
});

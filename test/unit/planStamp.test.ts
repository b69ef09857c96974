import { strict as assert } from "node:assert";
import { expandCard, messageCard, withPlan } from "../../src/cards/cards";
import { milestoneUpdateCard } from "../../src/cards/milestoneUpdateCard";
import { planStamp } from "../../src/bot/dispatcher";
import { planSchema } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { sampleText } from "../support/testApp";
import { cardProblems } from "../support/cardCheck";

/** Every Action.Execute and Action.Submit on a card, wherever it is (actions, fallbacks, refresh, action sets). */
function actionsOf(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const element = node as Record<string, unknown>;
    if (element.type === "Action.Execute" || element.type === "Action.Submit") found.push(element);
    Object.values(element).forEach(walk);
  };
  walk(card);
  return found;
}

describe("every button carries its plan", () => {
  it("withPlan stamps the plan into every button's data: command buttons, their fallbacks, a form's buttons and its refresh", () => {
    const view = viewOfPlan(planSchema.parse(JSON.parse(sampleText())));
    for (const reply of [messageCard("hello"), milestoneUpdateCard(view, ["1.2.4"], "2023-11-01", {})]) {
      const card = expandCard(withPlan(reply, "somerset-app"));
      const actions = actionsOf(card);
      assert.ok(actions.length >= 2);
      for (const action of actions) assert.equal((action.data as Record<string, unknown>).planId, "somerset-app", JSON.stringify(action));
      assert.deepEqual(cardProblems(card), []);
      // Without a plan, nothing is stamped (the card as before).
      assert.ok(actionsOf(expandCard(reply)).every((action) => !Object.hasOwn((action.data ?? {}) as object, "planId")));
    }
  });

  it("planStamp takes the plan off a button's data for its own schema; a value that is not a plan id is refused", () => {
    assert.deepEqual(planStamp({ command: "status", planId: "somerset-app" }), { pinned: "somerset-app", rest: { command: "status" } });
    assert.deepEqual(planStamp({ command: "status" }), { rest: { command: "status" } });
    assert.equal(planStamp({ planId: "../other" }).pinned, null);
    assert.equal(planStamp({ planId: 7 }).pinned, null);
    assert.equal(planStamp({ planId: "" }).pinned, null);
    assert.deepEqual(planStamp("text"), { rest: "text" });
  });
});

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { CARD_LIMIT_BYTES, expandCard } from "../../src/cards/cards";
import { digestCard } from "../../src/cards/digestCard";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { planSchema, type Plan } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { cardProblems } from "../support/cardCheck";
import { SAMPLE_PLAN } from "../support/paths";
import { syntheticPlan } from "../support/syntheticPlan";

const sample: Plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

function render(plan: Plan, boardId: string, asOf = "2023-11-01", promptStates?: ReadonlyMap<string, string>) {
  const view = viewOfPlan(plan);
  const board = plan.boards.find((b) => b.id === boardId)!;
  const digest = buildDigest({ view, board, asOf, previous: { ...snapshotOf(view, "2023-10-01"), milestones: {} }, ...(promptStates ? { promptStates } : {}) });
  const card = expandCard(digestCard(digest));
  return { digest, card, json: JSON.stringify(card), bytes: Buffer.byteLength(JSON.stringify(card)) };
}

describe("digest card", () => {
  it("the sample plan's monthly digest: valid 1.5, every action in the table, within Teams' size limit", () => {
    const { card, json, bytes } = render(sample, "send-partnership-board");
    assert.deepEqual(cardProblems(card), []);
    for (const action of sample.actions) assert.ok(json.includes(`**${action.id}**`), action.id);
    assert.ok(bytes <= CARD_LIMIT_BYTES, `${bytes} bytes`);
    assert.match(json, /SEND Partnership Board: digest/);
    assert.match(json, /Risks due for review \(8\)/);
  });

  it("a board declaring area totals only gets its digest by area of weakness, with KPIs and risks in full", () => {
    const plan = { ...sample, boards: sample.boards.map((b) => (b.id === "children-and-families-board" ? { ...b, detail: "areas" as const } : b)) };
    const { card, json } = render(plan, "children-and-families-board");
    assert.deepEqual(cardProblems(card), []);
    assert.match(json, /Progress by area of weakness/);
    assert.ok(!json.includes("**1.2** "), "no action rows");
    for (const kpi of sample.kpis) assert.ok(json.includes(`**${kpi.id}**`), kpi.id);
  });

  it("a long overdue list is cut to its first lines with a button for the rest", () => {
    const { card, json, bytes } = render(syntheticPlan({ milestones: 470, owners: 40, id: "many-milestones" }), "send-partnership-board");
    assert.deepEqual(cardProblems(card), []);
    assert.ok(bytes <= CARD_LIMIT_BYTES, `${bytes} bytes`);
    assert.match(json, /and \d+ more overdue milestones: see the buttons below/);
  });

  it("a plan ten times the sample's size still fits in one valid card, with buttons for the details", () => {
    const big = syntheticPlan({ milestones: 470, owners: 40, actions: 100, id: "ten-times" });
    const { card, json, bytes } = render(big, "send-partnership-board");
    assert.deepEqual(cardProblems(card), []);
    assert.ok(bytes <= CARD_LIMIT_BYTES, `${bytes} bytes`);
    // A hundred action rows do not fit in one message: the table is summarised by area, with a button for the full one.
    assert.match(json, /the table by action is too long for one message/);
    assert.match(json, /Area 1: \d+ overdue/);
    assert.match(json, /"command":"status"/);
    assert.match(json, /"command":"overdue"/);
  });

  it("lists each KPI once, marking in place those with no measurement this period", () => {
    const { card, digest } = render(sample, "send-partnership-board");
    const texts = JSON.stringify(card);
    for (const kpi of sample.kpis) {
      const lines = texts.match(new RegExp(`\\*\\*${kpi.id.replace(/[()]/g, "\\$&")}\\*\\*[^"]*`, "g")) ?? [];
      assert.equal(lines.length, new Set(digest.kpis.filter((k) => k.id === kpi.id).map((k) => k.label)).size, `${kpi.id}: ${lines.join(" | ")}`);
    }
    assert.ok(digest.kpisWithoutMeasurement.length > 0, "the sample has KPIs without a measurement");
    assert.match(texts, /no measurement since/);
    assert.doesNotMatch(texts, /"text":"KPIs with no measurement/, "no second list of KPIs");
  });

  it("a reason many overdue milestones share is said once, with the owners, and a button to people for admins", () => {
    const overdue = buildDigest({ view: viewOfPlan(sample), board: sample.boards[0]!, asOf: "2023-11-01" }).overdue;
    const states = new Map(overdue.map((m, i) => [m.id, i % 5 === 0 ? "asked 1 Nov 2023, answered" : "unreachable: not linked to a Teams user"]));
    const { card, json } = render(sample, "send-partnership-board", "2023-11-01", states);
    assert.deepEqual(cardProblems(card), []);
    assert.equal(json.match(/not linked to a Teams user/g)?.length, 1, "said once");
    const owners = new Set(overdue.filter((m) => states.get(m.id)!.startsWith("unreachable")).flatMap((m) => (m.owners.length ? m.owners : ["no owner"])));
    assert.match(json, new RegExp(`${owners.size} owners cannot be reached: not linked to a Teams user \\(`));
    assert.match(json, /"command":"people"/);
    // A state said on one line only stays on that line.
    assert.ok((json.match(/asked 1 Nov 2023, answered/g)?.length ?? 0) >= 1);
  });

  it("every card has speak text; the digest's summarises it", () => {
    const { card } = render(sample, "send-partnership-board");
    assert.match(String(card.speak), /^SEND Partnership Board: digest[^.]*\. \d+ milestones: \d+ Blue, \d+ Green, \d+ Amber, \d+ Red; \d+ overdue\. \d+ KPIs/);
  });
});

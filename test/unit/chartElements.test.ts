import { strict as assert } from "node:assert";
import { statusCommand } from "../../src/bot/commands/status";
import { kpiCommand } from "../../src/bot/commands/kpis";
import { expandCard, type CardReply } from "../../src/cards/cards";
import { digestCard } from "../../src/cards/digestCard";
import { buildDigest } from "../../src/domain/digest";
import { planSchema, type Plan } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { cardProblems } from "../support/cardCheck";
import { chartsIn, lineChartSchema, stackedHorizontalBarSchema, withoutCharts } from "../support/chartSchema";
import { syntheticPlan } from "../support/syntheticPlan";
import { sampleText } from "../support/testApp";

const ASOF = "2023-11-01";
const plan: Plan = planSchema.parse(JSON.parse(sampleText()));
const context = (p: Plan) => ({ view: viewOfPlan(p), asOf: ASOF, user: { name: "Test" } });
const word = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The card a reply makes, checked: its charts against Microsoft's documented properties, and the card a client without charts shows parsing as 1.5. */
function checked(reply: CardReply) {
  const card = expandCard(reply);
  assert.deepEqual(cardProblems(card), [], "the card with its charts, through the 1.5 SDK");
  const fallback = withoutCharts(card);
  assert.deepEqual(cardProblems(fallback), [], "the card as a client without charts shows it");
  const { chart: _chart, ...withoutChartData } = reply.data;
  assert.deepEqual(fallback, expandCard({ ...reply, data: withoutChartData as CardReply["data"] }), "without charts, the card is today's");
  return chartsIn(card);
}

describe("charts in the cards", () => {
  it("status: a stacked bar of each action's Blue/Green/Amber/Red, seed 003's counts, above today's table", () => {
    const charts = checked(statusCommand(context(plan)));
    assert.equal(charts.length, 1);
    const chart = stackedHorizontalBarSchema.parse(charts[0]);
    assert.equal(chart.fallback, "drop");
    assert.deepEqual(
      chart.data.map((bar) => ({ title: bar.title, values: bar.data.map((d) => [d.legend, d.value, d.color]) })),
      SEED_003_TABLE.map((row) => ({ title: `${row.action} (${word(row.overall)})`, values: [["Blue", row.counts.blue, "categoricalBlue"], ["Green", row.counts.green, "good"], ["Amber", row.counts.amber, "warning"], ["Red", row.counts.red, "attention"]].filter(([, value]) => Number(value) > 0) })),
    );
  });

  it("the digest: the same stacked bar", () => {
    const digest = buildDigest({ view: viewOfPlan(plan), board: plan.boards.find((b) => b.id === "send-partnership-board")!, asOf: ASOF });
    const charts = checked(digestCard(digest));
    assert.equal(charts.length, 1);
    assert.equal(stackedHorizontalBarSchema.parse(charts[0]).data.length, 10);
  });

  it("kpi 7: its baseline and measurements as a line against its 3-, 6- and 12-month targets", () => {
    const measured = structuredClone(plan);
    measured.kpis.find((k) => k.id === "KPI 7")!.measurements = [{ date: "2023-06-30", value: 121 }, { date: "2023-09-30", value: 112 }];
    const charts = checked(kpiCommand(context(measured), "7"));
    assert.equal(charts.length, 1);
    const chart = lineChartSchema.parse(charts[0]);
    assert.deepEqual(chart.data.map((s) => [s.legend, s.values]), [
      ["Measured", [{ x: "2023-02-28", y: 128 }, { x: "2023-06-30", y: 121 }, { x: "2023-09-30", y: 112 }]],
      ["Target", [{ x: "2023-08-01", y: 121.6 }, { x: "2023-11-01", y: 108.8 }, { x: "2024-05-01", y: 96 }]],
    ]);
  });

  it("no chart where there is nothing to draw, or too many actions to read at a glance", () => {
    const qualitative = plan.kpis.find((k) => k.id === "KPI 14")!;
    assert.deepEqual(checked(kpiCommand(context(plan), qualitative.id)), []);
    const big = syntheticPlan({ milestones: 1500, actions: 30 });
    assert.deepEqual(chartsIn(expandCard(statusCommand(context(big)))), []);
  });

  it("the card check fails a chart that is not as Microsoft documents it", () => {
    const card = { type: "AdaptiveCard", version: "1.5", speak: "x", body: [{ type: "TextBlock", text: "x" }] };
    const bad = (chart: Record<string, unknown>) => cardProblems({ ...card, body: [...card.body, chart] });
    assert.deepEqual(bad({ type: "Chart.Line", data: [{ legend: "a", values: [{ x: "2023-01-01", y: 1 }] }], fallback: "drop" }), []);
    assert.notDeepEqual(bad({ type: "Chart.Line", data: [{ legend: "a", values: [{ x: "2023-01-01", y: "1" }] }], fallback: "drop" }), [], "a value that is not a number");
    assert.notDeepEqual(bad({ type: "Chart.Line", data: [{ legend: "a", points: [] }], fallback: "drop" }), [], "an invented property");
    assert.notDeepEqual(bad({ type: "Chart.HorizontalBar.Stacked", data: [{ title: "1.1", data: [{ legend: "Blue", value: 1, color: "blue" }] }], fallback: "drop" }), [], "a colour that is not in the list");
    assert.notDeepEqual(bad({ type: "Chart.Line", data: [{ legend: "a", values: [{ x: 1, y: 1 }] }] }), [], "no fallback");
    assert.notDeepEqual(bad({ type: "Chart.Sparkle", fallback: "drop" }), [], "a chart type Plan Tracker does not know");
  });
});

import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { applicableCheckpoint, findKpi, kpiStatus, resolveTarget } from "../../src/domain/kpis";
import { kpiPartSchema, planSchema, type Plan } from "../../src/domain/plan";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

function withMeasurements(plan: Plan, kpiId: string, measurements: { date: string; value: number }[]): Plan {
  return { ...plan, kpis: plan.kpis.map((k) => (k.id === kpiId ? { ...k, measurements } : k)) };
}

describe("KPI status", () => {
  const checkpoints: [string, string, boolean][] = [
    ["2023-06-01", "m3", false],
    ["2023-07-31", "m3", false],
    ["2023-08-01", "m3", true],
    ["2023-10-31", "m3", true],
    ["2023-11-01", "m6", true],
    ["2024-05-01", "m12", true],
    ["2026-01-01", "m12", true],
  ];
  for (const [asOf, key, reached] of checkpoints) {
    it(`applies the ${key} checkpoint at ${asOf}${reached ? "" : " (ahead)"}`, () => {
      const checkpoint = applicableCheckpoint("2023-05-01", asOf);
      assert.equal(checkpoint.key, key);
      assert.equal(checkpoint.reached, reached);
    });
  }

  it("resolves a share of the baseline", () => {
    const kpi7 = findKpi(sample(), "7")!;
    const part = { id: "", label: "", unit: kpi7.unit!, direction: kpi7.direction!, baseline: kpi7.baseline!, targets: kpi7.targets!, measurements: [] };
    assert.deepEqual(resolveTarget(part, "m3"), { shareOfBaseline: 0.95, value: 121.6 });
    assert.deepEqual(resolveTarget(part, "m12"), { shareOfBaseline: 0.75, value: 96 });
  });

  it("cannot resolve a share of a baseline to be confirmed", () => {
    const part = kpiPartSchema.parse({ id: "a", label: "x", unit: "count", direction: "reduce", targets: { m3: { shareOfBaseline: 0.9 } } });
    assert.deepEqual(resolveTarget(part, "m3"), { shareOfBaseline: 0.9 });
  });

  it("judges a reduce KPI on track at or below target, with its trend", () => {
    const plan = withMeasurements(sample(), "KPI 7", [{ date: "2023-09-30", value: 115 }, { date: "2023-10-31", value: 108 }]);
    const status = kpiStatus(plan, findKpi(plan, "KPI 7")!, "2023-11-01");
    assert.equal(status.state, "on-track");
    assert.equal(status.measures[0]!.target?.value, 108.8);
    assert.equal(status.measures[0]!.trend, "improving");
  });

  it("judges a reduce KPI off track above target, worsening when it rises", () => {
    const plan = withMeasurements(sample(), "KPI 7", [{ date: "2023-09-30", value: 108 }, { date: "2023-10-31", value: 115 }]);
    const status = kpiStatus(plan, findKpi(plan, "KPI 7")!, "2023-11-01");
    assert.equal(status.state, "off-track");
    assert.equal(status.measures[0]!.trend, "worsening");
  });

  it("ignores measurements after the as-of date", () => {
    const plan = withMeasurements(sample(), "KPI 7", [{ date: "2023-12-31", value: 50 }]);
    assert.equal(kpiStatus(plan, findKpi(plan, "KPI 7")!, "2023-11-01").state, "no-data");
  });

  it("judges an increase KPI against its target (KPI 2 at six months)", () => {
    const plan = sample();
    const status = kpiStatus(plan, findKpi(plan, "KPI 2")!, "2023-11-01");
    assert.equal(status.state, "on-track");
    assert.equal(status.measures[0]!.latest?.value, 50);
    assert.equal(status.measures[0]!.trend, "unknown");
  });

  it("reports no target where the plan has none (KPI 2 at three months)", () => {
    const plan = sample();
    assert.equal(kpiStatus(plan, findKpi(plan, "KPI 2")!, "2023-09-01").state, "no-target");
  });

  it("leaves a text milestone target to the board", () => {
    const plan = sample();
    const status = kpiStatus(plan, findKpi(plan, "14")!, "2023-11-01");
    assert.equal(status.state, "qualitative");
    assert.equal(status.measures[0]!.target?.text, "Developed and launched Q2");
  });

  it("reports each part of a two-part KPI and the worst state overall", () => {
    const plan = sample();
    const kpi5 = kpiStatus(plan, findKpi(plan, "kpi 5")!, "2023-11-01");
    assert.deepEqual(kpi5.measures.map((m) => [m.part, m.target?.value, m.unit]), [["a", 10, "weeks"], ["b", 16, "months"]]);
    assert.equal(kpi5.state, "no-data");
  });

  it("finds KPIs by number or id", () => {
    const plan = sample();
    assert.equal(findKpi(plan, "7")?.id, "KPI 7");
    assert.equal(findKpi(plan, "kpi7")?.id, "KPI 7");
    assert.equal(findKpi(plan, "KPI 14")?.id, "KPI 14");
    assert.equal(findKpi(plan, "15"), undefined);
  });
});

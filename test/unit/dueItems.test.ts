import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { applyRecords } from "../../src/domain/applyRecords";
import { dueItemId, dueItems, type DueItem } from "../../src/domain/dueItems";
import { duePrompts } from "../../src/domain/duePrompts";
import { describeQiPeriod, previousMonth, qiPeriodOf } from "../../src/domain/periods";
import { planSchema, type Plan } from "../../src/domain/plan";
import { kpiStatus, findKpi } from "../../src/domain/kpis";
import { riskStatus } from "../../src/domain/risks";
import { NO_RECORDS, type PlanRecords } from "../../src/domain/records";
import { viewOfPlan } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const stamp = { at: "2023-11-02T10:00:00.000Z", by: "aad-1", byName: "Claire Merchant-Jones", source: "teams", version: 1 };

function due(records: PlanRecords, asOf: string, digestThisCycle?: string): Map<string, DueItem[]> {
  const plan = applyRecords(sample(), records);
  return dueItems({ view: { ...viewOfPlan(plan), records }, records, asOf, digestThisCycle });
}
const ids = (items: DueItem[] | undefined) => (items ?? []).map(dueItemId);

describe("periods", () => {
  const cases: [string, Parameters<typeof qiPeriodOf>[0], string | undefined][] = [
    ["2023-11-01", "monthly", "2023-11"], ["2023-11-01", "per-board-meeting", "2023-11"], ["2023-11-01", "quarterly", "2023-Q4"], ["2023-03-31", "quarterly", "2023-Q1"],
    ["2023-06-30", "six-monthly", "2023-H1"], ["2023-07-01", "six-monthly", "2023-H2"], ["2023-07-01", "annual", "2023"], ["2023-07-01", "as-available", undefined],
  ];
  for (const [date, cadence, period] of cases) it(`${date} is in ${String(period)} for a ${cadence} QI`, () => assert.equal(qiPeriodOf(cadence, date), period));
  it("names periods in words", () => assert.deepEqual(["2023-Q4", "2023-H1", "2023-10", "2023"].map(describeQiPeriod), ["Oct–Dec 2023", "Jan–Jun 2023", "October 2023", "2023"]));
  it("the month before January is December", () => assert.equal(previousMonth("2024-01-15"), "2023-12"));
});

describe("due items besides milestones", () => {
  it("asks KPI owners when nothing is recorded for the previous month, by part", () => {
    const items = due(NO_RECORDS, "2023-11-01");
    // KPI 2's sample measurement is for October 2023: not due; KPI 7 has none. KPI 5's parts go to the autism lead.
    assert.ok(!ids(items.get("claire-merchant-jones")).includes("kpi:KPI 2"));
    assert.ok(ids(items.get("claire-merchant-jones")).includes("kpi:KPI 7"));
    assert.deepEqual(ids(items.get("will-barnwell")).filter((id) => id.startsWith("kpi:")), ["kpi:KPI 5:a", "kpi:KPI 5:b"]);
    const kpi5a = items.get("will-barnwell")!.find((i) => dueItemId(i) === "kpi:KPI 5:a")!;
    assert.equal(kpi5a.reason, "no measurement for October 2023");
    // A milestone KPI is judged by the board, never asked.
    assert.ok(![...items.values()].flat().some((i) => dueItemId(i) === "kpi:KPI 14"));
  });

  it("a KPI measured for the previous month is no longer due; one measured for the month before is", () => {
    const measured = (period: string, date: string): PlanRecords => ({ ...NO_RECORDS, measurements: [{ ...stamp, kpiId: "KPI 5", part: "a", period, date, value: 14 }] });
    assert.ok(!ids(due(measured("2023-10", "2023-10-31"), "2023-11-01").get("will-barnwell")).includes("kpi:KPI 5:a"));
    assert.ok(ids(due(measured("2023-09", "2023-09-30"), "2023-11-01").get("will-barnwell")).includes("kpi:KPI 5:a"));
  });

  it("asks risk owners when a review is due, and not after a review", () => {
    const plan = sample();
    const r1 = plan.risks.find((r) => r.id === "R1")!;
    const owner = r1.owner!;
    assert.ok(ids(due(NO_RECORDS, "2023-11-01").get(owner)).includes("risk:R1"));
    const reviewed: PlanRecords = { ...NO_RECORDS, riskReviews: [{ ...stamp, riskId: "R1", likelihood: "low", impact: "medium", progress: "Reviewed", mitigation: r1.mitigation, reviewedOn: "2023-10-30" }] };
    assert.ok(!ids(due(reviewed, "2023-11-01").get(owner)).includes("risk:R1"));
    assert.equal(riskStatus(applyRecords(plan, reviewed).risks.find((r) => r.id === "R1")!, "2023-11-01").reviewDue, "2024-01-30");
  });

  it("asks QI owners at their cadence until a finding is recorded for the period", () => {
    const plan = sample();
    const quarterly = plan.qis.find((q) => q.cadence === "quarterly")!;
    assert.ok(ids(due(NO_RECORDS, "2023-11-01").get(quarterly.owner!)).includes(`qi:${quarterly.id}`));
    const found: PlanRecords = { ...NO_RECORDS, findings: [{ ...stamp, qiId: quarterly.id, period: "2023-Q4", date: "2023-10-15", text: "x" }] };
    assert.ok(!ids(due(found, "2023-11-01").get(quarterly.owner!)).includes(`qi:${quarterly.id}`));
    assert.ok(ids(due(found, "2024-01-02").get(quarterly.owner!)).includes(`qi:${quarterly.id}`), "due again next quarter");
    const asAvailable = plan.qis.filter((q) => q.cadence === "as-available").map((q) => `qi:${q.id}`);
    assert.ok(![...due(NO_RECORDS, "2023-11-01").values()].flat().some((i) => asAvailable.includes(dueItemId(i))));
  });

  it("asks each action lead for commentary on each of their actions only when a board digest falls in the cycle", () => {
    assert.ok(![...due(NO_RECORDS, "2023-11-01").values()].flat().some((i) => i.kind === "commentary"));
    const withDigest = due(NO_RECORDS, "2023-12-01", "2023-12-21");
    assert.deepEqual(ids(withDigest.get("claire-merchant-jones")).filter((id) => id.startsWith("commentary:")), ["commentary:1.1", "commentary:1.2"]);
    const written: PlanRecords = { ...NO_RECORDS, commentary: [{ ...stamp, actionId: "1.1", period: "2023-12", text: "x" }] };
    assert.deepEqual(ids(due(written, "2023-12-01", "2023-12-21").get("claire-merchant-jones")).filter((id) => id.startsWith("commentary:")), ["commentary:1.2"]);
  });
});

describe("due items in the prompt cycle's one message per person", () => {
  const reachable = () => ({ reachable: true as const });
  it("joins a person's milestones and items in one prompt, gives someone with items only a prompt of their own, and skips items already asked this cycle", () => {
    const plan = sample();
    const view = viewOfPlan(plan);
    const items = dueItems({ view, records: NO_RECORDS, asOf: "2023-11-01" });
    const { prompts } = duePrompts({ view, asOf: "2023-11-01", updates: [], records: [], reach: reachable, items });
    const owners = prompts.map((p) => p.owner.id);
    assert.equal(new Set(owners).size, owners.length);
    const amy = prompts.find((p) => p.owner.id === "amy-joynes")!;
    // 2.4.4's fortnightly checkpoints of 10 and 24 November join them (issue 23), still one prompt.
    assert.deepEqual([amy.milestones, amy.items!.map(dueItemId)], [["2.3.4", "2.4.2"], ["kpi:KPI 6", "checkpoint:2.4.4"]], "milestones, a KPI and checkpoints in one prompt");
    const claire = prompts.find((p) => p.owner.id === "claire-merchant-jones")!;
    assert.equal(claire.milestones.length, 0);
    assert.ok(claire.items!.some((i) => i.kind === "kpi") && claire.items!.some((i) => i.kind === "risk") && claire.items!.some((i) => i.kind === "qi"), "KPIs, risks and QIs in one prompt");
    const asked = [{ ownerId: "claire-merchant-jones", cycle: "2023-11", milestoneIds: [...claire.milestones, ...claire.items!.map(dueItemId)] }];
    const again = duePrompts({ view, asOf: "2023-11-15", updates: [], records: asked, reach: reachable, items });
    assert.ok(!again.prompts.some((p) => p.owner.id === "claire-merchant-jones"), "nothing of hers twice in a cycle");
  });

  it("without items the prompts are as before (no items field)", () => {
    const view = viewOfPlan(sample());
    const { prompts } = duePrompts({ view, asOf: "2023-11-01", updates: [], records: [], reach: reachable });
    assert.ok(prompts.every((p) => p.items === undefined && p.milestones.length > 0));
  });
});

describe("recorded data in the summaries", () => {
  it("a recorded measurement replaces the file's for the same month and becomes the latest", () => {
    const records: PlanRecords = { ...NO_RECORDS, measurements: [{ ...stamp, kpiId: "KPI 7", part: "", period: "2023-10", date: "2023-10-31", value: 110 }, { ...stamp, kpiId: "KPI 7", part: "", period: "2023-11", date: "2023-11-02", value: 105 }] };
    const plan = applyRecords(sample(), records);
    const status = kpiStatus(plan, findKpi(plan, "7")!, "2023-11-15");
    assert.deepEqual(status.measures[0]!.measurements.map((m) => [m.date, m.value]).slice(-2), [["2023-10-31", 110], ["2023-11-02", 105]]);
    assert.equal(status.measures[0]!.latest?.value, 105);
    assert.equal(status.measures[0]!.trend, "improving");
    assert.equal(status.owner?.name, "Claire Merchant-Jones");
  });

  it("every KPI and QI of the sample has an owner who is a plan person", () => {
    const plan = sample();
    for (const kpi of plan.kpis) assert.ok(kpi.owner && plan.people.some((p) => p.id === kpi.owner), kpi.id);
    for (const qi of plan.qis) assert.ok(qi.owner, qi.id);
  });
});

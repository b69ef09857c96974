import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { planSchema, type Plan } from "../../src/domain/plan";
import { checkCommentary, checkFinding, checkMeasurement, checkRiskReview, parseNumber, unitProblem } from "../../src/domain/recordRules";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const TODAY = "2023-11-15";

describe("record rules: KPI measurements", () => {
  const plan = sample();
  const refused: [string, Parameters<typeof checkMeasurement>[1], string, RegExp][] = [
    ["a value that is not a number", { kpi: "7", value: "lots", date: "2023-10-31" }, "value", /"lots" is not a number/],
    ["140 for a percent", { kpi: "8", value: "140", date: "2023-10-31" }, "value", /140% is not a percentage between 0 and 100/],
    ["a negative percent", { kpi: "8", value: "-1", date: "2023-10-31" }, "value", /not a percentage/],
    ["−3 for a count", { kpi: "7", value: "-3", date: "2023-10-31" }, "value", /-3 is not a count/],
    ["a fraction for a count", { kpi: "7", value: "2.5", date: "2023-10-31" }, "value", /2.5 is not a count/],
    ["negative weeks", { kpi: "5", part: "a", value: "-1", date: "2023-10-31" }, "value", /-1 weeks is below 0/],
    ["negative months", { kpi: "5b", value: "-2", date: "2023-10-31" }, "value", /-2 months is below 0/],
    ["a date in the future", { kpi: "7", value: "117", date: "2023-11-16" }, "date", /16 Nov 2023 is in the future/],
    ["a date that is not one", { kpi: "7", value: "117", date: "31/10/2023" }, "date", /is not a date/],
    ["an unknown KPI", { kpi: "99", value: "1", date: "2023-10-31" }, "kpi", /"99" is not a KPI/],
    ["a part of a one-figure KPI", { kpi: "7", part: "a", value: "1", date: "2023-10-31" }, "part", /KPI 7 has no parts/],
    ["a two-part KPI without its part", { kpi: "5", value: "1", date: "2023-10-31" }, "part", /parts a and b/],
    ["a note over 2,000 characters", { kpi: "7", value: "117", date: "2023-10-31", note: "x".repeat(2001) }, "note", /2001 characters; at most 2000/],
    ["a link that is not https", { kpi: "7", value: "117", date: "2023-10-31", link: "http://example.org/dashboard" }, "link", /not an https/],
    ["a milestone KPI", { kpi: "14", value: "1", date: "2023-10-31" }, "value", /judged by the board/],
  ];
  for (const [what, input, field, message] of refused) {
    it(`refuses ${what}`, () => {
      const checked = checkMeasurement(plan, input, TODAY);
      assert.equal(checked.ok, false);
      if (checked.ok) return;
      const problem = checked.problems.find((p) => p.field === field);
      assert.ok(problem, `a problem with ${field}: ${JSON.stringify(checked.problems)}`);
      assert.match(problem.message, message);
    });
  }

  const accepted: [string, Parameters<typeof checkMeasurement>[1], { kpiId: string; part: string; period: string; value: number }][] = [
    ["a count", { kpi: "7", value: "117", date: "2023-10-31" }, { kpiId: "KPI 7", part: "", period: "2023-10", value: 117 }],
    ["a count of 0", { kpi: "KPI 7", value: "0", date: "2023-10-01" }, { kpiId: "KPI 7", part: "", period: "2023-10", value: 0 }],
    ["a percent with its sign", { kpi: "8", value: "65.6%", date: "2023-09-30" }, { kpiId: "KPI 8", part: "", period: "2023-09", value: 65.6 }],
    ["100 percent", { kpi: "8", value: 100, date: TODAY }, { kpiId: "KPI 8", part: "", period: "2023-11", value: 100 }],
    ["a part named with its KPI", { kpi: "5a", value: "14", date: "2023-10-31" }, { kpiId: "KPI 5", part: "a", value: 14, period: "2023-10" }],
    ["a part given apart", { kpi: "5", part: "B", value: "20.5", date: "2023-10-31" }, { kpiId: "KPI 5", part: "b", value: 20.5, period: "2023-10" }],
  ];
  for (const [what, input, expected] of accepted) {
    it(`accepts ${what}`, () => {
      const checked = checkMeasurement(plan, input, TODAY);
      assert.ok(checked.ok, JSON.stringify(checked));
      const { kpiId, part, period, value } = checked.value;
      assert.deepEqual({ kpiId, part, period, value }, expected);
    });
  }

  const numbers: [string, number | undefined][] = [["117", 117], [" 14.5 ", 14.5], ["65%", 65], ["1,200", 1200], ["-3", -3], ["abc", undefined], ["", undefined], ["1e3", undefined], ["12abc", undefined]];
  for (const [text, value] of numbers) it(`reads "${text}" as ${String(value)}`, () => assert.equal(parseNumber(text), value));

  const units: [number, Parameters<typeof unitProblem>[1], boolean][] = [
    [0, "percent", true], [100, "percent", true], [100.1, "percent", false], [0, "count", true], [3, "count", true], [-1, "count", false], [1.5, "count", false],
    [0, "weeks", true], [-0.5, "days", false], [2.5, "months", true],
  ];
  for (const [value, unit, fits] of units) it(`${value} ${fits ? "fits" : "does not fit"} ${unit}`, () => assert.equal(unitProblem(value, unit) === undefined, fits));
});

describe("record rules: risk reviews, findings, commentary", () => {
  const plan = sample();

  it("a review keeps what it does not change and moves the next review on from the review date", () => {
    const checked = checkRiskReview(plan, { risk: "r1", progress: "Reviewed at board" }, TODAY);
    assert.ok(checked.ok);
    const r1 = plan.risks.find((r) => r.id === "R1")!;
    assert.deepEqual(checked.value, { riskId: "R1", likelihood: r1.after.likelihood, impact: r1.after.impact, progress: "Reviewed at board", mitigation: r1.mitigation, reviewedOn: TODAY, nextReview: "2024-02-15" });
  });

  const refusedReviews: [string, Parameters<typeof checkRiskReview>[1], string][] = [
    ["an unknown risk", { risk: "R99" }, "risk"],
    ["a likelihood that is not a level", { risk: "R1", likelihood: "very" }, "likelihood"],
    ["progress over 2,000 characters", { risk: "R1", progress: "p".repeat(2001) }, "progress"],
    ["a review dated in the future", { risk: "R1", reviewedOn: "2023-12-01" }, "reviewedOn"],
  ];
  for (const [what, input, field] of refusedReviews) {
    it(`refuses ${what}`, () => {
      const checked = checkRiskReview(plan, input, TODAY);
      assert.ok(!checked.ok && checked.problems.some((p) => p.field === field), JSON.stringify(checked));
    });
  }

  const findings: [string, Parameters<typeof checkFinding>[1], string | undefined][] = [
    ["a quarterly finding", { qi: "a1-qi3", date: "2023-11-02", text: "Audit shows improvement", link: "https://example.org/audit", rating: "G" }, undefined],
    ["an unknown QI", { qi: "qi-99", date: "2023-11-02", text: "x" }, "qi"],
    ["a finding without text", { qi: "a1-qi3", date: "2023-11-02", text: "  " }, "text"],
    ["a finding over 2,000 characters", { qi: "a1-qi3", date: "2023-11-02", text: "t".repeat(2001) }, "text"],
    ["a link that is not https", { qi: "a1-qi3", date: "2023-11-02", text: "x", link: "ftp://example.org" }, "link"],
    ["a rating that is not B/G/A/R", { qi: "a1-qi3", date: "2023-11-02", text: "x", rating: "purple" }, "rating"],
    ["a date in the future", { qi: "a1-qi3", date: "2024-01-01", text: "x" }, "date"],
  ];
  for (const [what, input, field] of findings) {
    it(`${field ? "refuses" : "accepts"} ${what}`, () => {
      const checked = checkFinding(plan, input, TODAY);
      if (field === undefined) {
        assert.ok(checked.ok, JSON.stringify(checked));
        assert.equal(checked.value.rating, "green");
      } else assert.ok(!checked.ok && checked.problems.some((p) => p.field === field), JSON.stringify(checked));
    });
  }

  it("files a finding under its cadence's period", () => {
    const quarterly = plan.qis.find((q) => q.cadence === "quarterly")!;
    const checked = checkFinding(plan, { qi: quarterly.id, date: "2023-11-02", text: "x" }, TODAY);
    assert.ok(checked.ok);
    assert.equal(checked.value.period, "2023-Q4");
  });

  it("files commentary under this month, and refuses an unknown action or empty text", () => {
    const ok = checkCommentary(plan, { action: "1.2", text: "Audits under way" }, TODAY);
    assert.ok(ok.ok);
    assert.deepEqual(ok.value, { actionId: "1.2", period: "2023-11", text: "Audits under way" });
    const bad = checkCommentary(plan, { action: "9.9", text: "" }, TODAY);
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems.map((p) => p.field), ["action", "text"]);
  });
});

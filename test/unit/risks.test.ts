import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { planSchema, riskSchema } from "../../src/domain/plan";
import { riskRegister, riskScore, riskStatus } from "../../src/domain/risks";
import { SAMPLE_PLAN } from "../support/paths";

describe("risk register", () => {
  const scores: [string, string, number][] = [
    ["low", "low", 1],
    ["medium", "high", 6],
    ["high", "high", 9],
    ["low", "high", 3],
  ];
  for (const [likelihood, impact, score] of scores) {
    it(`${likelihood} × ${impact} = ${score}`, () => assert.equal(riskScore({ likelihood, impact } as never), score));
  }

  const risk = riskSchema.parse({
    id: "R1", date: "21/3/23", risk: "x", mitigation: "y",
    before: { likelihood: "medium", impact: "high" }, after: { likelihood: "low", impact: "medium" },
  });

  it("is due for review three months after it was raised", () => {
    assert.equal(riskStatus(risk, "2023-06-20").dueForReview, false);
    assert.equal(riskStatus(risk, "2023-06-21").dueForReview, true);
  });

  it("counts from the last review", () => {
    const reviewed = { ...risk, lastReviewed: "2023-10-15" };
    assert.equal(riskStatus(reviewed, "2023-11-01").dueForReview, false);
    assert.equal(riskStatus(reviewed, "2024-01-15").reviewDue, "2024-01-15");
  });

  it("orders the sample register by score after mitigation, then before", () => {
    const plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
    const register = riskRegister(plan, "2023-11-01");
    assert.equal(register.length, 8);
    assert.deepEqual(register.map((r) => r.after.score), [...register.map((r) => r.after.score)].sort((a, b) => b - a));
    assert.deepEqual(register.slice(0, 3).map((r) => r.id), ["R1", "R6", "R7"]);
    assert.ok(register.every((r) => r.dueForReview));
  });
});

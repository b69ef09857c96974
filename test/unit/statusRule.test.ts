import { strict as assert } from "node:assert";
import { countStatuses, deriveActionStatus, DEFAULT_STATUS_RULE, type StatusCounts } from "../../src/domain/statusRule";
import type { Status } from "../../src/domain/status";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";

const counts = (blue: number, green: number, amber: number, red: number, unrated = 0): StatusCounts => ({ blue, green, amber, red, unrated });

describe("deriveActionStatus (default rule)", () => {
  for (const row of SEED_003_TABLE) {
    it(`reproduces seed 003 for action ${row.action}: ${JSON.stringify(row.counts)} → ${row.overall}`, () => {
      assert.equal(deriveActionStatus({ ...row.counts, unrated: 0 }).status, row.overall);
    });
  }

  const cases: [string, StatusCounts, Status][] = [
    ["no milestones", counts(0, 0, 0, 0), "unrated"],
    ["all unrated", counts(0, 0, 0, 0, 3), "unrated"],
    ["all blue", counts(4, 0, 0, 0), "blue"],
    ["blue with an unrated milestone is not complete", counts(2, 0, 0, 0, 1), "green"],
    ["one red of two is red (50%)", counts(1, 0, 0, 1), "red"],
    ["one red of three is amber (33%)", counts(2, 0, 0, 1), "amber"],
    ["red share counts rated milestones only", counts(1, 0, 0, 1, 5), "red"],
    ["a single amber makes amber", counts(5, 5, 1, 0), "amber"],
    ["green and blue only is green", counts(1, 1, 0, 0), "green"],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(deriveActionStatus(input).status, expected));
  }

  it("explains a derived status in words", () => {
    assert.match(deriveActionStatus(counts(1, 1, 1, 2)).reason, /2 of 5 rated milestones \(40%\) are Red, at or above the 40% threshold/);
    assert.match(deriveActionStatus(counts(0, 2, 2, 2)).reason, /4 of 6 rated milestones are Amber or Red; Red is 33%/);
  });

  it("follows a plan's own thresholds", () => {
    assert.equal(deriveActionStatus(counts(0, 2, 2, 2), { ...DEFAULT_STATUS_RULE, redShareAtLeast: 0.3 }).status, "red");
    assert.equal(deriveActionStatus(counts(3, 0, 1, 0), { ...DEFAULT_STATUS_RULE, amberCountAtLeast: 2 }).status, "green");
  });

  it("countStatuses counts each status", () => {
    assert.deepEqual(countStatuses(["blue", "red", "red", "unrated"]), counts(1, 0, 0, 2, 1));
  });
});

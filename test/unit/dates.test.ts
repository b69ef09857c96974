import { strict as assert } from "node:assert";
import { addMonthsIso, daysBetween, isIsoDate, parsePlanDate, todayIn } from "../../src/domain/dates";

describe("plan dates", () => {
  const cases: [string, "start" | "end", string | undefined][] = [
    ["April 2024", "end", "2024-04-30"],
    ["February 2024", "end", "2024-02-29"],
    ["February 2023", "end", "2023-02-28"],
    ["December 2023", "end", "2023-12-31"],
    ["May 2023", "start", "2023-05-01"],
    ["Sept 2023", "end", "2023-09-30"],
    ["Sep 2023", "end", "2023-09-30"],
    ["Septembr 2023", "end", undefined],
    ["2023-11-01", "end", "2023-11-01"],
    ["21/3/23", "end", "2023-03-21"],
    ["23/4/2023", "end", "2023-04-23"],
    ["1st December 2022", "end", "2022-12-01"],
    ["2023-02-30", "end", undefined],
    ["", "end", undefined],
  ];
  for (const [text, means, expected] of cases) {
    it(`"${text}" (${means}) → ${expected ?? "not a date"}`, () => assert.equal(parsePlanDate(text, means), expected));
  }

  it("counts calendar days across month and year ends", () => {
    assert.equal(daysBetween("2023-10-31", "2023-11-01"), 1);
    assert.equal(daysBetween("2023-12-31", "2024-01-01"), 1);
    assert.equal(daysBetween("2024-02-28", "2024-03-01"), 2);
  });

  it("adds months clamping to the month's end", () => {
    assert.equal(addMonthsIso("2023-08-31", 6), "2024-02-29");
    assert.equal(addMonthsIso("2023-05-01", 12), "2024-05-01");
  });

  it("knows a real ISO date", () => {
    assert.ok(isIsoDate("2024-02-29"));
    assert.ok(!isIsoDate("2023-02-29"));
    assert.ok(!isIsoDate("1/11/2023"));
  });

  it("turns the day at midnight in the plan's time zone", () => {
    // 23:30 UTC on 31 July is already 1 August in London (BST, UTC+1).
    assert.equal(todayIn("Europe/London", new Date("2023-07-31T23:30:00Z")), "2023-08-01");
    assert.equal(todayIn("Europe/London", new Date("2023-12-31T23:30:00Z")), "2023-12-31");
  });
});

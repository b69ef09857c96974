import { strict as assert } from "node:assert";
import { addWorkingDays, isBankHoliday, isWorkingDay, isWorkingTime, parseWorkingHours } from "../../src/domain/workingDays";

describe("working days (England and Wales)", () => {
  const days: [string, boolean, string][] = [
    ["2023-11-01", true, "a Wednesday"],
    ["2023-11-04", false, "a Saturday"],
    ["2023-11-05", false, "a Sunday"],
    ["2023-12-25", false, "Christmas Day"],
    ["2023-12-26", false, "Boxing Day"],
    ["2023-05-08", false, "the Coronation bank holiday"],
    ["2023-08-28", false, "the summer bank holiday"],
    ["2024-01-01", false, "New Year's Day"],
    ["2022-01-03", false, "a substitute day (New Year's Day fell on a Saturday)"],
    ["2024-03-29", false, "Good Friday 2024"],
  ];
  for (const [date, working, what] of days) {
    it(`${date}, ${what}, is ${working ? "" : "not "}a working day`, () => assert.equal(isWorkingDay(date), working));
  }

  it("knows bank holidays across years", () => {
    assert.ok(isBankHoliday("2025-05-26"));
    assert.ok(!isBankHoliday("2025-05-27"));
  });

  it("counts working days past weekends, month ends, year ends and bank holidays", () => {
    assert.equal(addWorkingDays("2023-11-03", 1), "2023-11-06");
    assert.equal(addWorkingDays("2023-12-22", 1), "2023-12-27");
    assert.equal(addWorkingDays("2023-12-29", 1), "2024-01-02");
    assert.equal(addWorkingDays("2023-08-29", -1), "2023-08-25", "the Monday before is a bank holiday");
    assert.equal(addWorkingDays("2023-11-30", 3), "2023-12-05");
  });

  const times: [string, boolean, string][] = [
    ["2023-11-01T10:00:00Z", true, "10:00 on a Wednesday in November (GMT)"],
    ["2023-11-01T03:00:00Z", false, "3 a.m."],
    ["2023-11-05T10:00:00Z", false, "a Sunday"],
    ["2023-07-03T16:30:00Z", false, "17:30 in summer time (BST)"],
    ["2023-07-03T07:30:00Z", false, "08:30 BST, before 09:00"],
    ["2023-07-03T08:00:00Z", true, "09:00 BST"],
    ["2023-12-25T10:00:00Z", false, "Christmas Day"],
  ];
  for (const [instant, working, what] of times) {
    it(`${what} is ${working ? "" : "not "}working time`, () => assert.equal(isWorkingTime(new Date(instant), "Europe/London", parseWorkingHours("09:00-17:00")!), working));
  }

  it("reads working hours", () => {
    assert.deepEqual(parseWorkingHours("08:30-16:00"), { start: 510, end: 960 });
    assert.equal(parseWorkingHours("17:00-09:00"), undefined);
    assert.equal(parseWorkingHours("nine to five"), undefined);
  });
});

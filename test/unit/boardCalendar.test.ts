import { strict as assert } from "node:assert";
import { digestThisCycle, dueDigest, latestReminderDate, meetingMonths, meetingsBetween, nextDigestDate, nextMeeting } from "../../src/domain/boardCalendar";
import { meetingInMonth, parseMeetingRule } from "../../src/domain/meetingRule";
import { boardSchema, type Board } from "../../src/domain/plan";

const plan = { startDate: "2023-05-01" };
const board = (fields: Record<string, unknown>): Board => boardSchema.parse({ id: "b", name: "Board", cadence: "monthly", ...fields });

describe("meeting rules", () => {
  const rules: [string, ReturnType<typeof parseMeetingRule>][] = [
    ["second Tuesday of the month", { ordinal: 2, weekday: 2 }],
    ["Last Thursday", { ordinal: -1, weekday: 4 }],
    ["1st mon of each month", { ordinal: 1, weekday: 1 }],
    ["fourth Friday", { ordinal: 4, weekday: 5 }],
    ["fifth Tuesday", undefined],
    ["second Tuesdayish", undefined],
    ["every Tuesday", undefined],
  ];
  for (const [text, rule] of rules) it(`"${text}"`, () => assert.deepEqual(parseMeetingRule(text), rule));

  const dates: [string, number, number, string][] = [
    ["second Tuesday", 2023, 11, "2023-11-14"],
    ["first Monday", 2024, 1, "2024-01-01"], // a bank holiday: the rule gives it; the digest date steps round it
    ["last Friday", 2024, 2, "2024-02-23"],
    ["last Thursday", 2023, 11, "2023-11-30"],
    ["first Wednesday", 2023, 11, "2023-11-01"],
    ["fourth Monday", 2023, 12, "2023-12-25"],
  ];
  for (const [rule, year, month, date] of dates) it(`${rule} of ${year}-${month} is ${date}`, () => assert.equal(meetingInMonth(parseMeetingRule(rule)!, year, month), date));

  it("a bad rule is an import error at its place", () => {
    const result = boardSchema.safeParse({ id: "b", name: "B", cadence: "monthly", meetingRule: "most Tuesdays" });
    assert.ok(!result.success);
    assert.deepEqual(result.error.issues[0]!.path, ["meetingRule"]);
    assert.match(result.error.issues[0]!.message, /"most Tuesdays" is not a meeting rule/);
  });
});

describe("board calendar", () => {
  it("quarterly and six-monthly boards meet in months counted from the plan's start, unless given", () => {
    assert.deepEqual(meetingMonths(board({ cadence: "quarterly" }), plan), [2, 5, 8, 11]);
    assert.deepEqual(meetingMonths(board({ cadence: "six-monthly" }), plan), [5, 11]);
    assert.deepEqual(meetingMonths(board({ cadence: "quarterly", meetingMonths: [12, 3, 6, 9] }), plan), [3, 6, 9, 12]);
  });

  it("rule and explicit dates together, in order", () => {
    assert.deepEqual(meetingsBetween(board({ meetingRule: "second Tuesday", meetingDates: ["2023-11-20"] }), plan, "2023-10-01", "2024-01-01"), ["2023-10-10", "2023-11-14", "2023-11-20", "2023-12-12"]);
  });

  const cases: { name: string; fields: Record<string, unknown>; asOf: string; meeting?: string; digestOn?: string; due: boolean }[] = [
    { name: "five working days before a Tuesday meeting is the Tuesday before", fields: { meetingRule: "second Tuesday" }, asOf: "2023-11-01", meeting: "2023-11-14", digestOn: "2023-11-07", due: false },
    { name: "on the digest day it is due", fields: { meetingRule: "second Tuesday" }, asOf: "2023-11-07", meeting: "2023-11-14", digestOn: "2023-11-07", due: true },
    { name: "missed while down: still due until the meeting", fields: { meetingRule: "second Tuesday" }, asOf: "2023-11-13", meeting: "2023-11-14", digestOn: "2023-11-07", due: true },
    { name: "on the meeting day, the next meeting is the one ahead", fields: { meetingRule: "second Tuesday" }, asOf: "2023-11-14", meeting: "2023-12-12", digestOn: "2023-12-05", due: false },
    // Monday 8 Jan 2024: five working days back skips the weekend and New Year's Day.
    { name: "a Monday meeting after a bank holiday", fields: { meetingRule: "second Monday" }, asOf: "2023-12-20", meeting: "2024-01-08", digestOn: "2023-12-29", due: false },
    // Tuesday 2 Jan 2024: back over New Year's Day, the weekend, and Christmas.
    { name: "across the year end and Christmas", fields: { meetingDates: ["2024-01-02"], cadence: undefined }, asOf: "2023-12-20", meeting: "2024-01-02", digestOn: "2023-12-21", due: false },
    { name: "a month end: last Thursday", fields: { meetingRule: "last Thursday", digestLeadDays: 3 }, asOf: "2023-11-27", meeting: "2023-11-30", digestOn: "2023-11-27", due: true },
    { name: "lead time of zero: the meeting day itself is not 'ahead'", fields: { meetingRule: "second Tuesday", digestLeadDays: 0 }, asOf: "2023-11-14", meeting: "2023-12-12", digestOn: "2023-12-12", due: false },
    { name: "a board with only a cadence has no known meetings", fields: {}, asOf: "2023-11-01", due: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = board(c.fields);
      const next = nextMeeting(b, plan, c.asOf);
      assert.equal(next?.meeting, c.meeting);
      assert.equal(next?.digestOn, c.digestOn);
      assert.equal(dueDigest(b, plan, c.asOf) !== undefined, c.due);
    });
  }

  it("the next digest of any board, today when one is due", () => {
    const boards = [board({ id: "a", meetingRule: "second Tuesday" }), board({ id: "b", meetingRule: "last Thursday" })];
    assert.equal(nextDigestDate({ ...plan, boards }, "2023-11-01"), "2023-11-07");
    assert.equal(nextDigestDate({ ...plan, boards }, "2023-11-09"), "2023-11-09", "a's digest (7 Nov) is still due before its meeting on the 14th");
    assert.equal(nextDigestDate({ ...plan, boards }, "2023-11-15"), "2023-11-23");
    assert.equal(nextDigestDate({ ...plan, boards: [board({})] }, "2023-11-13"), undefined);
  });

  it("Remind me goes no later than the next digest still to be posted; a month when none is known", () => {
    const boards = [board({ id: "a", meetingRule: "second Tuesday" })];
    assert.deepEqual(latestReminderDate({ ...plan, boards }, "2023-11-01"), { date: "2023-11-07", why: "next-digest" });
    assert.deepEqual(latestReminderDate({ ...plan, boards }, "2023-11-08"), { date: "2023-12-05", why: "next-digest" }, "November's went out yesterday");
    assert.deepEqual(latestReminderDate({ ...plan, boards: [board({})] }, "2023-11-08"), { date: "2023-12-09", why: "no-digest" });
  });

  it("a cycle asks about milestones due before the next digest only when that digest is in the cycle's month", () => {
    const boards = [board({ id: "a", meetingRule: "second Tuesday" })];
    assert.equal(digestThisCycle({ ...plan, boards }, "2023-11-01"), "2023-11-07");
    assert.equal(digestThisCycle({ ...plan, boards: [board({ meetingDates: ["2024-01-04"], cadence: undefined })] }, "2023-11-01"), undefined, "December's digest is December's cycle's business");
  });
});

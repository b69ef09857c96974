import { strict as assert } from "node:assert";
import { promptStates } from "../../src/domain/promptState";

describe("prompt state in words", () => {
  const updated: Record<string, string> = { m2: "2023-11-03T10:00:00Z", m3: "2023-10-20T10:00:00Z" };
  const states = promptStates(
    [
      { state: "sent", milestoneIds: ["m1", "m2", "m3"], sentAt: "2023-11-01T10:00:00Z" },
      { state: "unreachable", milestoneIds: ["m4"], reason: "not linked to a Teams user" },
      { state: "failed", milestoneIds: ["m5"], reason: "Teams answered 500" },
      { state: "pending", milestoneIds: ["m6"] },
      { state: "unreachable", milestoneIds: ["m1"], reason: "a role, not a Teams user" },
      { state: "sent", milestoneIds: ["m7"], sentAt: "2026-11-20T10:00:00Z", askedOn: "2023-11-01", reminder: { state: "sent", on: "2023-11-06" }, escalation: { state: "sent", on: "2023-11-09" } },
      { state: "sent", milestoneIds: ["m8"], sentAt: "2023-11-01T10:00:00Z", reminder: { state: "pending", on: "2023-11-06" } },
      { state: "sent", milestoneIds: ["m9"], sentAt: "2023-11-01T10:00:00Z", reminder: { state: "unreachable", on: "2023-11-06" } },
    ],
    (id) => updated[id],
  );
  const cases: [string, string][] = [
    ["m1", "asked 1 Nov 2023, no reply; unreachable: a role, not a Teams user"],
    ["m2", "asked 1 Nov 2023, answered"],
    ["m3", "asked 1 Nov 2023, no reply"],
    ["m4", "unreachable: not linked to a Teams user"],
    ["m5", "not delivered: Teams answered 500, will try again"],
    ["m6", "being asked"],
    ["m7", "asked 1 Nov 2023, reminded 6 Nov 2023, lead told 9 Nov 2023, no reply"],
    ["m8", "asked 1 Nov 2023, no reply"],
    ["m9", "asked 1 Nov 2023, reminder not delivered, no reply"],
  ];
  for (const [id, text] of cases) it(`${id}: ${text}`, () => assert.equal(states.get(id), text));
});

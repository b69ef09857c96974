import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { refuse } from "../../src/bot/access";
import { planSchema } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";

const view = viewOfPlan(planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8"))));
const access = { who: "milestoneOwner", slot: "milestoneId", to: "update it" } as const;
const textOf = (reply: ReturnType<typeof refuse>): string => JSON.stringify(reply ?? "go ahead");

describe("access: a milestone owner's command", () => {
  const cases: [string, string, { personId?: string; isAdmin: boolean }, RegExp][] = [
    ["an admin, a milestone the plan has", "1.2.2", { isAdmin: true }, /go ahead/],
    ["an admin, a milestone the plan does not have", "9.9.9", { isAdmin: true }, /There is no milestone 9\.9\.9/],
    ["someone else, a milestone the plan does not have", "9.9.9", { personId: "nobody", isAdmin: false }, /There is no milestone 9\.9\.9/],
    ["someone else, a milestone the plan has", "1.2.2", { personId: "nobody", isAdmin: false }, /Only the owner of milestone 1\.2\.2/],
  ];
  for (const [name, milestoneId, asker, expected] of cases) {
    it(name, () => assert.match(textOf(refuse(access, { milestoneId }, view, asker)), expected));
  }
});

import { strict as assert } from "node:assert";
import { gonePeople, type PromptOutcome, type TeamMembership } from "../../src/domain/gonePeople";

const sent = (cycle: string, day = "05"): PromptOutcome => ({ personId: "p", cycle, outcome: "sent", at: `${cycle}-${day}T09:00:00Z` });
const refused = (cycle: string, day = "05"): PromptOutcome => ({ personId: "p", cycle, outcome: "refused", at: `${cycle}-${day}T09:00:00Z` });
const other = (cycle: string): PromptOutcome => ({ personId: "p", cycle, outcome: "other", at: `${cycle}-05T09:00:00Z` });
const removed = (teamId: string, at: string): TeamMembership => ({ teamId, state: "removed", at });
const added = (teamId: string, at: string): TeamMembership => ({ teamId, state: "in", at });

describe("who has gone (issue 22)", () => {
  const cases: { name: string; prompts: PromptOutcome[]; teams?: TeamMembership[]; installed?: string[]; gone: RegExp | undefined }[] = [
    { name: "nothing known", prompts: [], gone: undefined },
    { name: "one refusal", prompts: [refused("2023-11")], gone: undefined },
    { name: "two refusals in two cycles running", prompts: [refused("2023-10"), refused("2023-11")], gone: /2023-10 and 2023-11/ },
    { name: "refused, then sent", prompts: [refused("2023-10"), sent("2023-11")], gone: undefined },
    { name: "sent, then one refusal", prompts: [refused("2023-09"), sent("2023-10"), refused("2023-11")], gone: undefined },
    { name: "a cycle without a prompt to them is passed over", prompts: [refused("2023-09"), refused("2023-11")], gone: /2023-09 and 2023-11/ },
    { name: "a failure of another kind tells nothing", prompts: [refused("2023-09"), other("2023-10"), refused("2023-11")], gone: /2023-09 and 2023-11/ },
    { name: "two records in one cycle are one cycle", prompts: [refused("2023-11"), { ...refused("2023-11"), at: "2023-11-06T09:00:00Z" }], gone: undefined },
    { name: "a message in a cycle that was also refused counts as sent", prompts: [refused("2023-10"), refused("2023-11"), sent("2023-11")], gone: undefined },
    { name: "refused twice, then added to a team", prompts: [refused("2023-10"), refused("2023-11")], teams: [added("t1", "2023-11-20T00:00:00Z")], installed: ["t1"], gone: undefined },
    { name: "refused twice, added to a team before the refusals", prompts: [refused("2023-10"), refused("2023-11")], teams: [added("t1", "2023-09-20T00:00:00Z")], installed: ["t1"], gone: /2023-10 and 2023-11/ },
    { name: "removed from the one installed team", prompts: [], teams: [removed("t1", "2023-11-02T00:00:00Z")], installed: ["t1"], gone: /removed from the team/ },
    { name: "removed from one of two installed teams", prompts: [], teams: [removed("t1", "2023-11-02T00:00:00Z")], installed: ["t1", "t2"], gone: undefined },
    { name: "removed from both installed teams", prompts: [], teams: [removed("t1", "2023-11-02T00:00:00Z"), removed("t2", "2023-11-03T00:00:00Z")], installed: ["t1", "t2"], gone: /all 2 teams/ },
    { name: "removed from a team the bot has left, and still in the installed one", prompts: [], teams: [removed("t0", "2023-11-02T00:00:00Z"), added("t1", "2023-10-02T00:00:00Z")], installed: ["t1"], gone: undefined },
    { name: "removed, but the bot is in no team", prompts: [], teams: [removed("t1", "2023-11-02T00:00:00Z")], installed: [], gone: undefined },
    { name: "removed, then added again", prompts: [], teams: [added("t1", "2023-11-04T00:00:00Z")], installed: ["t1"], gone: undefined },
    { name: "removed, then a prompt was sent", prompts: [sent("2023-12")], teams: [removed("t1", "2023-11-02T00:00:00Z")], installed: ["t1"], gone: undefined },
    { name: "a prompt sent before the removal does not bring them back", prompts: [sent("2023-10")], teams: [removed("t1", "2023-11-02T00:00:00Z")], installed: ["t1"], gone: /removed from the team/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const gone = gonePeople(["p", "q"], { prompts: c.prompts, memberships: new Map(c.teams ? [["p", c.teams]] : []), installedTeams: c.installed ?? [] });
      assert.equal(gone.has("q"), false, "only the person the facts are about");
      if (c.gone === undefined) assert.equal(gone.get("p"), undefined);
      else assert.match(gone.get("p") ?? "(not gone)", c.gone);
    });
  }

  it("only a person's own prompts count", () => {
    const gone = gonePeople(["p", "q"], { prompts: [refused("2023-10"), { ...refused("2023-11"), personId: "q" }], memberships: new Map(), installedTeams: [] });
    assert.equal(gone.size, 0);
  });
});

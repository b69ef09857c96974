import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { allMilestones, planSchema } from "../../src/domain/plan";
import { readPlanJson } from "../../src/import/readPlanJson";
import { PlanTrackerError } from "../../src/errors";
import { SEED_002_ACTIONS } from "../fixtures/seed002Actions";
import { SAMPLE_PLAN } from "../support/paths";
import { sampleJson } from "../support/testApp";

const problemsOf = (json: unknown): string[] => {
  try {
    readPlanJson(JSON.stringify(json), "plan.json");
  } catch (error) {
    if (error instanceof PlanTrackerError) return [...error.problems];
    throw error;
  }
  assert.fail("the plan was accepted");
};

describe("the sample plan (data/somerset-app.json)", () => {
  const plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
  const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  /** The plan file as written: its due dates are the printed month names, before parsing. */
  const written = JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")) as { actions: { id: string; due: string; milestones: { id: string; start?: string; due?: string; ongoing?: boolean }[] }[] };
  const writtenMilestone = (id: string) => written.actions.flatMap((a) => a.milestones).find((m) => m.id === id)!;
  /** A milestone's "By when" as seed 002 prints it: "July 2023", "May 2023 to March 2024", "From May 2023". */
  const byWhen = (m: { start?: string; due?: string; ongoing?: boolean }) => (m.ongoing ? `From ${m.start}` : m.start ? `${m.start} to ${m.due}` : m.due);
  /** A person's name, and any other spelling the plan records that the seed printed ("Also printed as 'Tim Cockrell'"). */
  const spellings = (personId: string) => {
    const person = plan.people.find((p) => p.id === personId)!;
    return [person.name, ...[...(person.sourceNote ?? "").matchAll(/'([^']+)'/g)].map((m) => m[1]!)];
  };
  const printedAs = (personIds: string[], printed: string[]) =>
    personIds.length === printed.length && personIds.every((id, i) => spellings(id).includes(printed[i]!));

  it("has seed 002's actions and milestones, in its order, with their titles and due dates", () => {
    assert.deepEqual(plan.actions.map((a) => [a.id, a.milestones.map((m) => m.id)]), SEED_002_ACTIONS.map((a) => [a.id, a.milestones.map((m) => m.id)]));
    for (const printed of SEED_002_ACTIONS) {
      const action = plan.actions.find((a) => a.id === printed.id)!;
      assert.ok(normalise(action.title).startsWith(normalise(printed.title)), `action ${action.id}: "${action.title}" does not start "${printed.title}"`);
      assert.equal(written.actions.find((a) => a.id === printed.id)!.due, printed.due, `action ${action.id}'s due month`);
      for (const printedMilestone of printed.milestones) {
        const milestone = action.milestones.find((m) => m.id === printedMilestone.id)!;
        assert.ok(normalise(milestone.title).startsWith(normalise(printedMilestone.title)), `milestone ${milestone.id}: "${milestone.title}" does not start "${printedMilestone.title}"`);
        assert.equal(byWhen(writtenMilestone(milestone.id)), printedMilestone.due, `milestone ${milestone.id}'s due date`);
      }
    }
  });

  it("names every lead and owner as seed 002 prints them; a milestone printed without an owner goes to its action's lead", () => {
    for (const printed of SEED_002_ACTIONS) {
      const action = plan.actions.find((a) => a.id === printed.id)!;
      assert.ok(printedAs([action.lead], [printed.lead]), `action ${action.id}: lead ${action.lead} is printed as "${printed.lead}"`);
      for (const printedMilestone of printed.milestones) {
        const owners = action.milestones.find((m) => m.id === printedMilestone.id)!.owners;
        if (printedMilestone.owners.length === 0) assert.deepEqual(owners, [action.lead], `milestone ${printedMilestone.id}`);
        else assert.ok(printedAs(owners, printedMilestone.owners), `milestone ${printedMilestone.id}: ${owners.join(", ")} are printed as "${printedMilestone.owners.join(", ")}"`);
      }
    }
  });

  it("keeps 1.4's milestones and lead untangled from 1.3 and 1.5", () => {
    const action = (id: string) => plan.actions.find((a) => a.id === id)!;
    assert.equal(action("1.4").lead, "will-barnwell");
    assert.equal(action("1.4").milestones.length, 6);
    assert.ok(action("1.4").milestones.every((m) => m.owners.join() === "will-barnwell"));
    assert.deepEqual(action("1.3").milestones.map((m) => m.owners.join()), ["rose-firth", "dave-smith", "dave-smith", "patrick-worthington"]);
    assert.equal(action("1.5").lead, "jane-sprague");
    assert.equal(action("1.5").milestones.length, 3);
  });

  it("reads ranges and ongoing work: 2.2.3 runs May 2023 to March 2024, 2.2.4 is ongoing from May 2023", () => {
    const m = (id: string) => allMilestones(plan).find((x) => x.milestone.id === id)!.milestone;
    assert.deepEqual([m("2.2.3").start, m("2.2.3").due], ["2023-05-01", "2024-03-31"]);
    assert.deepEqual([m("2.2.4").start, m("2.2.4").due, m("2.2.4").ongoing], ["2023-05-01", undefined, true]);
  });

  it("carries the intended values of the seed's impossible targets, quoting what it printed", () => {
    assert.deepEqual(plan.kpis[0]!.targets?.m12, { value: 90, sourceNote: plan.kpis[0]!.targets?.m12?.sourceNote });
    assert.match(plan.kpis[0]!.targets!.m12!.sourceNote!, /900%/);
    assert.match(plan.kpis[1]!.targets!.m12!.sourceNote!, /19%/);
  });
});

describe("plan validation", () => {
  it("rejects KPI 1's printed 900% with its location", () => {
    const json = sampleJson();
    (json.kpis[0] as { targets: { m12: { value: number } } }).targets.m12 = { value: 900 };
    assert.deepEqual(problemsOf(json), ["kpis[0].targets.m12: 900% is above 100%"]);
  });

  it("reports every problem at once", () => {
    const json = sampleJson();
    json.actions[3]!.milestones[0]!.owners = ["nobody"];
    json.actions[0]!.milestones[1]!.due = "Septembr 2023";
    json.actions[1]!.milestones[0]!.status = "purple";
    json.actions[2]!.milestones[0]!.id = "1.1.1";
    (json as Record<string, unknown>).colour = "blue";
    const problems = problemsOf(json);
    assert.deepEqual(problems.sort(), [
      'actions[0].milestones[1].due: "Septembr 2023" is not a date',
      'actions[1].milestones[0].status: "purple" is not a status (use blue, green, amber, red or unrated)',
      'actions[2].milestones[0].id: milestone "1.1.1" is already defined at actions[0].milestones[0]',
      'actions[3].milestones[0].owners[0]: "nobody" is not a person in the plan\'s people',
      '(file): Unrecognized key: "colour"',
    ].sort());
  });

  it("requires a due date unless a milestone is ongoing, and a start no later than the due date", () => {
    const json = sampleJson();
    delete json.actions[0]!.milestones[0]!.due;
    json.actions[0]!.milestones[1]!.start = "December 2023";
    assert.deepEqual(problemsOf(json).sort(), [
      "actions[0].milestones[0].due: a due date is required unless the milestone is ongoing",
      "actions[0].milestones[1].start: starts (2023-12-01) after it is due (2023-10-31)",
    ]);
  });

  it("reports the line and column of a JSON syntax error", () => {
    assert.throws(() => readPlanJson('{\n  "id": "x",\n  oops\n}', "plan.json"), (error: PlanTrackerError) => {
      assert.equal(error.code, "invalid-input");
      assert.match(error.problems[0]!, /^line 3, column 3: /);
      return true;
    });
  });
});

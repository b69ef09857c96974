import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { planSchema, type Plan } from "../../src/domain/plan";
import { PlanTrackerError } from "../../src/errors";
import { readMilestoneCsv } from "../../src/import/readMilestoneCsv";
import { PROJECT_ROOT, SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const sampleCsv = () => readFileSync(resolve(PROJECT_ROOT, "data", "somerset-milestones.csv"), "utf8");
const HEADER = "Action,Milestone ID,Title,Owner,Start,Due,Status";

function problemsOf(csv: string, plan = sample()): string[] {
  try {
    readMilestoneCsv(csv, "plan.csv", plan);
  } catch (error) {
    if (error instanceof PlanTrackerError) return [...error.problems];
    throw error;
  }
  assert.fail("the CSV was accepted");
}

describe("CSV of milestones", () => {
  it("reads the sample spreadsheet into the same milestones as the JSON plan", () => {
    const plan = sample();
    const fromCsv = readMilestoneCsv(sampleCsv(), "somerset-milestones.csv", plan);
    assert.deepEqual(fromCsv.actions, plan.actions);
  });

  it("accepts owners by name with & between them, forgiving hyphens and case", () => {
    const csv = `${HEADER}\n1.1,1.1.1,Title,claire merchant jones & Fiona Turnbull,,July 2023,green\n`;
    const plan = readMilestoneCsv(csv, "plan.csv", sample());
    assert.deepEqual(plan.actions[0]!.milestones[0]!.owners, ["claire-merchant-jones", "fiona-turnbull"]);
    assert.equal(plan.actions[1]!.milestones.length, 0);
  });

  it("a checkpoints column sets each milestone's checkpoints; a rule it cannot read is refused with its row", () => {
    const plan = readMilestoneCsv(sampleCsv(), "somerset-milestones.csv", sample());
    const milestones = plan.actions.flatMap((a) => a.milestones);
    assert.deepEqual(milestones.filter((m) => m.checkpoints).map((m) => [m.id, m.checkpoints]), [["1.1.5", "at 6, 9 and 12 months from start"], ["2.4.4", "every 2 weeks"]]);
    const bad = `${HEADER},Checkpoints\n1.1,1.1.1,Title,Fiona Turnbull,,July 2023,green,every so often\n`;
    assert.deepEqual(problemsOf(bad), ['row 2: checkpoints "every so often" is not dates or a rule such as "every 2 weeks", "at 6, 9 and 12 months from start" or "six-monthly"']);
  });

  it("reports every bad row with its spreadsheet row number, and reads nothing", () => {
    const csv = [
      HEADER,
      "1.1,1.1.1,Fine,Fiona Turnbull,,July 2023,Blue",
      "1.1,1.1.2,Bad due,Fiona Turnbull,,Septembr 2023,Green",
      "9.9,9.9.1,Unknown action,Fiona Turnbull,,July 2023,",
      "1.1,1.1.1,Duplicate id,Fiona Turnbull,,July 2023,",
      "1.2,1.2.1,Unknown owner,Fiona Turnbul,,July 2023,Purple",
      "1.2,1.2.2,Backwards,Gemma Reeves,December 2023,July 2023,",
    ].join("\n");
    assert.deepEqual(problemsOf(csv), [
      'row 3: due "Septembr 2023" is not a date',
      'row 4: action "9.9" is not an action of plan somerset-app',
      'row 5: milestone id "1.1.1" is already used in row 2',
      'row 6: owner "Fiona Turnbul" is not a person in plan somerset-app',
      'row 6: status "Purple" is not a status (use Blue, Green, Amber, Red or leave it empty)',
      'row 7: start "December 2023" is after due "July 2023"',
    ]);
  });

  it("names missing columns", () => {
    assert.deepEqual(problemsOf("Action,Title,Due\n1.1,x,July 2023\n"), [
      'row 1: no "milestone id" column (expected columns: action, milestone id, title, owner, start, due, status)',
      'row 1: no "owner" column (expected columns: action, milestone id, title, owner, start, due, status)',
    ]);
  });

  it("reports malformed CSV with its line", () => {
    const problems = problemsOf(`${HEADER}\n1.1,1.1.1,"unclosed,Fiona Turnbull,,July 2023,Blue\n`);
    assert.match(problems[0]!, /^line \d+: /);
  });
});

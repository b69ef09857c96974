import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { expandCard } from "../../src/cards/cards";
import { digestCard } from "../../src/cards/digestCard";
import { dataToComplete } from "../../src/domain/dataToComplete";
import { buildDigest } from "../../src/domain/digest";
import { externalReviews, recommendationState } from "../../src/domain/externalReviews";
import { checkDeescalation, checkEscalation, checkIssue, checkIssueChange, issueState, mayActOn, mayRaiseIssue, nextIssueId } from "../../src/domain/issuesLog";
import { describeBaseline, findKpi, kpiStatus } from "../../src/domain/kpis";
import { planSchema, type Plan } from "../../src/domain/plan";
import { NO_RECORDS, type BoardEscalationRecord, type IssueRecord, type PlanRecords } from "../../src/domain/records";
import { summariseAction } from "../../src/domain/summaries";
import { findAction, viewOfPlan } from "../../src/domain/view";
import { renderDigestText } from "../../src/cli/text/digest";
import { cardProblems } from "../support/cardCheck";
import { SAMPLE_PLAN } from "../support/paths";

const sample: Plan = planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const AS_OF = "2024-01-15";
const stamp = { at: "2024-01-10T10:00:00.000Z", by: "aad-claire", byName: "Claire Merchant-Jones", source: "teams", version: 1 };
const board = (id: string) => sample.boards.find((b) => b.id === id)!;
const R3_UP: BoardEscalationRecord = { ...stamp, subject: "risk", subjectId: "R3", fromBoard: "send-partnership-board", toBoard: "children-and-families-board", reason: "Recruitment gaps need ICS support", escalatedOn: "2024-01-10", active: true };
const I1: IssueRecord = { ...stamp, id: "I1", title: "Area plans not agreed in two areas", owner: "julia-ridge", actions: ["2.3"], raised: "2024-01-05", impact: "Delays inclusive practice", state: "open" };
const view = (records: PlanRecords = NO_RECORDS) => ({ ...viewOfPlan(sample), records });
const digestOf = (boardId: string, records: PlanRecords = NO_RECORDS) => buildDigest({ view: view(records), board: board(boardId), asOf: AS_OF });

describe("the issues log and board escalation (rules)", () => {
  const claire = { personId: "claire-merchant-jones", isAdmin: false };
  const julia = { personId: "julia-ridge", isAdmin: false };
  const will = { personId: "will-barnwell", isAdmin: false };

  it("raises an issue with the next id, owned by the one raising it unless named", () => {
    const records = { ...NO_RECORDS, issues: [I1] };
    assert.equal(nextIssueId(records), "I2");
    assert.deepEqual(checkIssue(sample, records, { title: " Staff absence ", actions: ["2.3"] }, julia, AS_OF), { ok: true, value: { id: "I2", title: "Staff absence", owner: "julia-ridge", actions: ["2.3"], raised: AS_OF, impact: "", state: "open" } });
  });

  const badIssues: [string, Parameters<typeof checkIssue>[2], string][] = [
    ["no title", { title: "  ", actions: ["2.3"] }, "title"],
    ["no action", { title: "x", actions: [] }, "actions"],
    ["an unknown action", { title: "x", actions: ["9.9"] }, "actions"],
    ["an unknown owner", { title: "x", actions: ["2.3"], owner: "nobody" }, "owner"],
    ["a title too long", { title: "x".repeat(2001), actions: ["2.3"] }, "title"],
  ];
  for (const [what, input, field] of badIssues) {
    it(`refuses an issue with ${what}`, () => {
      const checked = checkIssue(sample, NO_RECORDS, input, julia, AS_OF);
      assert.ok(!checked.ok && checked.problems.some((p) => p.field === field));
    });
  }

  it("closes an issue once, with the date; a closed issue cannot be escalated", () => {
    const closed = checkIssueChange(sample, I1, { close: { note: "agreed" } }, AS_OF);
    assert.ok(closed.ok && closed.value.state === "closed" && closed.value.closedOn === AS_OF && closed.value.closeNote === "agreed");
    const again = checkIssueChange(sample, { ...I1, state: "closed" }, { close: {} }, AS_OF);
    assert.equal(again.ok, false);
    const escalated = checkEscalation(sample, { ...NO_RECORDS, issues: [{ ...I1, state: "closed" }] }, { subject: "I1", toBoard: "children-and-families-board", reason: "x" }, AS_OF);
    assert.ok(!escalated.ok && /closed/.test(escalated.problems[0]!.message));
  });

  it("escalates a risk from the board that reports to the named one (reportsTo), and an issue likewise", () => {
    assert.deepEqual(checkEscalation(sample, NO_RECORDS, { subject: "r3", toBoard: "the Children and Families Board", reason: "Recruitment gaps need ICS support" }, "2024-01-10"), { ok: true, value: { subject: "risk", subjectId: "R3", fromBoard: "send-partnership-board", toBoard: "children-and-families-board", reason: "Recruitment gaps need ICS support", escalatedOn: "2024-01-10", active: true } });
    const issue = checkEscalation(sample, { ...NO_RECORDS, issues: [I1] }, { subject: "i1", toBoard: "children-and-families-board", reason: "x" }, AS_OF);
    assert.ok(issue.ok && issue.value.subject === "issue" && issue.value.subjectId === "I1");
  });

  const badEscalations: [string, PlanRecords, Parameters<typeof checkEscalation>[2], string | RegExp][] = [
    ["an unknown risk", NO_RECORDS, { subject: "R99", toBoard: "children-and-families-board", reason: "x" }, /not a risk of this plan or an issue/],
    ["an unknown board", NO_RECORDS, { subject: "R3", toBoard: "the moon", reason: "x" }, /no board "the moon"/],
    ["a board nothing reports to", NO_RECORDS, { subject: "R3", toBoard: "dfe-nhse-review", reason: "x" }, /no board reports to/],
    ["no reason", NO_RECORDS, { subject: "R3", toBoard: "children-and-families-board", reason: " " }, /why it is escalated is needed/],
    ["the board it is already at", { ...NO_RECORDS, boardEscalations: [R3_UP] }, { subject: "R3", toBoard: "children-and-families-board", reason: "x" }, /already escalated/],
  ];
  for (const [what, records, input, message] of badEscalations) {
    it(`refuses to escalate to ${what}`, () => {
      const checked = checkEscalation(sample, records, input, AS_OF);
      assert.ok(!checked.ok && checked.problems.some((p) => (typeof message === "string" ? p.message === message : message.test(p.message))), JSON.stringify(checked));
    });
  }

  it("de-escalates only what is escalated", () => {
    assert.equal(checkDeescalation(NO_RECORDS, "R3", undefined, AS_OF).ok, false);
    const down = checkDeescalation({ ...NO_RECORDS, boardEscalations: [R3_UP] }, "r3", "Recruitment plan agreed", AS_OF);
    assert.ok(down.ok && !down.value.active && down.value.deescalatedOn === AS_OF && down.value.deescalateNote === "Recruitment plan agreed");
  });

  it("an issue is shown escalated while its board escalation is active", () => {
    const up = { ...NO_RECORDS, issues: [I1], boardEscalations: [{ ...R3_UP, subject: "issue" as const, subjectId: "I1" }] };
    assert.equal(issueState(up, I1), "escalated");
    assert.equal(issueState({ ...up, boardEscalations: [{ ...up.boardEscalations[0]!, active: false }] }, I1), "open");
  });

  it("who may: a plan admin, the owner, or the lead of a linked action; nobody else, whatever their name", () => {
    const records = { ...NO_RECORDS, issues: [I1] };
    assert.ok(mayActOn(sample, records, "R3", claire), "the risk's owner");
    assert.ok(!mayActOn(sample, records, "R3", will));
    assert.ok(mayActOn(sample, records, "I1", julia), "the issue's owner and the lead of 2.3");
    assert.ok(!mayActOn(sample, records, "I1", claire));
    assert.ok(mayActOn(sample, records, "I1", { isAdmin: true }));
    assert.ok(!mayActOn(sample, records, "I1", { isAdmin: false }), "not linked");
    assert.ok(mayRaiseIssue(sample, ["2.3"], julia) && !mayRaiseIssue(sample, ["2.3"], will) && mayRaiseIssue(sample, ["2.3"], { isAdmin: true }));
  });
});

describe("governance in the sample at 2024-01-15", () => {
  it("action 2.3 (due December 2023, not complete) is flagged past its deadline; 1.5 (all Blue) is not", () => {
    const v = view();
    assert.equal(summariseAction(v, findAction(sample, "2.3")!, AS_OF).daysPastDeadline, 15);
    assert.equal(summariseAction(v, findAction(sample, "2.3")!, "2023-12-31").daysPastDeadline, null);
    assert.equal(summariseAction(v, findAction(sample, "1.5")!, AS_OF).daysPastDeadline, null);
    assert.deepEqual(digestOf("send-partnership-board").actionsPastDeadline.map((a) => a.id), ["2.1", "2.3"]);
  });

  it("the January 2024 DfE/NHS England review is listed with its recommendations linked to actions and their state", () => {
    const [review, ...rest] = externalReviews(view(), AS_OF);
    assert.equal(rest.length, 0);
    assert.deepEqual([review!.board.id, review!.date, review!.document?.date], ["dfe-nhse-review", "2024-01-04", "2024-01-22"]);
    assert.deepEqual(review!.recommendations.map((r) => [r.id, r.linked.map((l) => l.id), r.state]), [["ER1", ["1.1", "2.3", "2.4"], "at risk"], ["ER2", ["1.1", "1.1.4"], "in progress"]]);
    assert.ok(review!.recommendations.every((r) => r.sourceNote), "a source note records each judgement");
    assert.ok(review!.recommendations.every((r) => r.notInPlan.length === 0));
    const without114 = { ...sample, actions: sample.actions.map((a) => ({ ...a, milestones: a.milestones.filter((m) => m.id !== "1.1.4") })) };
    assert.deepEqual(externalReviews(viewOfPlan(planSchema.parse(without114)), AS_OF)[0]!.recommendations[1]!.notInPlan, ["1.1.4"], "a milestone dropped since is shown as such, not an error");
    assert.ok(review!.sourceNote && /no address/.test(review!.sourceNote));
    assert.deepEqual(externalReviews(view(), "2024-01-03"), [], "not before it was held");
    assert.deepEqual(digestOf("dfe-nhse-review").externalReviews.map((r) => r.title), [review!.title]);
    assert.deepEqual(digestOf("send-partnership-board").externalReviews, []);
  });

  it("a recommendation's state follows its linked work", () => {
    const l = (status: "blue" | "green" | "amber" | "red", overdue = false) => ({ kind: "action" as const, id: "x", title: "x", status, overdue });
    assert.deepEqual([recommendationState([]), recommendationState([l("blue"), l("blue")]), recommendationState([l("blue"), l("green")]), recommendationState([l("amber", true)]), recommendationState([l("red")])], ["not linked", "complete", "in progress", "at risk", "at risk"]);
  });

  it("an escalated risk appears once in the receiving board's digest and is recorded by the sending board's; de-escalated, it is gone", () => {
    const up = { ...NO_RECORDS, boardEscalations: [R3_UP] };
    const children = digestOf("children-and-families-board", up);
    assert.deepEqual(children.boardEscalations.received.map((e) => [e.subjectId, e.fromBoard.name, e.reason]), [["R3", "SEND Partnership Board", "Recruitment gaps need ICS support"]]);
    const text = renderDigestText(children);
    assert.equal(text.split("R3 Services are unable to recruit").length - 1, 1, "once");
    assert.match(text, /Escalated to this board \(1\)/);
    assert.deepEqual(digestOf("send-partnership-board", up).boardEscalations.sent.map((e) => e.subjectId), ["R3"]);
    assert.deepEqual(digestOf("send-partnership-board", up).boardEscalations.received, []);
    const down = { ...NO_RECORDS, boardEscalations: [{ ...R3_UP, active: false, deescalatedOn: AS_OF }] };
    assert.deepEqual(digestOf("children-and-families-board", down).boardEscalations, { received: [], sent: [] });
    assert.match(renderDigestText(digestOf("children-and-families-board", down)), /Nothing is escalated to this board\./);
  });

  it("the Partnership Board's digest has the lived-experience section: QI 2's latest finding, or, in place, that nothing was recorded", () => {
    const none = digestOf("send-partnership-board").livedExperience!;
    assert.deepEqual(none.qis.map((q) => [q.id, q.latest, q.recordedThisPeriod]), [["a1-qi2", null, false], ["a2-qi2", null, false]]);
    assert.match(renderDigestText(digestOf("send-partnership-board")), /Lived experience\n {2}QI 2 \(area 1\): nothing recorded for January 2024\./);
    const finding = { ...stamp, qiId: "a1-qi2", period: "2024-01", date: "2024-01-09", text: "Parents ask for earlier contact from caseworkers" };
    const withFinding = digestOf("send-partnership-board", { ...NO_RECORDS, findings: [finding] }).livedExperience!;
    assert.deepEqual(withFinding.qis[0]!.latest?.text, finding.text);
    assert.equal(withFinding.qis[0]!.recordedThisPeriod, true);
    assert.equal(digestOf("children-and-families-board").livedExperience, null, "only the board with that focus");
  });

  it("the digest card carries the new sections, validates, and fits", () => {
    const up = { ...NO_RECORDS, boardEscalations: [R3_UP] };
    for (const id of ["send-partnership-board", "children-and-families-board", "dfe-nhse-review"]) {
      const card = expandCard(digestCard(digestOf(id, up)));
      assert.deepEqual(cardProblems(card), [], id);
    }
    const json = JSON.stringify(expandCard(digestCard(digestOf("children-and-families-board", up))));
    assert.match(json, /Escalated to this board \(1\)/);
    assert.match(JSON.stringify(expandCard(digestCard(digestOf("send-partnership-board", up)))), /Lived experience/);
  });

  it("data to complete: KPIs 4, 9 and 12 have no target; the as-available QIs have no cadence; every milestone has an owner", () => {
    const todo = dataToComplete(sample);
    assert.deepEqual(todo.kpisWithoutTarget.map((k) => k.id), ["KPI 4", "KPI 9", "KPI 12"]);
    assert.deepEqual(todo.milestonesWithoutOwner, []);
    assert.deepEqual(todo.qisWithoutCadence.map((q) => q.id), ["a2-qi3", "a2-qi4"]);
  });

  it("the digest says how many statuses are still the plan file's (the sample's are illustrative), with the plan's source note", () => {
    const d = digestOf("send-partnership-board");
    assert.deepEqual([d.statusSource.fromPlanFile, d.statusSource.milestones], [47, 47]);
    assert.match(renderDigestText(d), /Source\n {2}47 of 47 milestone statuses are as the plan file gives them/);
    assert.match(JSON.stringify(expandCard(digestCard(d))), /47 of 47 milestone statuses are as the plan file gives them/);
  });

  it("the review board's cadence carries the quarterly/six-monthly conflict", () => {
    assert.match(digestOf("dfe-nhse-review").cadenceNote ?? "", /quarterly.*six-monthly/s);
    assert.equal(digestOf("send-partnership-board").cadenceNote, null);
  });
});

describe("figures as published", () => {
  it("KPI 1's baseline is shown as published, \"<50% (new measure)\"; its 50 is for computation only", () => {
    const status = kpiStatus(sample, findKpi(sample, "1")!, AS_OF).measures[0]!;
    assert.equal(describeBaseline(status), "<50% (new measure)");
    assert.equal(status.baseline.value, 50);
    assert.equal(status.baseline.text, undefined, "no note");
  });

  it("KPI 2's note stays a note; its baseline is its figure", () => {
    const status = kpiStatus(sample, findKpi(sample, "2")!, AS_OF).measures[0]!;
    assert.equal(describeBaseline(status), "23%");
    assert.equal(status.baseline.text, "Baseline captured in April 2023 audit of websites");
  });

  it("a published target is shown as published; a baseline with neither wording nor figure is TBC", () => {
    const plan = planSchema.parse({ ...JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")), kpis: [{ id: "KPI 1", title: "t", areas: ["1"], unit: "percent", direction: "increase", targets: { m6: { value: 70, published: "70% (up from <50%)" } } }] });
    const status = kpiStatus(plan, plan.kpis[0]!, AS_OF).measures[0]!;
    assert.equal(status.target?.published, "70% (up from <50%)");
    assert.equal(describeBaseline(status), "TBC");
  });
});

import type { IsoDate } from "./dates";
import type { Board, Plan } from "./plan";
import { MAX_TEXT, type Checked, type Problem } from "./recordRules";
import type { Asker } from "./recordPermissions";
import type { BoardEscalationRecord, IssueRecord, PlanRecords } from "./records";
import { findAction, findPerson } from "./view";

/**
 * The plan's issues log and board escalation (issue 23). Seed 002: the delivery group
 * "escalate[s] any risks or issues" to the SEND Partnership Board, which may escalate
 * those it cannot address to the Children and Families Board (`boards[].reportsTo`).
 * Pure rules: each returns what to write, or every problem; nothing is written on a problem.
 */

export type IssueState = "open" | "escalated" | "closed";

const text = (problems: Problem[], field: string, what: string, value: string | undefined, required: boolean): string | undefined => {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") {
    if (required) problems.push({ field, message: `${what} is needed` });
    return undefined;
  }
  if (trimmed.length > MAX_TEXT) problems.push({ field, message: `${what} is ${trimmed.length} characters; at most ${MAX_TEXT}` });
  return trimmed;
};

export const issuesOf = (records: PlanRecords | undefined): IssueRecord[] => records?.issues ?? [];
export const boardEscalationsOf = (records: PlanRecords | undefined): BoardEscalationRecord[] => records?.boardEscalations ?? [];

export function findIssue(records: PlanRecords | undefined, id: string): IssueRecord | undefined {
  const wanted = id.trim().toUpperCase();
  return issuesOf(records).find((i) => i.id.toUpperCase() === wanted);
}

/** The active board escalation of a risk or an issue, if any. */
export function activeEscalation(records: PlanRecords | undefined, subjectId: string): BoardEscalationRecord | undefined {
  return boardEscalationsOf(records).find((e) => e.active && e.subjectId.toUpperCase() === subjectId.toUpperCase());
}

/** An issue's state as shown: escalated while a board escalation of it is active. */
export function issueState(records: PlanRecords | undefined, issue: IssueRecord): IssueState {
  if (issue.state === "closed") return "closed";
  return activeEscalation(records, issue.id) ? "escalated" : "open";
}

/** The next issue id: one more than the highest ("I3" after "I1", "I2"). */
export function nextIssueId(records: PlanRecords | undefined): string {
  const highest = issuesOf(records).reduce((max, i) => Math.max(max, Number(/^I(\d+)$/.exec(i.id)?.[1] ?? 0)), 0);
  return `I${highest + 1}`;
}

export interface IssueInput {
  title: string;
  actions: string[];
  impact?: string;
  /** A plan person's id; the one raising it when absent. */
  owner?: string;
}

export type AcceptedIssue = Pick<IssueRecord, "id" | "title" | "owner" | "actions" | "raised" | "impact" | "state">;

export function checkIssue(plan: Plan, records: PlanRecords | undefined, input: IssueInput, asker: Asker, today: IsoDate): Checked<AcceptedIssue> {
  const problems: Problem[] = [];
  const title = text(problems, "title", "what the issue is", input.title, true);
  const impact = text(problems, "impact", "the impact", input.impact, false) ?? "";
  const actions = [...new Set(input.actions.map((a) => a.trim()).filter((a) => a !== ""))];
  if (actions.length === 0) problems.push({ field: "actions", message: "name the action(s) it affects, for example \"for 1.2\"" });
  for (const id of actions) if (!findAction(plan, id)) problems.push({ field: "actions", message: `"${id}" is not an action of this plan` });
  const owner = input.owner?.trim() || asker.personId;
  if (owner === undefined) problems.push({ field: "owner", message: "an owner is needed (a plan person)" });
  else if (!findPerson(plan, owner)) problems.push({ field: "owner", message: `"${owner}" is not a person in the plan` });
  if (problems.length > 0 || !title || !owner) return { ok: false, problems };
  return { ok: true, value: { id: nextIssueId(records), title, owner, actions, raised: today, impact, state: "open" } };
}

/** An issue update: what is not given stays as it stands; closing records the date. */
export interface IssueChange {
  title?: string;
  impact?: string;
  owner?: string;
  close?: { note?: string };
  reopen?: boolean;
}

export function checkIssueChange(plan: Plan, issue: IssueRecord, change: IssueChange, today: IsoDate): Checked<AcceptedIssue & { closedOn?: IsoDate; closeNote?: string }> {
  const problems: Problem[] = [];
  const title = change.title === undefined ? issue.title : text(problems, "title", "what the issue is", change.title, true);
  const impact = change.impact === undefined ? issue.impact : (text(problems, "impact", "the impact", change.impact, false) ?? "");
  const owner = change.owner?.trim() || issue.owner;
  if (!findPerson(plan, owner)) problems.push({ field: "owner", message: `"${owner}" is not a person in the plan` });
  if (change.close && issue.state === "closed") problems.push({ field: "state", message: `${issue.id} is already closed (${issue.closedOn ?? ""})` });
  const closeNote = change.close ? text(problems, "note", "the note", change.close.note, false) : undefined;
  if (problems.length > 0 || !title) return { ok: false, problems };
  const base = { id: issue.id, title, owner, actions: issue.actions, raised: issue.raised, impact };
  if (change.close) return { ok: true, value: { ...base, state: "closed", closedOn: today, ...(closeNote ? { closeNote } : {}) } };
  if (change.reopen) return { ok: true, value: { ...base, state: "open" } };
  return { ok: true, value: { ...base, state: issue.state, ...(issue.closedOn ? { closedOn: issue.closedOn } : {}), ...(issue.closeNote ? { closeNote: issue.closeNote } : {}) } };
}

/** A board by id or name ("children-and-families-board", "Children and Families Board"). */
export function findBoard(plan: Plan, query: string): Board | undefined {
  const wanted = query.trim().toLowerCase().replace(/^the\s+/, "");
  return plan.boards.find((b) => b.id === wanted) ?? plan.boards.find((b) => b.name.toLowerCase() === wanted) ?? plan.boards.find((b) => b.name.toLowerCase().includes(wanted));
}

export interface EscalationInput {
  /** A risk ("R3") or an issue ("I1"). */
  subject: string;
  /** The board it goes to. */
  toBoard: string;
  reason: string;
}

export type AcceptedEscalation = Pick<BoardEscalationRecord, "subject" | "subjectId" | "fromBoard" | "toBoard" | "reason" | "escalatedOn" | "active">;

/** What a risk or issue id names: a risk of the plan, or an issue of its log. */
export function findSubject(plan: Plan, records: PlanRecords | undefined, id: string): { subject: "risk" | "issue"; id: string; title: string; owner?: string; actions: string[]; closed: boolean } | undefined {
  const wanted = id.trim().toUpperCase();
  const risk = plan.risks.find((r) => r.id.toUpperCase() === wanted);
  if (risk) return { subject: "risk", id: risk.id, title: risk.risk, owner: risk.owner, actions: [], closed: false };
  const issue = findIssue(records, wanted);
  if (issue) return { subject: "issue", id: issue.id, title: issue.title, owner: issue.owner, actions: issue.actions, closed: issue.state === "closed" };
  return undefined;
}

/**
 * A board escalation goes one step up the chain: to the board that the sending board
 * `reportsTo`. The sending board is the one where the subject stands now: the board it was
 * last escalated to, else a board that reports to the named one.
 */
export function checkEscalation(plan: Plan, records: PlanRecords | undefined, input: EscalationInput, today: IsoDate): Checked<AcceptedEscalation> {
  const problems: Problem[] = [];
  const subject = findSubject(plan, records, input.subject);
  if (!subject) problems.push({ field: "subject", message: `"${input.subject}" is not a risk of this plan or an issue in its log` });
  else if (subject.closed) problems.push({ field: "subject", message: `${subject.id} is closed: reopen it before escalating it` });
  const to = findBoard(plan, input.toBoard);
  if (!to) problems.push({ field: "board", message: `there is no board "${input.toBoard}" (boards: ${plan.boards.map((b) => b.id).join(", ")})` });
  const reason = text(problems, "reason", "why it is escalated", input.reason, true);
  let from: Board | undefined;
  if (to && subject) {
    const current = activeEscalation(records, subject.id);
    if (current?.toBoard === to.id) problems.push({ field: "board", message: `${subject.id} is already escalated to ${to.name} (since ${current.escalatedOn})` });
    else if (current) {
      from = plan.boards.find((b) => b.id === current.toBoard);
      if (from?.reportsTo !== to.id) problems.push({ field: "board", message: `${subject.id} stands at ${from?.name ?? current.toBoard}, which reports to ${from?.reportsTo ?? "no board"}: it goes one step up at a time` });
    } else {
      from = plan.boards.find((b) => b.reportsTo === to.id);
      if (!from) problems.push({ field: "board", message: `no board reports to ${to.name}: a risk or issue goes to the board its board reports to (${plan.boards.filter((b) => b.reportsTo).map((b) => `${b.name} → ${plan.boards.find((x) => x.id === b.reportsTo)?.name ?? b.reportsTo}`).join("; ") || "the plan names no such chain"})` });
    }
  }
  if (problems.length > 0 || !subject || !to || !from || !reason) return { ok: false, problems };
  return { ok: true, value: { subject: subject.subject, subjectId: subject.id, fromBoard: from.id, toBoard: to.id, reason, escalatedOn: today, active: true } };
}

export function checkDeescalation(records: PlanRecords | undefined, subjectId: string, note: string | undefined, today: IsoDate): Checked<BoardEscalationRecord> {
  const problems: Problem[] = [];
  const current = activeEscalation(records, subjectId);
  if (!current) problems.push({ field: "subject", message: `${subjectId.trim()} is not escalated to a board` });
  const trimmed = text(problems, "note", "the note", note, false);
  if (problems.length > 0 || !current) return { ok: false, problems };
  return { ok: true, value: { ...current, active: false, deescalatedOn: today, ...(trimmed ? { deescalateNote: trimmed } : {}) } };
}

/** Raises an issue: the lead of an action it affects, or a plan admin. */
export function mayRaiseIssue(plan: Plan, actions: string[], asker: Asker): boolean {
  if (asker.isAdmin) return true;
  return asker.personId !== undefined && actions.some((id) => findAction(plan, id)?.lead === asker.personId);
}

/** Updates, closes, escalates or de-escalates: a plan admin, the owner, or the lead of a linked action. */
export function mayActOn(plan: Plan, records: PlanRecords | undefined, subjectId: string, asker: Asker): boolean {
  if (asker.isAdmin) return true;
  const subject = findSubject(plan, records, subjectId);
  if (!subject || asker.personId === undefined) return false;
  return subject.owner === asker.personId || subject.actions.some((id) => findAction(plan, id)?.lead === asker.personId);
}

export interface BoardEscalationView {
  subject: "risk" | "issue";
  subjectId: string;
  title: string;
  fromBoard: { id: string; name: string };
  toBoard: { id: string; name: string };
  reason: string;
  escalatedOn: IsoDate;
  by: string;
}

/** Active board escalations, as a board's digest shows them: those sent to it, and those it sent. */
export function boardEscalationsFor(plan: Plan, records: PlanRecords | undefined, boardId: string, asOf: IsoDate): { received: BoardEscalationView[]; sent: BoardEscalationView[] } {
  const name = (id: string) => ({ id, name: plan.boards.find((b) => b.id === id)?.name ?? id });
  const active = boardEscalationsOf(records)
    .filter((e) => e.active && e.escalatedOn <= asOf)
    .map((e): BoardEscalationView => ({ subject: e.subject, subjectId: e.subjectId, title: findSubject(plan, records, e.subjectId)?.title ?? e.subjectId, fromBoard: name(e.fromBoard), toBoard: name(e.toBoard), reason: e.reason, escalatedOn: e.escalatedOn, by: e.byName }));
  return { received: active.filter((e) => e.toBoard.id === boardId), sent: active.filter((e) => e.fromBoard.id === boardId) };
}

export interface IssueView {
  id: string;
  title: string;
  owner: { id: string; name: string };
  actions: string[];
  raised: IsoDate;
  impact: string;
  state: IssueState;
  boardEscalation: BoardEscalationView | null;
  closedOn?: IsoDate;
  closeNote?: string;
  version: number;
}

/** The issues log as people read it: each issue with its state and any active board escalation; `actionId` narrows it to one action. */
export function issueViews(plan: Plan, records: PlanRecords | undefined, options: { actionId?: string; includeClosed?: boolean } = {}): IssueView[] {
  const name = (id: string) => ({ id, name: plan.boards.find((b) => b.id === id)?.name ?? id });
  return issuesOf(records)
    .filter((i) => (options.includeClosed ?? true) || i.state !== "closed")
    .filter((i) => options.actionId === undefined || i.actions.includes(options.actionId))
    .map((i) => {
      const e = activeEscalation(records, i.id);
      return {
        id: i.id,
        title: i.title,
        owner: { id: i.owner, name: findPerson(plan, i.owner)?.name ?? i.owner },
        actions: i.actions,
        raised: i.raised,
        impact: i.impact,
        state: issueState(records, i),
        boardEscalation: e ? { subject: e.subject, subjectId: e.subjectId, title: i.title, fromBoard: name(e.fromBoard), toBoard: name(e.toBoard), reason: e.reason, escalatedOn: e.escalatedOn, by: e.byName } : null,
        ...(i.closedOn ? { closedOn: i.closedOn } : {}),
        ...(i.closeNote ? { closeNote: i.closeNote } : {}),
        version: i.version,
      };
    });
}

/** Every active board escalation, as at a date. */
export function activeBoardEscalations(plan: Plan, records: PlanRecords | undefined, asOf: IsoDate): BoardEscalationView[] {
  return plan.boards.flatMap((b) => boardEscalationsFor(plan, records, b.id, asOf).received);
}

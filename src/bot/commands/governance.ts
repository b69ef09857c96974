import { randomUUID } from "node:crypto";
import { messageCard, type Button, type CardReply } from "../../cards/cards";
import { dataToComplete } from "../../domain/dataToComplete";
import { displayDate } from "../../domain/dates";
import { externalReviews, findExternalReview, reviewStatus, type ExternalReviewStatus } from "../../domain/externalReviews";
import { activeBoardEscalations, findBoard, issueViews, mayActOn, mayRaiseIssue, type IssueView } from "../../domain/issuesLog";
import { milestoneCheckpoints } from "../../domain/milestoneCheckpoints";
import { statusWord } from "../../domain/status";
import { findAction, findMilestone } from "../../domain/view";
import { isPlanTrackerError } from "../../errors";
import type { HandlerContext } from "../commandTypes";
import { teamsActor } from "./records";

/**
 * Governance in Teams (issue 23): the issues log, board escalation, external reviews,
 * milestone checkpoints and the data to complete. Answers are message cards; the writes
 * run only from their exact phrasing, after the central check that the sender is a plan
 * member, and here against the stored rights of the risk, issue or action named.
 */

const ISSUE_BUTTONS: Button[] = [
  { title: "Issues", command: "issues" },
  { title: "Escalated to boards", command: "escalations" },
];

function issueLine(i: IssueView): string {
  const state = i.state === "escalated" && i.boardEscalation ? `escalated to ${i.boardEscalation.toBoard.name}` : i.state;
  return `**${i.id}** ${i.title} · ${i.owner.name} · for ${i.actions.join(", ")} · raised ${displayDate(i.raised)} · ${state}`;
}

export function issuesCommand(context: HandlerContext, actionId?: string): CardReply {
  if (actionId && !findAction(context.view.plan, actionId)) return messageCard(`There is no action ${actionId} in this plan.`, { buttons: ISSUE_BUTTONS });
  const issues = issueViews(context.view.plan, context.view.records, { actionId });
  const title = actionId ? `Issues for ${actionId}` : "Issues log";
  if (issues.length === 0) return messageCard(actionId ? `No issue is logged for ${actionId}.` : "No issue is logged.", { title, detail: 'An action lead or a plan admin raises one with: raise issue "what happened" for 1.2', buttons: ISSUE_BUTTONS });
  return messageCard(issues.map(issueLine).join("\n\n"), { title, buttons: issues.slice(0, 5).map((i) => ({ title: i.id, command: `issue ${i.id}` })) });
}

export function issueCommand(context: HandlerContext, issueId: string): CardReply {
  const issue = issueViews(context.view.plan, context.view.records).find((i) => i.id.toUpperCase() === issueId.toUpperCase());
  if (!issue) return messageCard(`There is no issue ${issueId} in the log.`, { buttons: ISSUE_BUTTONS });
  const lines = [
    `**Owner** ${issue.owner.name} · **Actions** ${issue.actions.join(", ")} · **Raised** ${displayDate(issue.raised)}`,
    `**State** ${issue.state}${issue.closedOn ? ` (${displayDate(issue.closedOn)}${issue.closeNote ? `: ${issue.closeNote}` : ""})` : ""}`,
    `**Impact** ${issue.impact || "not given"}`,
    ...(issue.boardEscalation ? [`**Escalated** from ${issue.boardEscalation.fromBoard.name} to ${issue.boardEscalation.toBoard.name} on ${displayDate(issue.boardEscalation.escalatedOn)}: ${issue.boardEscalation.reason}`] : []),
  ];
  return messageCard(lines.join("\n\n"), { title: `Issue ${issue.id}: ${issue.title}`, buttons: [...issue.actions.map((a) => ({ title: `Action ${a}`, command: `status ${a}` })), { title: "History", command: `history ${issue.id}` }] });
}

export function escalationsCommand(context: HandlerContext, board?: string): CardReply {
  const target = board ? findBoard(context.view.plan, board) : undefined;
  if (board && !target) return messageCard(`There is no board "${board}" in this plan.`, { buttons: ISSUE_BUTTONS });
  const all = activeBoardEscalations(context.view.plan, context.view.records, context.asOf).filter((e) => !target || e.toBoard.id === target.id);
  const title = target ? `Escalated to ${target.name}` : "Escalated to boards";
  if (all.length === 0) return messageCard(target ? `Nothing is escalated to ${target.name}.` : "Nothing is escalated to a board.", { title, buttons: ISSUE_BUTTONS });
  return messageCard(all.map((e) => `**${e.subjectId}** ${e.title} · from ${e.fromBoard.name} to ${e.toBoard.name} on ${displayDate(e.escalatedOn)} (${e.by}): ${e.reason}`).join("\n\n"), { title, buttons: ISSUE_BUTTONS });
}

function reviewText(review: ExternalReviewStatus, withFindings: boolean): string {
  const lines = [`**${review.title}**: ${review.board.name}, ${displayDate(review.date)}${review.document ? ` · ${review.document.title}${review.document.date ? ` (${displayDate(review.document.date)})` : ""}` : ""}`];
  if (withFindings) lines.push(...review.findings.map((f) => `Finding: ${f}`));
  for (const r of review.recommendations) {
    lines.push(`**${r.id}** ${r.state}: ${r.text} · ${r.linked.map((l) => `${l.id} ${statusWord(l.status)}`).join(", ") || "no linked work"}`);
  }
  return lines.join("\n\n");
}

export function externalReviewsCommand(context: HandlerContext): CardReply {
  const reviews = externalReviews(context.view, context.asOf);
  if (reviews.length === 0) return messageCard("No external review is recorded.", { title: "External reviews" });
  return messageCard(reviews.map((r) => reviewText(r, false)).join("\n\n"), { title: "External reviews", buttons: reviews.slice(0, 5).map((r) => ({ title: `${r.board.name} ${displayDate(r.date)}`, command: `external-review ${r.board.id} ${r.date}` })) });
}

export function externalReviewCommand(context: HandlerContext, board: string, date: string): CardReply {
  const found = findExternalReview(context.view.plan, board, date);
  if (!found) return messageCard(`There is no external review of ${board} on ${date}.`, { buttons: [{ title: "External reviews", command: "external-reviews" }] });
  const review = reviewStatus(context.view, found, context.asOf);
  // A plan admin may turn each recommendation into a new milestone (the form: recommendationMilestone.ts).
  const makeMilestone = context.isAdmin ? review.recommendations.slice(0, 4).map((r) => ({ title: `Milestone from ${r.id}`, command: `recommendation-milestone ${review.board.id} ${review.date} ${r.id}` })) : [];
  return messageCard(reviewText(review, true), { title: review.title, detail: review.sourceNote ? `Source: ${review.sourceNote}` : "", buttons: [...makeMilestone, { title: "External reviews", command: "external-reviews" }] });
}

export function checkpointsCommand(context: HandlerContext, milestoneId: string): CardReply {
  const found = findMilestone(context.view.plan, milestoneId);
  if (!found) return messageCard(`There is no milestone ${milestoneId} in this plan.`);
  const checkpoints = milestoneCheckpoints(found.milestone, context.view.plan.startDate, context.view.records?.checkpoints ?? [], context.asOf);
  if (checkpoints.length === 0) return messageCard(`${milestoneId} declares no checkpoints.`, { buttons: [{ title: `Milestone ${milestoneId}`, command: `milestone ${milestoneId}` }] });
  const next = checkpoints.find((c) => c.date >= context.asOf && c.state !== "done" && c.state !== "missed");
  const shown = checkpoints.length > 12 ? [...checkpoints.filter((c) => c.date < context.asOf).slice(-6), ...checkpoints.filter((c) => c.date >= context.asOf).slice(0, 4)] : checkpoints;
  return messageCard(shown.map((c) => `${displayDate(c.date)} · ${c.state}${c.note ? `: ${c.note}` : ""}`).join("\n\n"), {
    title: `${milestoneId} checkpoints (${found.milestone.checkpoints})`,
    detail: `${next ? `Next: ${displayDate(next.date)}. ` : "No checkpoint ahead. "}Record one with "checkpoint ${milestoneId} <date> done" or "missed".`,
    buttons: [{ title: `Milestone ${milestoneId}`, command: `milestone ${milestoneId}` }],
  });
}

export function dataToCompleteCommand(context: HandlerContext): CardReply {
  const todo = dataToComplete(context.view.plan);
  const lines = [
    ...todo.kpisWithoutTarget.map((k) => `**${k.id}** has no target: ${k.title}`),
    ...todo.milestonesWithoutOwner.map((m) => `**${m.id}** has no owner`),
    ...todo.qisWithoutCadence.map((q) => `**${q.ref}** (area ${q.area}) has no fixed cadence`),
  ];
  const buttons: Button[] = [
    ...todo.kpisWithoutTarget.map((k) => ({ title: k.id, command: k.id.toLowerCase() })),
    ...todo.milestonesWithoutOwner.map((m) => ({ title: m.id, command: `milestone ${m.id}` })),
    ...todo.qisWithoutCadence.map((q) => ({ title: `${q.ref} (area ${q.area})`, command: `qi ${q.id}` })),
  ].slice(0, 6);
  return messageCard(lines.join("\n\n") || "Nothing to complete.", {
    title: "Data to complete",
    detail: context.isAdmin ? "A plan admin completes these in the plan file and imports it again." : "",
    buttons,
  });
}

/** A write's answer: what was recorded, or what was refused and why (nothing written). */
async function answered<T>(write: () => Promise<T>, done: (result: T) => CardReply): Promise<CardReply> {
  try {
    return done(await write());
  } catch (error) {
    if (isPlanTrackerError(error, "invalid-input") || isPlanTrackerError(error, "conflict") || isPlanTrackerError(error, "not-found")) {
      return messageCard([error.message, ...error.problems].join("\n\n"), { title: "Not recorded", buttons: ISSUE_BUTTONS });
    }
    throw error;
  }
}

const notAllowed = (who: string, what: string) => messageCard(`Only ${who} can ${what}.`, { title: "Not allowed", buttons: ISSUE_BUTTONS });

export function raiseIssueCommand(context: HandlerContext<"governance">, args: { title: string; actions: string }): Promise<CardReply> | CardReply {
  const actions = args.actions.split(/\s*(?:,|and)\s*/).filter((a) => a !== "");
  if (!mayRaiseIssue(context.view.plan, actions, context)) return notAllowed(`the lead of ${actions.join(" or ")} or a plan admin`, "raise an issue for it");
  return answered(
    () => context.services.governance.raiseIssue(context.planId, { title: args.title, actions }, context, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => messageCard(`Raised **${r.record.id}** for ${r.record.actions.join(", ")}: ${r.record.title}`, { title: "Issue raised", buttons: [{ title: r.record.id, command: `issue ${r.record.id}` }, ...ISSUE_BUTTONS] }),
  );
}

export function closeIssueCommand(context: HandlerContext<"governance">, args: { issueId: string; note?: string }): Promise<CardReply> | CardReply {
  if (!mayActOn(context.view.plan, context.view.records, args.issueId, context)) return notAllowed(`the owner of ${args.issueId}, the lead of an action it affects or a plan admin`, "close it");
  return answered(
    () => context.services.governance.changeIssue(context.planId, args.issueId, { close: { note: args.note } }, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => messageCard(`Closed **${r.record.id}**: ${r.record.title}`, { title: "Issue closed", buttons: ISSUE_BUTTONS }),
  );
}

export function updateIssueCommand(context: HandlerContext<"governance">, args: { issueId: string; field?: "title" | "impact" | "owner"; value?: string; reopen?: boolean }): Promise<CardReply> | CardReply {
  if (!mayActOn(context.view.plan, context.view.records, args.issueId, context)) return notAllowed(`the owner of ${args.issueId}, the lead of an action it affects or a plan admin`, "change it");
  const change = args.reopen ? { reopen: true } : { [args.field ?? "title"]: args.value ?? "" };
  return answered(
    () => context.services.governance.changeIssue(context.planId, args.issueId, change, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => messageCard(`${args.reopen ? "Reopened" : "Updated"} **${r.record.id}**: ${r.record.title}`, { title: "Issue updated", buttons: [{ title: r.record.id, command: `issue ${r.record.id}` }, ...ISSUE_BUTTONS] }),
  );
}

export function escalateCommand(context: HandlerContext<"governance">, args: { subject: string; board: string; reason: string }): Promise<CardReply> | CardReply {
  if (!mayActOn(context.view.plan, context.view.records, args.subject, context)) return notAllowed(`the owner of ${args.subject}, the lead of an action it affects or a plan admin`, "escalate it");
  return answered(
    () => context.services.governance.escalate(context.planId, { subject: args.subject, toBoard: args.board, reason: args.reason }, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => {
      const name = (id: string) => context.view.plan.boards.find((b) => b.id === id)?.name ?? id;
      return messageCard(`**${r.record.subjectId}** is escalated from ${name(r.record.fromBoard)} to ${name(r.record.toBoard)}: it appears in that board's digest until it is de-escalated.`, { title: "Board escalation recorded", buttons: [{ title: `Digest of ${name(r.record.toBoard)}`, command: `digest ${r.record.toBoard}` }, ...ISSUE_BUTTONS] });
    },
  );
}

export function deescalateCommand(context: HandlerContext<"governance">, args: { subject: string }): Promise<CardReply> | CardReply {
  if (!mayActOn(context.view.plan, context.view.records, args.subject, context)) return notAllowed(`the owner of ${args.subject}, the lead of an action it affects or a plan admin`, "de-escalate it");
  return answered(
    () => context.services.governance.deescalate(context.planId, args.subject, undefined, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => messageCard(`**${r.record.subjectId}** is no longer escalated to ${context.view.plan.boards.find((b) => b.id === r.record.toBoard)?.name ?? r.record.toBoard}.`, { title: "De-escalated", buttons: ISSUE_BUTTONS }),
  );
}

export function recordCheckpointCommand(context: HandlerContext<"governance">, args: { milestoneId: string; date: string; state: string; note?: string }): Promise<CardReply> | CardReply {
  const found = findMilestone(context.view.plan, args.milestoneId);
  const mayRecord = context.isAdmin || (context.personId !== undefined && found !== undefined && (found.milestone.owners.includes(context.personId) || found.action.lead === context.personId));
  if (!mayRecord) return notAllowed(`the owner of ${args.milestoneId}, its action lead or a plan admin`, "record its checkpoints");
  return answered(
    () => context.services.governance.recordCheckpoint(context.planId, { milestone: args.milestoneId, date: args.date, state: args.state, note: args.note }, teamsActor(context.user), { idempotencyKey: randomUUID(), today: context.asOf }),
    (r) => messageCard(`Recorded ${r.record.milestoneId}'s checkpoint of ${displayDate(r.record.date)}: **${r.record.state}**${r.record.note ? ` (${r.record.note})` : ""}. The milestone's own status is unchanged.`, { title: "Checkpoint recorded", buttons: [{ title: "Checkpoints", command: `checkpoints ${r.record.milestoneId}` }] }),
  );
}

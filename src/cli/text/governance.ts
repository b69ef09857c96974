import { displayDate } from "../../domain/dates";
import type { ExternalReviewStatus } from "../../domain/externalReviews";
import type { BoardEscalationView } from "../../domain/issuesLog";
import type { MilestoneCheckpoint } from "../../domain/milestoneCheckpoints";
import { statusWord } from "../../domain/status";
import { formatTable } from "../table";

/** The issues log, board escalations, external reviews and checkpoints as text (issue 23). */

export interface IssueRow {
  id: string;
  title: string;
  owner: { id: string; name: string };
  actions: string[];
  raised: string;
  impact: string;
  state: "open" | "escalated" | "closed";
  boardEscalation: BoardEscalationView | null;
  closedOn?: string;
}

export function renderIssues(issues: IssueRow[]): string {
  if (issues.length === 0) return "No issues in the log.";
  return formatTable(
    ["Issue", "What", "Owner", "Actions", "Raised", "State"],
    issues.map((i) => [i.id, i.title, i.owner.name, i.actions.join(", "), displayDate(i.raised), i.state === "escalated" && i.boardEscalation ? `escalated to ${i.boardEscalation.toBoard.name}` : i.state]),
    { maxWidth: [6, 60, 24, 16, 12, 40] },
  );
}

export function renderIssue(issue: IssueRow): string {
  const lines = [
    `Issue ${issue.id}: ${issue.title}`,
    `Owner: ${issue.owner.name}    Actions: ${issue.actions.join(", ")}    Raised: ${displayDate(issue.raised)}`,
    `State: ${issue.state}${issue.closedOn ? ` (${displayDate(issue.closedOn)})` : ""}`,
    `Impact: ${issue.impact || "(not given)"}`,
  ];
  if (issue.boardEscalation) lines.push(`Escalated from ${issue.boardEscalation.fromBoard.name} to ${issue.boardEscalation.toBoard.name} on ${displayDate(issue.boardEscalation.escalatedOn)}: ${issue.boardEscalation.reason}`);
  return lines.join("\n");
}

export function renderBoardEscalations(escalations: BoardEscalationView[]): string {
  if (escalations.length === 0) return "Nothing is escalated to a board.";
  return formatTable(
    ["Risk/issue", "What", "From", "To", "On", "Why"],
    escalations.map((e) => [e.subjectId, e.title, e.fromBoard.name, e.toBoard.name, displayDate(e.escalatedOn), e.reason]),
    { maxWidth: [10, 50, 24, 24, 12, 50] },
  );
}

export function renderExternalReviews(reviews: ExternalReviewStatus[], detail: boolean): string {
  if (reviews.length === 0) return "No external reviews recorded.";
  const parts: string[] = [];
  for (const review of reviews) {
    parts.push(`${review.title}: ${review.board.name}, ${displayDate(review.date)}`);
    if (review.document) parts.push(`  ${review.document.title}${review.document.date ? `, ${displayDate(review.document.date)}` : ""}${review.document.link ? `: ${review.document.link}` : ""}`);
    if (detail && review.findings.length > 0) {
      parts.push("  Findings:");
      for (const finding of review.findings) parts.push(`    - ${finding}`);
    }
    parts.push("  Recommendations:");
    for (const r of review.recommendations) {
      parts.push(`    ${r.id} [${r.state}] ${r.text}`);
      parts.push(`      Linked: ${r.linked.map((l) => `${l.kind} ${l.id} ${statusWord(l.status)}${l.overdue ? " (past due)" : ""}`).join("; ") || "nothing yet"}${r.notInPlan.length ? `; not in the plan: ${r.notInPlan.join(", ")}` : ""}`);
      if (detail && r.sourceNote) parts.push(`      Source: ${r.sourceNote}`);
    }
    if (detail && review.sourceNote) parts.push(`  Source: ${review.sourceNote}`);
    parts.push("");
  }
  return parts.join("\n").trimEnd();
}

export function renderCheckpoints(milestoneId: string, rule: string, checkpoints: MilestoneCheckpoint[]): string {
  if (checkpoints.length === 0) return `${milestoneId} declares no checkpoints.`;
  return [`${milestoneId} checkpoints (${rule}):`, ...checkpoints.map((c) => `  ${displayDate(c.date)}  ${c.state}${c.note ? `: ${c.note}` : ""}${c.by ? ` (${c.by})` : ""}`)].join("\n");
}

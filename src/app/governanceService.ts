import {
  checkDeescalation,
  checkEscalation,
  checkIssue,
  checkIssueChange,
  findIssue,
  type EscalationInput,
  type IssueChange,
  type IssueInput,
} from "../domain/issuesLog";
import { checkCheckpoint, type CheckpointInput } from "../domain/milestoneCheckpoints";
import type { Asker } from "../domain/recordPermissions";
import { checkRecommendationMilestone, recommendationKey, type RecommendationMilestoneInput } from "../domain/recommendationMilestone";
import { allMilestones, type Milestone } from "../domain/plan";
import { findExternalReview } from "../domain/externalReviews";
import type { BoardEscalationRecord, CheckpointRecord, IssueRecord } from "../domain/records";
import { PlanTrackerError } from "../errors";
import type { Actor } from "../storage/planDiff";
import type { PlanRecordStore, RecordWrite } from "../storage/planRecordStore";
import type { PlanService } from "./planService";
import { accepted, writeContext, type WriteOptions } from "./recordWrites";

/**
 * The plan's governance records (issue 23): the issues log, board escalation of a risk or
 * an issue to the board above, and milestone checkpoints. Each input is checked by the
 * domain's rules, then written with history, conditionally, with an idempotency key. Who
 * may write is decided by the caller (the bot, from aadObjectId; the CLI is an admin's).
 */
export class GovernanceService {
  constructor(
    private readonly plans: PlanService,
    private readonly store: PlanRecordStore,
  ) {}

  private context(planId: string, options: WriteOptions) {
    return writeContext(this.plans, planId, options);
  }

  async raiseIssue(planId: string, input: IssueInput, asker: Asker, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<IssueRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const issue = accepted(checkIssue(view.plan, view.records, input, asker, today), "the issue");
    // A new id: refused, not overwritten, if someone raised the same id at the same moment.
    return this.store.recordIssue(planId, issue, actor, key, 0, `Issue ${issue.id} raised for ${issue.actions.join(", ")}: ${issue.title}`);
  }

  async changeIssue(planId: string, issueId: string, change: IssueChange, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<IssueRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const issue = findIssue(view.records, issueId);
    if (!issue) throw new PlanTrackerError("not-found", `there is no issue ${issueId.trim()} in plan ${planId}`);
    const next = accepted(checkIssueChange(view.plan, issue, change, today), `the change to ${issue.id}`);
    const note = change.close ? `Issue ${issue.id} closed${change.close.note ? `: ${change.close.note}` : ""}` : change.reopen ? `Issue ${issue.id} reopened` : `Issue ${issue.id} updated`;
    return this.store.recordIssue(planId, next, actor, key, options.expectedVersion ?? issue.version, note);
  }

  async escalate(planId: string, input: EscalationInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<BoardEscalationRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const escalation = accepted(checkEscalation(view.plan, view.records, input, today), "the board escalation");
    const stored = view.records?.boardEscalations?.find((e) => e.subjectId === escalation.subjectId);
    return this.store.recordBoardEscalation(planId, escalation, actor, key, options.expectedVersion ?? stored?.version ?? 0);
  }

  async deescalate(planId: string, subjectId: string, note: string | undefined, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<BoardEscalationRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const current = accepted(checkDeescalation(view.records, subjectId, note, today), "the de-escalation");
    const { at: _at, by: _by, byName: _byName, source: _source, version, etag: _etag, idempotencyKey: _key, ...doc } = current;
    return this.store.recordBoardEscalation(planId, doc, actor, key, options.expectedVersion ?? version);
  }

  /** A review's recommendation made a new milestone of an action: an in-app change to the plan that later imports keep. */
  async milestoneFromRecommendation(planId: string, input: RecommendationMilestoneInput, actor: Actor, options: WriteOptions = {}): Promise<{ actionId: string; milestone: Milestone; duplicate: boolean }> {
    const { view, key } = await this.context(planId, options);
    // A retry (a double click, a repeated command) finds the milestone it made: the same title from the same
    // recommendation in the same action is the same milestone, whatever id it was given; the row's key covers an explicit id.
    const review = findExternalReview(view.plan, input.board, input.date);
    const recommendation = review?.recommendations.find((r) => r.id.toLowerCase() === input.recommendation.trim().toLowerCase());
    const from = review && recommendation ? recommendationKey(review.board, review.date, recommendation.id) : undefined;
    const made = allMilestones(view.plan).find(({ action, milestone }) => from !== undefined && action.id === input.actionId.trim() && milestone.origin?.from === from && milestone.title === input.title.trim());
    if (made) return { actionId: made.action.id, milestone: made.milestone, duplicate: true };
    const { actionId, milestone } = accepted(checkRecommendationMilestone(view.definition ?? view.plan, input, actor.name, new Date().toISOString()), "the milestone");
    const { duplicate } = await this.store.addMilestone(planId, actionId, milestone, `Added in the app from ${milestone.origin?.from ?? "a review"}: ${milestone.title}`, actor, key);
    return { actionId, milestone, duplicate };
  }

  /** An issue's or a risk's history: its changes and its board escalations, oldest first. */
  async history(planId: string, subject: "issue" | "risk", id: string) {
    return this.store.history(planId, subject, id);
  }

  async recordCheckpoint(planId: string, input: CheckpointInput, actor: Actor, options: WriteOptions = {}): Promise<RecordWrite<CheckpointRecord>> {
    const { view, today, key } = await this.context(planId, options);
    const checkpoint = accepted(checkCheckpoint(view.plan, input, today), "the checkpoint");
    return this.store.recordCheckpoint(planId, checkpoint, actor, key, options.expectedVersion);
  }
}

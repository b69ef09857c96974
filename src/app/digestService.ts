import { dueDigest, nextMeeting, type BoardMeeting } from "../domain/boardCalendar";
import type { IsoDate } from "../domain/dates";
import { buildDigest, type DigestContent } from "../domain/digest";
import { cycleOf } from "../domain/duePrompts";
import type { Board } from "../domain/plan";
import { promptStates } from "../domain/promptState";
import type { PlanView } from "../domain/view";
import { PlanTrackerError } from "../errors";
import type { DigestRepository } from "../storage/digestRepository";
import type { PromptRepository } from "../storage/promptRepository";
import type { PlanService } from "./planService";
import { echo } from "../domain/echo";

/**
 * A board's digest as at a date, from storage: the plan, the snapshot of the previous
 * digest posted for the board, and this month's prompt states. The same for the digest
 * the scheduler posts, `digest` in Teams and `plan-tracker digest`.
 */
export class DigestService {
  constructor(
    private readonly plans: PlanService,
    private readonly digests: DigestRepository,
    private readonly promptRecords: PromptRepository,
  ) {}

  board(view: PlanView, query: string): Board {
    const wanted = query.trim().toLowerCase();
    const board = view.plan.boards.find((b) => b.id === wanted) ?? view.plan.boards.find((b) => b.name.toLowerCase() === wanted) ?? view.plan.boards.find((b) => b.name.toLowerCase().includes(wanted));
    if (!board) {
      throw new PlanTrackerError("not-found", `There is no board "${echo(query)}" in plan ${view.plan.id}. Boards: ${view.plan.boards.map((b) => b.id).join(", ") || "none"}.`);
    }
    return board;
  }

  /** The meeting a digest at `asOf` is for: the one whose digest is due, else the next one. */
  meetingFor(view: PlanView, board: Board, asOf: IsoDate): BoardMeeting | undefined {
    return dueDigest(board, view.plan, asOf) ?? nextMeeting(board, view.plan, asOf);
  }

  async content(planId: string, view: PlanView, board: Board, asOf: IsoDate, meeting = this.meetingFor(view, board, asOf)): Promise<DigestContent> {
    const [previous, prompts] = await Promise.all([this.digests.previousSnapshot(planId, board.id, meeting?.meeting), this.promptRecords.listCycle(planId, cycleOf(asOf))]);
    return buildDigest({ view, board, asOf, meeting, previous, promptStates: promptStates(prompts, (id) => view.milestones.get(id)?.updatedAt) });
  }
}

import { count } from "../../domain/plural";
import type { PlanService } from "../../app/planService";
import { addMonthsIso, displayDate, type IsoDate } from "../../domain/dates";
import { summariseMilestone, type MilestoneSummary } from "../../domain/milestones";
import type { Period } from "../../domain/recognize/entities";
import { findMilestone } from "../../domain/view";
import type { DigestRecords } from "../services";
import type { CardReply } from "../../cards/cards";
import { channelIdOf } from "../channelId";
import type { CommandContext } from "./context";
import { milestoneListCard } from "./milestoneList";

export interface ChangesDependencies {
  plans: Pick<PlanService, "milestoneHistory">;
  digestRecords: Pick<DigestRecords, "channels" | "list">;
}

/**
 * "What changed since <date | the last board>": milestones with a recorded update since then,
 * completed first, then those that turned Amber or Red, then the rest. "The last board" is
 * the last digest posted for this conversation's board, or for the plan's first board.
 */
export async function changesCommand(deps: ChangesDependencies, context: CommandContext, planId: string, period: Period, conversationId: string): Promise<CardReply> {
  const { since, sinceText, note } = await resolveSince(deps, context, planId, period, conversationId);
  // Loading the plan is not a change anyone made: only updates from Teams and the command line count.
  const history = (await deps.plans.milestoneHistory(planId)).filter((h) => h.source !== "import" && h.at.slice(0, 10) >= since);
  const changedIds = [...new Set(history.map((h) => h.subjectId))];
  const latestOf = (id: string) => history.filter((h) => h.subjectId === id).at(-1);
  const summaries = changedIds.flatMap((id): MilestoneSummary[] => {
    const found = findMilestone(context.view.plan, id);
    return found ? [summariseMilestone(context.view, found.action, found.milestone, context.asOf)] : [];
  });
  const changedStatus = (m: MilestoneSummary) => history.some((h) => h.subjectId === m.id && h.newStatus !== undefined && h.newStatus !== h.oldStatus);
  const completed = summaries.filter((m) => m.status === "blue" && changedStatus(m));
  const worse = summaries.filter((m) => (m.status === "amber" || m.status === "red") && changedStatus(m));
  const other = summaries.filter((m) => !completed.includes(m) && !worse.includes(m));
  const groups = [
    { heading: `Completed (${completed.length})`, milestones: completed },
    { heading: `Turned Amber or Red (${worse.length})`, milestones: worse },
    { heading: `Other updates (${other.length})`, milestones: other },
  ].filter((g) => g.milestones.length > 0);
  const who = [...new Set(changedIds.map((id) => latestOf(id)?.byName).filter(Boolean))].slice(0, 3).join(", ");
  const countText = `${summaries.length === 0 ? "No milestone has been updated" : `${count(summaries.length, "milestone")} updated (latest by ${who})`}${note ? `. ${note}` : ""}`;
  return milestoneListCard(context, `What changed since ${sinceText}`, countText, groups, [
    { title: "Plan status", command: "status" },
    { title: "Overdue", command: "overdue" },
  ]);
}

async function resolveSince(deps: ChangesDependencies, context: CommandContext, planId: string, period: Period, conversationId: string): Promise<{ since: IsoDate; sinceText: string; note?: string }> {
  if (period.since !== "last-board") return { since: period.since, sinceText: displayDate(period.since) };
  const { plan } = context.view;
  const channels = await deps.digestRecords.channels(planId);
  const here = [...channels.values()].find((c) => c.conversationId === channelIdOf(conversationId));
  const board = plan.boards.find((b) => b.id === here?.boardId) ?? plan.boards[0];
  const oneMonthBack = addMonthsIso(context.asOf, -1);
  if (!board) return { since: oneMonthBack, sinceText: displayDate(oneMonthBack), note: "The plan has no boards, so this is a month back" };
  const posted = (await deps.digestRecords.list(planId, board.id)).filter((d) => d.state === "posted" && d.asOf <= context.asOf).sort((a, b) => a.asOf.localeCompare(b.asOf));
  const last = posted.at(-1);
  if (last) return { since: last.asOf, sinceText: `the last ${board.name} digest (${displayDate(last.asOf)})` };
  return { since: oneMonthBack, sinceText: displayDate(oneMonthBack), note: `No ${board.name} digest has been posted yet, so this is a month back` };
}

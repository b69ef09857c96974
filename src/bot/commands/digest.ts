import { nextMeeting } from "../../domain/boardCalendar";
import { displayDate } from "../../domain/dates";
import type { Board } from "../../domain/plan";
import { messageCard, type CardReply } from "../../cards/cards";
import { channelIdOf } from "../channelId";
import { digestCard } from "../../cards/digestCard";
import type { BoardChannel, Services } from "../services";
import type { Turn } from "../turn";
import type { CommandContext } from "./context";

export type DigestCommandDependencies = Pick<Services, "digests" | "digestRecords">;

/**
 * `digest` / `digest <board>`: the digest that would be posted now, without recording it.
 * Without a board: the board whose channel this is, else the plan's first board.
 */
export async function digestCommand(deps: DigestCommandDependencies, context: CommandContext, planId: string, boardQuery: string | undefined, conversationId: string): Promise<CardReply> {
  const { plan } = context.view;
  let board: Board | undefined;
  if (boardQuery) board = deps.digests.board(context.view, boardQuery);
  else {
    const channels = await deps.digestRecords.channels(planId);
    const here = [...channels.values()].find((c) => c.conversationId === channelIdOf(conversationId));
    board = plan.boards.find((b) => b.id === here?.boardId) ?? plan.boards[0];
  }
  if (!board) return messageCard("The plan has no boards, so there is no digest to show.");
  return digestCard(await deps.digests.content(planId, context.view, board, context.asOf));
}

/**
 * `digest here for <board>` (admins, in a channel or group chat): this conversation
 * receives the board's digests from now on.
 */
export async function digestHereCommand(deps: DigestCommandDependencies, context: CommandContext, planId: string, boardQuery: string, turn: Turn, tenantId: string): Promise<CardReply> {
  const { plan } = context.view;
  const { conversation } = turn;
  const boardList = plan.boards.map((b) => `${b.id} (${b.name})`).join(", ");
  if (!boardQuery) return messageCard("Which board? For example: digest here for send-partnership-board", { detail: `Boards: ${boardList}.`, buttons: [] });
  const board = deps.digests.board(context.view, boardQuery);
  const reference = turn.address;
  const conversationId = channelIdOf(conversation.id);
  const registration: BoardChannel = {
    boardId: board.id,
    tenantId,
    conversationId,
    name: conversation.name,
    reference: { ...reference, conversation: { ...reference.conversation!, id: conversationId } },
    registeredBy: context.user.name || "a plan admin",
    registeredAt: new Date().toISOString(),
  };
  const previous = await deps.digestRecords.registerChannel(planId, registration);
  const next = nextMeeting(board, plan, context.asOf);
  const when = next
    ? `The next one goes out on ${displayDate(next.digestOn)}, ${board.digestLeadDays} working days before the meeting on ${displayDate(next.meeting)}.`
    : "The plan gives no meeting rule or dates for this board yet, so no digest is scheduled: add them to the plan and import it again.";
  const moved = previous && previous.conversationId !== conversationId ? ` It was posted to ${previous.name ?? "another conversation"} before.` : "";
  return messageCard(`This ${conversation.type === "channel" ? "channel" : "chat"} now receives the ${board.name} digest. ${when}${moved}`, {
    title: "Digest channel set",
    buttons: [{ title: "Show the digest now", command: `digest ${board.id}` }, { title: "Boards", command: "boards" }],
  });
}

import { nextMeeting } from "../../domain/boardCalendar";
import { displayDate } from "../../domain/dates";
import type { BoardChannel } from "../services";
import type { CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

const CADENCE_WORDS: Record<string, string> = { monthly: "monthly", quarterly: "quarterly", "six-monthly": "every six months" };

/** Each board with its next meeting, when its digest goes out and where. */
export function boardsCommand(context: CommandContext, channels: ReadonlyMap<string, BoardChannel>): CardReply {
  const { plan } = context.view;
  const boards = plan.boards.map((board) => {
    const next = nextMeeting(board, plan, context.asOf);
    const channel = channels.get(board.id);
    return {
      name: board.name,
      cadence: [board.cadence ? CADENCE_WORDS[board.cadence] : "", board.meetingRule ?? ""].filter(Boolean).join(", ") || "on set dates",
      meeting: next ? displayDate(next.meeting) : "not known: the plan gives no meeting rule or dates",
      digest: next ? `${displayDate(next.digestOn)} (${board.digestLeadDays} working days before)` : `${board.digestLeadDays} working days before each meeting`,
      channel: channel ? `${channel.name ?? "a channel"} (set by ${channel.registeredBy})` : `none yet: an admin types "digest here for ${board.id}" in the board's channel`,
    };
  });
  return {
    card: "boards",
    data: {
      summary: `As of ${displayDate(context.asOf)}. A digest is posted to each board's channel before each meeting; "digest <board>" shows it now.`,
      boards,
      buttons: plan.boards.slice(0, 3).map((board) => ({ title: `Digest: ${board.name}`, command: `digest ${board.id}` })),
    },
  };
}

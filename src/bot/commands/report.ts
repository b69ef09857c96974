import { messageCard, type CardReply } from "../../cards/cards";
import { displayDate } from "../../domain/dates";
import type { Services } from "../services";
import type { Turn } from "../turn";
import type { CommandContext } from "./context";

export type ReportCommandDependencies = Pick<Services, "reports">;

/** Opens a one-to-one chat with the bot in Teams (its id in the conversation is `28:<app id>`). */
export const personalChatLink = (botId: string) => `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`;

/**
 * `report` / `report <board>`: the board pack as a Word file for the person asking. In a
 * personal chat it is offered through Teams' file consent flow (the file goes to their own
 * OneDrive, nobody else's); anywhere else the answer is a card pointing to a personal chat,
 * never a file posted to everyone in the channel. Without a board: the plan's first.
 */
export async function reportCommand(deps: ReportCommandDependencies, context: CommandContext, planId: string, boardQuery: string | undefined, turn: Turn): Promise<CardReply> {
  const { plan } = context.view;
  const boardId = boardQuery ?? plan.boards[0]?.id;
  if (!boardId) return messageCard("The plan has no boards, so there is no board pack to make.", { buttons: [] });
  if (turn.conversation.type !== undefined && turn.conversation.type !== "personal") {
    return {
      card: "askInPersonal",
      data: {
        title: "Board pack",
        text: `The board pack goes to the person who asks, in a personal chat with me (it is never posted to a channel). Open one and type “report ${boardId}”.`,
        linkTitle: "Open a chat with Plan Tracker",
        url: personalChatLink(turn.address.bot.id),
        buttons: [],
      },
    };
  }
  const pack = await deps.reports.pack(planId, context.view, boardId, context.asOf);
  const bytes = await deps.reports.render(pack, "docx");
  const name = deps.reports.fileName(pack, "docx");
  const description = `${pack.board.name}: the progress report as at ${displayDate(pack.asOf)} (Word)`;
  return {
    ...messageCard(`${description}. Allow me to put it in your OneDrive and I will send it here.`, { title: "Board pack", buttons: [] }),
    file: { name, description, bytes, context: { command: "report", board: pack.board.id } },
  };
}

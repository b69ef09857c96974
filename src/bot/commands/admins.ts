import { messageCard, type CardReply } from "../../cards/cards";
import { isPlanTrackerError } from "../../errors";
import type { HandlerContext } from "../commandTypes";

const ADMIN_BUTTONS = [{ title: "Admins", command: "admins" }];

/** `admins`: the plan's admins, by their Teams names where they are linked, else their Azure AD object ids. */
export async function adminsCommand(context: HandlerContext<"admins" | "links">): Promise<CardReply> {
  const { services, planId, view } = context;
  const [ids, links] = await Promise.all([services.admins.list(planId), services.links.list(planId)]);
  const names = new Map(links.map((link) => [link.aadObjectId, link.teamsName]));
  const lines = ids.map((id) => `- ${names.get(id) ?? "not linked to a plan person"} (${id})`);
  return messageCard(lines.join("\n") || "No admins are stored.", {
    title: `Admins of ${view.plan.title}`,
    detail: 'Add one with "admin add @them", remove one with "admin remove @them". The last admin cannot be removed.',
    buttons: [],
  });
}

/** `admin add @user` / `admin remove @user`: the mentioned Teams user, by Azure AD object id, with history. */
export async function changeAdminCommand(context: HandlerContext<"admins" | "teams">, change: "add" | "remove"): Promise<CardReply> {
  const { services, planId, turn } = context;
  const mentioned = turn.mentioned[0];
  if (!mentioned) return messageCard(`Mention the Teams user: "admin ${change} @them". Nothing was changed.`, { buttons: ADMIN_BUTTONS });
  const member = await services.teams.member(mentioned);
  if (!member.aadObjectId) return messageCard("Teams did not say who that is (no Azure AD id); nothing was changed.", { buttons: ADMIN_BUTTONS });
  const by = turn.sender.aadObjectId ?? turn.sender.name;
  try {
    if (change === "add") {
      const added = await services.admins.add(planId, member.aadObjectId, by);
      return messageCard(added === "added" ? `${member.name} is now an admin of plan ${planId}.` : `${member.name} is already an admin of plan ${planId}.`, { buttons: ADMIN_BUTTONS });
    }
    const removed = await services.admins.remove(planId, member.aadObjectId, by);
    return messageCard(removed === "removed" ? `${member.name} is no longer an admin of plan ${planId}.` : `${member.name} is not an admin of plan ${planId}; nothing was changed.`, { buttons: ADMIN_BUTTONS });
  } catch (error) {
    if (!isPlanTrackerError(error, "invalid-input")) throw error;
    return messageCard(`${error.message}. Nothing was changed.`, { title: "Not changed", buttons: ADMIN_BUTTONS });
  }
}

import { tenantOf, type TeamsActivity } from "../teams/activity";
import { referenceOf } from "../teams/conversationReference";
import type { Turn as TeamsTurn } from "../teams/turn";
import type { TeamsDirectory } from "./services";
import { SCOPES, type Scope, type Turn } from "./turn";

/** The edge between the Teams seam and Plan Tracker's commands: an activity as a Turn, and Teams' member lookups. */

export { tenantOf };

export function turnOf(activity: TeamsActivity): Turn {
  const type = activity.conversation?.conversationType;
  const channelData = activity.channelData as { channel?: { name?: string }; team?: { name?: string } } | undefined;
  const mentioned = (activity.entities ?? [])
    .filter((e) => e.type === "mention")
    .map((e) => (e as { mentioned?: { id?: string } }).mentioned?.id)
    .filter((id): id is string => typeof id === "string" && id !== "" && id !== activity.recipient?.id);
  return {
    sender: { aadObjectId: activity.from?.aadObjectId, teamsId: activity.from?.id, name: activity.from?.name ?? "" },
    conversation: {
      id: activity.conversation.id,
      type: SCOPES.includes(type as Scope) ? (type as Scope) : undefined,
      name: channelData?.channel?.name ?? channelData?.team?.name ?? activity.conversation.name ?? undefined,
      tenantId: tenantOf(activity),
    },
    channelId: activity.channelId,
    mentioned,
    address: referenceOf(activity),
  };
}

export function teamsDirectory(turn: TeamsTurn): TeamsDirectory {
  return {
    member: async (teamsUserId) => {
      const member = await turn.member(teamsUserId);
      return { ...member, name: member.name ?? "" };
    },
    members: async () => (await turn.members()).map((member) => ({ ...member, name: member.name ?? "" })),
  };
}

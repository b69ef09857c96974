import { TeamsInfo, TurnContext, type Activity } from "botbuilder";
import type { TeamsDirectory } from "./services";
import { SCOPES, type Scope, type Turn } from "./turn";

/** The edge between botbuilder and Plan Tracker: an activity as a Turn, and Teams' member lookups. */

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined);
}

export function turnOf(context: TurnContext): Turn {
  const { activity } = context;
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
    address: TurnContext.getConversationReference(activity),
  };
}

export function teamsDirectory(context: TurnContext): TeamsDirectory {
  return { member: (teamsUserId) => TeamsInfo.getMember(context, teamsUserId) };
}

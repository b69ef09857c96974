import { z } from "zod";
import type { TeamsActivity } from "./activity";
import { teamIdOf } from "./turn";

/** A member as Teams lists them in membersAdded / membersRemoved (Teams gives the Azure AD object id for users). */
const member = z.looseObject({
  id: z.string().min(1).max(256),
  aadObjectId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
});
/** Untrusted: the event's members, and the team it is about. A team of thousands is not a council's plan team. */
const membersChangedSchema = z.looseObject({
  membersAdded: z.array(member).max(1000).optional(),
  membersRemoved: z.array(member).max(1000).optional(),
  channelData: z.looseObject({ team: z.looseObject({ id: z.string().min(1).max(256) }) }),
});

export interface MembersChanged {
  teamId: string;
  /** Users only (with an Azure AD object id), never the bot itself. */
  added: { id: string; aadObjectId: string }[];
  removed: { id: string; aadObjectId: string }[];
  /** Members listed without an Azure AD object id (nothing can be recorded for them). */
  unidentified: number;
}

/**
 * What a `conversationUpdate` says about people joining or leaving a team: undefined when it is
 * not about a team's members (a personal or group chat, or only the bot itself joining or
 * leaving), an error message when its data is malformed. The bot's own account (the activity's
 * recipient) is left out: its removal is an uninstall, not a person leaving.
 */
export function membersChanged(activity: TeamsActivity): MembersChanged | { error: string } | undefined {
  if (activity.type !== "conversationUpdate" || (activity.membersAdded === undefined && activity.membersRemoved === undefined)) return undefined;
  if (teamIdOf(activity) === undefined && activity.conversation?.conversationType !== "channel") return undefined;
  const parsed = membersChangedSchema.safeParse(activity);
  if (!parsed.success) return { error: `a team's members change could not be read: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message.toLowerCase()}`).join("; ")}` };
  const botId = activity.recipient?.id;
  let unidentified = 0;
  const users = (list: z.output<typeof member>[] | undefined) =>
    (list ?? []).flatMap((m) => {
      if (m.id === botId) return [];
      if (!m.aadObjectId) {
        unidentified++;
        return [];
      }
      return [{ id: m.id, aadObjectId: m.aadObjectId }];
    });
  const added = users(parsed.data.membersAdded);
  const removed = users(parsed.data.membersRemoved);
  if (added.length === 0 && removed.length === 0 && unidentified === 0) return undefined;
  return { teamId: parsed.data.channelData.team.id, added, removed, unidentified };
}

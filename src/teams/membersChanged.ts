import { z } from "zod";
import type { TeamsActivity } from "./activity";

/** A member as Teams lists them in membersAdded / membersRemoved (Teams gives the Azure AD object id for users). */
const member = z.looseObject({
  id: z.string().min(1).max(256),
  aadObjectId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
});
/** Untrusted: the event's members. A team of thousands is not a council's plan team. */
const membersSchema = z.looseObject({
  membersAdded: z.array(member).max(1000).optional(),
  membersRemoved: z.array(member).max(1000).optional(),
});
/** In a team: the team it is about. */
const teamSchema = z.looseObject({ channelData: z.looseObject({ team: z.looseObject({ id: z.string().min(1).max(256) }) }) });

export interface TeamMembersChanged {
  teamId: string;
  /** Users only (with an Azure AD object id), never the bot itself. */
  added: { id: string; aadObjectId: string }[];
  removed: { id: string; aadObjectId: string }[];
  /** Members listed without an Azure AD object id (nothing can be recorded for them). */
  unidentified: number;
}

export interface MembersChanged {
  /** The bot itself joined or left the conversation (an install or an uninstall, not a person). */
  botAdded: boolean;
  botRemoved: boolean;
  /** People joining or leaving, when the conversation is a team's. */
  team?: TeamMembersChanged;
}

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".")} ${i.message.toLowerCase()}`).join("; ");

/**
 * What a `conversationUpdate` says about members joining or leaving: undefined when it lists
 * none, an error message when its data is malformed (then nothing may be recorded). The bot's
 * own account (the activity's recipient) is told apart: its removal is an uninstall, not a
 * person leaving.
 */
export function membersChanged(activity: TeamsActivity): MembersChanged | { error: string } | undefined {
  if (activity.type !== "conversationUpdate" || (activity.membersAdded === undefined && activity.membersRemoved === undefined)) return undefined;
  const members = membersSchema.safeParse(activity);
  if (!members.success) return { error: `its members could not be read: ${problems(members.error)}` };
  const botId = activity.recipient?.id;
  const { membersAdded = [], membersRemoved = [] } = members.data;
  const changed: MembersChanged = { botAdded: membersAdded.some((m) => m.id === botId), botRemoved: membersRemoved.some((m) => m.id === botId) };
  const inTeam = (activity.channelData as { team?: unknown } | undefined)?.team !== undefined || activity.conversation?.conversationType === "channel";
  if (!inTeam) return changed;
  const team = teamSchema.safeParse(activity);
  if (!team.success) return { error: `a team's members change could not be read: ${problems(team.error)}` };
  let unidentified = 0;
  const users = (list: z.output<typeof member>[]) =>
    list.flatMap((m) => {
      if (m.id === botId) return [];
      if (!m.aadObjectId) {
        unidentified++;
        return [];
      }
      return [{ id: m.id, aadObjectId: m.aadObjectId }];
    });
  const added = users(membersAdded);
  const removed = users(membersRemoved);
  return added.length + removed.length + unidentified === 0 ? changed : { ...changed, team: { teamId: team.data.channelData.team.id, added, removed, unidentified } };
}

import type { ConversationAddress } from "./services";

/** Where a command was typed: Teams' conversation types. */
export const SCOPES = ["personal", "channel", "groupChat"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * One incoming turn as Plan Tracker sees it, whatever SDK delivered it (built at the edge,
 * teamsTurn.ts). Handlers read this, never the SDK's activity or turn context.
 */
export interface Turn {
  /** Who sent it; authorisation uses aadObjectId, never the name. */
  sender: { aadObjectId?: string; teamsId?: string; name: string };
  conversation: {
    /** The conversation's id, with a channel message's thread suffix (";messageid=…") if any. */
    id: string;
    /** Unknown when the client does not say (the Emulator). */
    type?: Scope;
    name?: string;
    tenantId?: string;
  };
  /** The channel the activity came through ("msteams" in Teams). */
  channelId: string;
  /** Teams ids of the users @mentioned, the bot aside, in order. */
  mentioned: string[];
  /** The address of this conversation, for posting to it later. */
  address: ConversationAddress;
}

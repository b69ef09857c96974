import type { OutgoingMessage, TeamsActivity } from "./activity";

export interface TurnState {
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): void;
}

/** A member of a Teams conversation or team, as the Bot Connector describes them (TeamsInfo.getMember). */
export interface TeamsMember {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** The answer to an invoke (Action.Execute): the HTTP status and body Teams receives. */
export interface InvokeResponse {
  status: number;
  body?: unknown;
}

/**
 * One turn, whichever SDK runs it: the activity received, and what the bot can do in reply.
 * Errors from Teams come out as ConnectorError (statusCode, code) under both SDKs.
 */
export interface Turn {
  readonly activity: TeamsActivity;
  /** What the turn carries between its parts (a correlation id for the log and the apology); the SDK's turn state. */
  readonly state: TurnState;
  /** Sends a message into the turn's conversation; the Bot Connector's id for it. */
  send(message: OutgoingMessage | string): Promise<{ id?: string }>;
  /** A member of this conversation (or of its team, in a channel); a 404 from Teams is thrown as ConnectorError. */
  member(userId: string): Promise<TeamsMember>;
  /** Every member of the turn's team (in a channel) or conversation, all pages (TeamsInfo.getPagedMembers). */
  members(): Promise<TeamsMember[]>;
}

/** Members asked for per page, and the most pages read: a team far larger than this is not a council's plan team. */
export const MEMBERS_PAGE_SIZE = 500;
export const MEMBERS_MAX_PAGES = 20;

/** The team a channel activity belongs to, from Teams' channel data. */
export function teamIdOf(activity: TeamsActivity): string | undefined {
  const teamId = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  return typeof teamId === "string" ? teamId : undefined;
}

/** The bot's logic for one turn; an invoke's answer is returned, anything else returns nothing. */
export type TurnHandler = (turn: Turn) => Promise<InvokeResponse | void>;

/** The one turn error handler, called with the turn whose handler threw. */
export type TurnErrorHandler = (turn: Turn, error: Error) => Promise<void>;

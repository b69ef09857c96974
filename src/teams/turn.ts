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
}

/** The bot's logic for one turn; an invoke's answer is returned, anything else returns nothing. */
export type TurnHandler = (turn: Turn) => Promise<InvokeResponse | void>;

/** The one turn error handler, called with the turn whose handler threw. */
export type TurnErrorHandler = (turn: Turn, error: Error) => Promise<void>;

import type { ConversationRef } from "./conversationReference";
import type { BotSdk } from "./createRuntime";
import type { InvokeResponse, Turn, TurnErrorHandler, TurnHandler } from "./turn";

/** The bot registration, from one .env whichever SDK runs (each maps it onto its own auth settings). */
export interface BotIdentity {
  /** Unset: local only, every request is accepted anonymously and nothing is signed. */
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: "SingleTenant" | "UserAssignedMSI";
  /** Tests only: where the keys that sign Bot Framework tokens are published (default: the Bot Framework's own). */
  openIdMetadataUrl?: string;
}

/** An HTTP request to /api/messages as the edge received it: the parsed JSON body and the Authorization header. */
export interface IncomingRequest {
  body: unknown;
  authorization?: string;
}

/**
 * The seam between Plan Tracker and the SDK that speaks the Bot Framework protocol. Everything
 * above it (handlers, command table, cards, cycles, storage) knows only these types; each
 * implementation lives in its own folder (src/teams/botbuilder/, src/teams/agents/).
 */
export interface TeamsRuntime {
  readonly sdk: BotSdk;
  /**
   * Authenticates a request (a Bot Framework token when an app id is set), runs the handler in a
   * turn, and says what to answer: the invoke response, or 200 with no body. A request whose token
   * is missing, forged, expired, for another bot or another service URL is refused with
   * RequestRefused 401; then one that is not an activity (no type, no conversation) with 400. No
   * handler runs for either. Failures inside the
   * handler go to the turn error handler.
   */
  process(request: IncomingRequest, handler: TurnHandler): Promise<InvokeResponse>;
  /** Runs `work` in a turn on a stored conversation (a proactive message). */
  continueConversation(reference: ConversationRef, work: (turn: Turn) => Promise<void>): Promise<void>;
  /**
   * Creates a personal chat with a member of a team the bot is installed in (createConversation),
   * and returns its reference.
   */
  createPersonalChat(team: ConversationRef, member: { id: string; name?: string }, tenantId: string): Promise<ConversationRef>;
}

export interface RuntimeOptions {
  identity: BotIdentity;
  onTurnError: TurnErrorHandler;
}

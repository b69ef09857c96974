import { Activity, ActivityTypes, type ConversationParameters } from "@microsoft/agents-activity";
import { CloudAdapter, HttpError, type TurnContext, type ConnectorClient, type HeaderPropagationCollection, type Request } from "@microsoft/agents-hosting";
import type { JwtPayload } from "jsonwebtoken";
import type { OutgoingMessage, TeamsActivity } from "../activity";
import { malformedActivity } from "../activityShape";
import { BotTokenValidator, SigningKeysUnavailable, TokenRejected } from "../botTokenValidator";
import { ConnectorError } from "../connectorError";
import { toConversationRef, type ConversationRef } from "../conversationReference";
import { RequestRefused } from "../requestRefused";
import type { IncomingRequest, RuntimeOptions, TeamsRuntime } from "../runtime";
import { MEMBERS_MAX_PAGES, MEMBERS_PAGE_SIZE, teamIdOf, type InvokeResponse, type TeamsMember, type Turn, type TurnHandler, type TurnState } from "../turn";
import { authConfiguration } from "./authConfiguration";
import { retryingConnectorClient } from "./connectorClient";

/** Plan Tracker on the Microsoft 365 Agents SDK (@microsoft/agents-hosting), Microsoft's supported successor to botbuilder. */
export function createRuntime(options: RuntimeOptions): TeamsRuntime {
  return new AgentsRuntime(options);
}

/** The Bot Connector's scope, which botbuilder calls ToChannelFromBotOAuthScope. */
const BOT_CONNECTOR_SCOPE = "https://api.botframework.com";

/** A failed Bot Connector request (the SDK's HttpError: status, and Teams' error in the body). */
function connectorError(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const code = (error.response?.data as { error?: { code?: unknown } } | undefined)?.error?.code;
  return new ConnectorError(error.status, typeof code === "string" ? code : undefined, error.message, { cause: error });
}

/** A plain copy of the SDK's Activity (a class whose channelId is a getter), as the rest of Plan Tracker reads activities. */
const plainActivity = (activity: Activity): TeamsActivity => JSON.parse(activity.toJsonString()) as TeamsActivity;

class AgentsTurn implements Turn {
  readonly activity: TeamsActivity;

  constructor(private readonly context: TurnContext) {
    this.activity = plainActivity(context.activity);
  }

  get state(): TurnState {
    return this.context.turnState;
  }

  async send(message: OutgoingMessage | string): Promise<{ id?: string }> {
    try {
      const sent = await this.context.sendActivity(typeof message === "string" ? message : Activity.fromObject({ type: ActivityTypes.Message, ...message }));
      return { id: sent?.id };
    } catch (error) {
      throw connectorError(error);
    }
  }

  /** TeamsInfo.getMember: a team's member in a channel, else the conversation's. */
  async member(userId: string): Promise<TeamsMember> {
    const client = this.context.turnState.get<ConnectorClient>(this.context.adapter.ConnectorClientKey);
    const teamId = (this.activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
    try {
      // The SDK puts both ids into the path as they are; botbuilder escapes them, and so does this.
      const conversationId = typeof teamId === "string" ? teamId : this.activity.conversation.id;
      return (await client.getConversationMember(encodeURIComponent(userId), encodeURIComponent(conversationId))) as TeamsMember;
    } catch (error) {
      throw connectorError(error);
    }
  }

  /** TeamsInfo.getPagedMembers (the team's, in a channel): the SDK's client has no call for it, so its HTTP client asks. */
  async members(): Promise<TeamsMember[]> {
    const client = this.context.turnState.get<ConnectorClient>(this.context.adapter.ConnectorClientKey);
    const conversationId = encodeURIComponent(teamIdOf(this.activity) ?? this.activity.conversation.id);
    const found: TeamsMember[] = [];
    let continuationToken: string | undefined;
    try {
      for (let page = 0; page < MEMBERS_MAX_PAGES; page++) {
        const query = `pageSize=${MEMBERS_PAGE_SIZE}${continuationToken ? `&continuationToken=${encodeURIComponent(continuationToken)}` : ""}`;
        const response = await client.httpClient.request<{ members?: TeamsMember[]; continuationToken?: string }>({ method: "get", url: `v3/conversations/${conversationId}/pagedmembers?${query}`, headers: { "Content-Type": "application/json" } });
        found.push(...(response.data.members ?? []));
        continuationToken = response.data.continuationToken;
        if (!continuationToken) break;
      }
    } catch (error) {
      throw connectorError(error);
    }
    return found;
  }

  async answerInvoke(response: InvokeResponse): Promise<void> {
    await this.context.sendActivity(Activity.fromObject({ type: ActivityTypes.InvokeResponse, value: response }));
  }
}

/**
 * The SDK's CloudAdapter with its connector clients replaced by ones that retry and fetch their
 * token when they send (see connectorClient.ts). Agentic requests (not Teams') keep the SDK's own.
 */
class PlanTrackerCloudAdapter extends CloudAdapter {
  protected override async createConnectorClient(serviceUrl: string, scope: string, identity: JwtPayload, headers?: HeaderPropagationCollection): Promise<ConnectorClient> {
    const provider = this.connectionManager.getTokenProvider(identity, serviceUrl);
    return retryingConnectorClient(serviceUrl, () => provider.getAccessToken(scope), headers);
  }

  protected override async createConnectorClientWithIdentity(identity: JwtPayload, activity: Activity, headers?: HeaderPropagationCollection): Promise<ConnectorClient> {
    if (activity.isAgenticRequest()) return super.createConnectorClientWithIdentity(identity, activity, headers);
    const serviceUrl = activity.serviceUrl ?? "";
    if (!identity?.aud) return retryingConnectorClient(serviceUrl, async () => "", headers);
    const provider = this.connectionManager.getTokenProviderFromActivity(identity, activity);
    const scope = (identity.azp as string | undefined) ?? (identity.appid as string | undefined) ?? BOT_CONNECTOR_SCOPE;
    return retryingConnectorClient(serviceUrl, () => provider.getAccessToken(scope), headers);
  }
}

class AgentsRuntime implements TeamsRuntime {
  readonly sdk = "agents" as const;
  private readonly adapter: PlanTrackerCloudAdapter;
  private readonly appId: string | undefined;
  private readonly tokens: BotTokenValidator | undefined;

  constructor({ identity, onTurnError }: RuntimeOptions) {
    this.appId = identity.appId;
    this.adapter = new PlanTrackerCloudAdapter(authConfiguration(identity));
    this.adapter.onTurnError = (context, error) => onTurnError(new AgentsTurn(context), error);
    this.tokens = identity.appId ? new BotTokenValidator(identity.appId, identity.openIdMetadataUrl) : undefined;
  }

  /**
   * The SDK's process() does not check the token itself (its JWT middleware does, from a fixed
   * key address), and takes a request without a checked identity as anonymous. So the token is
   * checked here first, whenever an app id is set, and only then does process() run.
   */
  async process(request: IncomingRequest, handler: TurnHandler): Promise<InvokeResponse> {
    let user: JwtPayload | undefined;
    if (this.tokens) {
      try {
        user = await this.tokens.validate(request.authorization, request.body as { channelId?: unknown; serviceUrl?: unknown });
      } catch (error) {
        if (error instanceof TokenRejected || error instanceof SigningKeysUnavailable) throw new RequestRefused(401, "the request's token could not be accepted", { cause: error });
        throw error;
      }
    }
    const malformed = malformedActivity(request.body);
    if (malformed) throw new RequestRefused(400, malformed);
    // process() writes its answer to a response object; this one records it for the edge to send.
    const answer: InvokeResponse = { status: 200 };
    const response = {
      headersSent: false,
      writableEnded: false,
      status(status: number) {
        answer.status = status;
        return response;
      },
      setHeader: () => response,
      send(sent: unknown) {
        answer.body = sent;
        return response;
      },
      end: () => response,
    };
    const incoming = { method: "POST", body: request.body, headers: { authorization: request.authorization }, user } as unknown as Request;
    try {
      await this.adapter.process(incoming, response as never, async (context) => {
        const turn = new AgentsTurn(context);
        const invokeResponse = await handler(turn);
        if (invokeResponse) await turn.answerInvoke(invokeResponse);
      });
    } catch (error) {
      // The SDK parses the activity with zod before any handler runs: a malformed one is the sender's error.
      if ((error as { name?: unknown }).name === "ZodError") throw new RequestRefused(400, "not a Bot Framework activity", { cause: error });
      throw error;
    }
    return answer;
  }

  async continueConversation(reference: ConversationRef, work: (turn: Turn) => Promise<void>): Promise<void> {
    // As under botbuilder: an error inside the turn goes to the caller, not to the turn error handler.
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversation(this.identity(), { ...reference, agent: reference.bot }, async (context) => {
      try {
        await work(new AgentsTurn(context));
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  async createPersonalChat(team: ConversationRef, member: { id: string; name?: string }, tenantId: string): Promise<ConversationRef> {
    let created: ConversationRef | undefined;
    // The Bot Connector's wire name for the bot is `bot`; the SDK's type calls it `agent`.
    const parameters = { isGroup: false, agent: team.bot, bot: team.bot, members: [{ id: member.id, name: member.name }], tenantId, channelData: { tenant: { id: tenantId } } } as unknown as ConversationParameters;
    try {
      await this.adapter.createConversationAsync(this.appId ?? "", team.channelId, team.serviceUrl, BOT_CONNECTOR_SCOPE, parameters, async (context) => {
        const reference = context.activity.getConversationReference();
        created = toConversationRef({ ...reference, user: member, conversation: { ...reference.conversation, tenantId } });
      });
    } catch (error) {
      throw connectorError(error);
    }
    if (!created) throw new Error("Teams created the chat but its reference could not be read");
    return created;
  }

  /** Who the bot is when it starts a turn itself: its app id, or nobody (anonymous, local only). */
  private identity(): JwtPayload | string {
    return this.appId ?? {};
  }
}

// botbuilder's own modules, not its index: the index loads skills, streaming, transcript stores and
// the SharePoint handlers too, which the bot never uses and which cost its start about 60 ms.
import { validateAndFixActivity } from "botbuilder/lib/activityValidator";
import { CloudAdapter } from "botbuilder/lib/cloudAdapter";
import { TeamsInfo } from "botbuilder/lib/teamsInfo";
import { ActivityTypes, CallerIdConstants, TurnContext, type Activity, type ConversationReference } from "botbuilder-core";
import { AuthenticationConstants, AuthenticationError } from "botframework-connector";
import type { OutgoingMessage, TeamsActivity } from "../activity";
import { malformedActivity } from "../activityShape";
import { ConnectorError } from "../connectorError";
import { toConversationRef, type ConversationRef } from "../conversationReference";
import { RequestRefused } from "../requestRefused";
import type { IncomingRequest, RuntimeOptions, TeamsRuntime } from "../runtime";
import { MEMBERS_MAX_PAGES, MEMBERS_PAGE_SIZE, teamIdOf, type InvokeResponse, type TeamsMember, type Turn, type TurnHandler, type TurnState } from "../turn";
import { BotAuthentication } from "./botAuthentication";

/** Plan Tracker on botbuilder 4.23 (the Bot Framework SDK; Microsoft's support ended 2025-12-31). */
export function createRuntime(options: RuntimeOptions): TeamsRuntime {
  return new BotbuilderRuntime(options);
}

/** A failed Bot Connector request from botframework-connector (a RestError: statusCode, and Teams' error code). */
function connectorError(error: unknown): unknown {
  const { statusCode, code, message } = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== "number") return error;
  return new ConnectorError(statusCode, typeof code === "string" ? code : undefined, typeof message === "string" ? message : `Teams answered ${statusCode}`, { cause: error });
}

class BotbuilderTurn implements Turn {
  constructor(private readonly context: TurnContext) {}

  get activity(): TeamsActivity {
    return this.context.activity as unknown as TeamsActivity;
  }

  get state(): TurnState {
    return this.context.turnState;
  }

  async send(message: OutgoingMessage | string): Promise<{ id?: string }> {
    try {
      const sent = await this.context.sendActivity(message as Partial<Activity> | string);
      return { id: sent?.id };
    } catch (error) {
      throw connectorError(error);
    }
  }

  async member(userId: string): Promise<TeamsMember> {
    try {
      return await TeamsInfo.getMember(this.context, userId);
    } catch (error) {
      throw connectorError(error);
    }
  }

  async members(): Promise<TeamsMember[]> {
    const teamId = teamIdOf(this.activity);
    const found: TeamsMember[] = [];
    let continuationToken: string | undefined;
    try {
      for (let page = 0; page < MEMBERS_MAX_PAGES; page++) {
        const result = teamId
          ? await TeamsInfo.getPagedTeamMembers(this.context, teamId, MEMBERS_PAGE_SIZE, continuationToken)
          : await TeamsInfo.getPagedMembers(this.context, MEMBERS_PAGE_SIZE, continuationToken);
        found.push(...result.members);
        continuationToken = result.continuationToken;
        if (!continuationToken) break;
      }
    } catch (error) {
      throw connectorError(error);
    }
    return found;
  }

  async answerInvoke(response: InvokeResponse): Promise<void> {
    await this.context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }
}

const toBotbuilder = (reference: ConversationRef): Partial<ConversationReference> => ({
  channelId: reference.channelId,
  serviceUrl: reference.serviceUrl,
  conversation: reference.conversation as ConversationReference["conversation"],
  bot: reference.bot as ConversationReference["bot"],
  user: reference.user as ConversationReference["user"],
  activityId: reference.activityId,
  locale: reference.locale,
});

/**
 * CloudAdapter with the HTTP part left to Plan Tracker's edge, which reads the body and writes
 * every answer. The token is checked first; then an activity that is not one is refused (400).
 */
class PlanTrackerAdapter extends CloudAdapter {
  async handle(authHeader: string, body: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const activity = body as unknown as Activity;
    const authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    const malformed = malformedActivity(body);
    if (malformed) throw new RequestRefused(400, malformed);
    return this.processActivity(authenticated, validateAndFixActivity(activity), logic);
  }
}

class BotbuilderRuntime implements TeamsRuntime {
  readonly sdk = "botbuilder" as const;
  private readonly adapter: PlanTrackerAdapter;
  private readonly appId: string;

  constructor({ identity, onTurnError }: RuntimeOptions) {
    this.appId = identity.appId ?? "";
    const auth = new BotAuthentication({
      MicrosoftAppId: identity.appId ?? "",
      MicrosoftAppPassword: identity.appPassword ?? "",
      MicrosoftAppTenantId: identity.appTenantId ?? "",
      MicrosoftAppType: identity.appId ? identity.appType : "",
      // Tests point token validation at their own signing keys; everything else stays the public cloud's.
      ...(identity.openIdMetadataUrl
        ? {
            ToBotFromChannelOpenIdMetadataUrl: identity.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            ValidateAuthority: true,
            CallerId: CallerIdConstants.PublicAzureChannel,
          }
        : {}),
    });
    this.adapter = new PlanTrackerAdapter(auth);
    this.adapter.onTurnError = (context, error) => onTurnError(new BotbuilderTurn(context), error);
  }

  async process(request: IncomingRequest, handler: TurnHandler): Promise<InvokeResponse> {
    try {
      const answer = await this.adapter.handle(request.authorization ?? "", request.body as Record<string, unknown>, async (context) => {
        const turn = new BotbuilderTurn(context);
        const invokeResponse = await handler(turn);
        if (invokeResponse) await turn.answerInvoke(invokeResponse);
      });
      return answer ?? { status: 200 };
    } catch (error) {
      // BotAuthentication turns every failure to check a token (keys unreachable included) into an AuthenticationError.
      if (error instanceof AuthenticationError) throw new RequestRefused(401, "the request's token could not be accepted", { cause: error });
      throw error;
    }
  }

  async continueConversation(reference: ConversationRef, work: (turn: Turn) => Promise<void>): Promise<void> {
    // An error inside the turn would go to the turn error handler (which would apologise in that
    // conversation): it is carried out of the turn and thrown to the caller instead.
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, toBotbuilder(reference), async (context) => {
      try {
        await work(new BotbuilderTurn(context));
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  async createPersonalChat(team: ConversationRef, member: { id: string; name?: string }, tenantId: string): Promise<ConversationRef> {
    let created: ConversationRef | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        team.channelId,
        team.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        { isGroup: false, bot: team.bot as ConversationReference["bot"], members: [{ id: member.id, name: member.name ?? "" }], tenantId, channelData: { tenant: { id: tenantId } } },
        async (context) => {
          const reference = TurnContext.getConversationReference(context.activity);
          created = toConversationRef({ ...reference, user: member, conversation: { ...reference.conversation, tenantId } });
        },
      );
    } catch (error) {
      throw connectorError(error);
    }
    if (!created) throw new Error("Teams created the chat but its reference could not be read");
    return created;
  }
}

import { TeamsActivityHandler, TurnContext, type AdaptiveCardInvokeResponse } from "botbuilder";
import { z } from "zod";
import { COMMON_BUTTONS, expandCard, forViewer, messageCard, type CardReply } from "../cards/cards";
import { commandButtonSchema } from "./buttonData";
import { cardAttachment } from "./cards";
import { findButton } from "./commandTable";
import type { Dispatcher } from "./dispatcher";
import type { Conversations } from "./services";
import { teamsDirectory, tenantOf, turnOf } from "./teamsTurn";

export interface BotDependencies {
  dispatcher: Dispatcher;
  conversations: Conversations;
  /** Empty: every tenant may use the bot. */
  allowedTenantIds: string[];
  log: (message: string) => void;
}

const executeSchema = z.object({
  action: z.object({ type: z.literal("Action.Execute"), verb: z.string(), data: z.unknown() }),
});

const BAD_REQUEST: AdaptiveCardInvokeResponse = { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "That button's data is not something Plan Tracker sent." } };

/**
 * Plan Tracker in Teams: turns activities into calls on the command table (typed text,
 * card buttons, their Action.Submit fallback) and the answers into activities. What each
 * command does is in commandTable.ts; nothing here knows one command from another.
 */
export class PlanTrackerBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      const value = context.activity.value as { verb?: unknown } | undefined;
      if (findButton(value?.verb) && !context.activity.text) {
        // The Action.Submit fallback of the card's buttons: the same handlers, answered with a new message.
        const { verb, ...data } = value!;
        const pressed = await deps.dispatcher.press(turnOf(context), teamsDirectory(context), verb, data);
        await this.reply(context, "reply" in pressed ? pressed.reply : messageCard("That button's data is not something Plan Tracker sent.", { buttons: [] }));
      } else {
        await this.reply(context, await deps.dispatcher.answer(turnOf(context), teamsDirectory(context), this.messageText(context)));
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.recordInstallation(context, true);
      await this.welcome(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.recordInstallation(context, false);
      await next();
    });
    // Older clients announce the bot joining or leaving with conversationUpdate only. The welcome
    // stays with installationUpdate, which Teams sends as well, so nobody is welcomed twice.
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await this.recordInstallation(context, true);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id)) await this.recordInstallation(context, false);
      await next();
    });
  }

  /** Activities from tenants that are not allowed are dropped before any storage write or reply. */
  override async run(context: TurnContext): Promise<void> {
    const allowed = this.deps.allowedTenantIds;
    if (allowed.length > 0) {
      const tenant = tenantOf(context.activity);
      if (!tenant || !allowed.includes(tenant)) {
        this.deps.log(`Dropped a ${context.activity.type} activity from tenant ${tenant ?? "(none)"}, which is not in ALLOWED_TENANT_IDS`);
        return;
      }
    }
    await super.run(context);
  }

  /** Action.Execute: the card that was clicked is replaced by the button's answer (a command's is the same as typing it). */
  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const invoke = executeSchema.safeParse(context.activity.value);
    if (!invoke.success) return BAD_REQUEST;
    const pressed = await this.deps.dispatcher.press(turnOf(context), teamsDirectory(context), invoke.data.action.verb, invoke.data.action.data);
    if (!("reply" in pressed)) return BAD_REQUEST;
    return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(forViewer(pressed.reply, context.activity.from?.id)) };
  }

  /** The typed text without the bot's @mention, or a card button's command (Action.Submit fallback). */
  private messageText(context: TurnContext): string {
    const { activity } = context;
    if (activity.value !== undefined && !activity.text) {
      const data = commandButtonSchema.safeParse(activity.value);
      return data.success ? data.data.command : "";
    }
    TurnContext.removeRecipientMention(activity);
    return (activity.text ?? "").replace(/<at>[^<]*<\/at>/g, "").trim();
  }

  private async reply(context: TurnContext, reply: CardReply): Promise<void> {
    await context.sendActivity({ attachments: [cardAttachment(forViewer(reply, context.activity.from?.id))] });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const reply = messageCard(
      "I keep the SEND improvement plan current. Ask me “status” for the progress table, “status 1.2” for one action, “overdue”, “mine”, “kpis” or “risks” — in this chat, or by @mentioning me in a channel.",
      { title: "Hello, I'm Plan Tracker", buttons: [...COMMON_BUTTONS, { title: "Help", command: "help" }] },
    );
    await context.sendActivity({ attachments: [cardAttachment(reply)] });
  }

  private async recordInstallation(context: TurnContext, installed: boolean): Promise<void> {
    const { activity } = context;
    const tenant = tenantOf(activity) ?? "no-tenant";
    const reference = TurnContext.getConversationReference(activity);
    const scope = activity.conversation?.conversationType ?? "personal";
    await this.deps.conversations.record(tenant, activity.conversation.id, { scope, installed, reference });
    if (scope === "personal" && activity.from?.aadObjectId) {
      await this.deps.conversations.record(tenant, `user|${activity.from.aadObjectId}`, { scope, installed, reference });
    }
  }
}

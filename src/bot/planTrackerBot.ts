import { TeamsActivityHandler, TurnContext, type Activity, type AdaptiveCardInvokeResponse } from "botbuilder";
import { z } from "zod";
import type { PlanService } from "../app/planService";
import { todayIn } from "../domain/dates";
import { isPlanTrackerError } from "../errors";
import type { ConversationRepository } from "../storage/conversationRepository";
import { cardAttachment, COMMON_BUTTONS, expandCard, messageCard, type CardReply } from "./cards";
import { answer } from "./commands";
import type { TurnUser } from "./commands/context";
import { parseCommand } from "./parseCommand";

export interface BotDependencies {
  plans: PlanService;
  conversations: ConversationRepository;
  /** Empty: every tenant may use the bot. */
  allowedTenantIds: string[];
  /** What "today" is; a test clock outside production. */
  now: () => Date;
  log: (message: string) => void;
}

/** What a button sends, through Action.Execute (invoke) or its Action.Submit fallback (message value). */
const buttonDataSchema = z.object({ command: z.string().trim().min(1).max(200) });
const executeSchema = z.object({
  action: z.object({ type: z.literal("Action.Execute"), verb: z.string(), data: z.unknown() }),
});

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined);
}

/**
 * Plan Tracker in Teams: answers commands typed in a chat (or @mentioning it in a
 * channel or group chat) and from card buttons, with cards computed from the stored plan.
 */
export class PlanTrackerBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      await this.answerText(context, this.messageText(context));
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

  /**
   * Action.Execute: the card that was clicked is replaced by the answer to its
   * button's command (the same answer as typing it), with buttons to move on.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const invoke = executeSchema.safeParse(context.activity.value);
    const data = invoke.success && invoke.data.action.verb === "command" ? buttonDataSchema.safeParse(invoke.data.action.data) : undefined;
    if (!data?.success) {
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "That button's data is not something Plan Tracker sent." } };
    }
    const reply = await this.replyTo(context, data.data.command);
    return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(reply) };
  }

  /** The typed text without the bot's @mention, or a card button's command (Action.Submit fallback). */
  private messageText(context: TurnContext): string {
    const { activity } = context;
    if (activity.value !== undefined && !activity.text) {
      const data = buttonDataSchema.safeParse(activity.value);
      return data.success ? data.data.command : "";
    }
    TurnContext.removeRecipientMention(activity);
    return (activity.text ?? "").replace(/<at>[^<]*<\/at>/g, "").trim();
  }

  private async answerText(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity({ attachments: [cardAttachment(await this.replyTo(context, text))] });
  }

  private async replyTo(context: TurnContext, text: string): Promise<CardReply> {
    const command = parseCommand(text);
    let reply: CardReply;
    try {
      const planId = await this.deps.plans.resolvePlanId();
      const view = await this.deps.plans.view(planId);
      const user: TurnUser = { aadObjectId: context.activity.from?.aadObjectId, name: context.activity.from?.name ?? "" };
      reply = answer(command, { view, asOf: todayIn(view.plan.timeZone, this.deps.now()), user });
    } catch (error) {
      // A missing plan is a state to explain, not a failure; anything else goes to the turn error handler.
      if (!isPlanTrackerError(error, "not-found")) throw error;
      reply = messageCard(error.message, { buttons: [] });
    }
    return reply;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const reply = messageCard(
      "I keep the SEND improvement plan current. Ask me `status` for the progress table, `status 1.2` for one action, `overdue`, `mine`, `kpis` or `risks` — in this chat, or by @mentioning me in a channel.",
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

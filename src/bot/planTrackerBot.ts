import { TeamsActivityHandler, TeamsInfo, TurnContext, type Activity, type AdaptiveCardInvokeResponse } from "botbuilder";
import { z } from "zod";
import type { PlanService } from "../app/planService";
import type { Messenger } from "../app/promptCycle";
import { todayIn } from "../domain/dates";
import { isPlanTrackerError } from "../errors";
import { findPersonByAddress, findPersonByName } from "../domain/people";
import { mayUpdateMilestone } from "../domain/permissions";
import { findMilestone, type PlanView } from "../domain/view";
import type { ConversationRepository } from "../storage/conversationRepository";
import type { LinkRepository } from "../storage/linkRepository";
import type { PromptRepository, StoredPrompt } from "../storage/promptRepository";
import { SharedReads } from "../app/sharedReads";
import { memoOn } from "../domain/memo";
import type { DigestService } from "../app/digestService";
import type { DigestRepository } from "../storage/digestRepository";
import { boardsCommand } from "./commands/boards";
import { digestCommand, digestHereCommand } from "./commands/digest";
import { cycleOf } from "../domain/duePrompts";
import { promptStates } from "../domain/promptState";
import { cardAttachment, COMMON_BUTTONS, expandCard, forViewer, messageCard, type CardReply } from "./cards";
import { answer } from "./commands";
import type { TurnUser } from "./commands/context";
import { peopleCommand } from "./commands/people";
import { changesCommand } from "./commands/changes";
import { milestoneUpdateCard } from "./cardActions/milestoneUpdateCard";
import { refreshMilestones } from "./cardActions/refreshMilestones";
import { saveMilestone } from "./cardActions/saveMilestone";
import { snoozeMilestone } from "./cardActions/snoozeMilestone";
import { notMine } from "./cardActions/notMine";
import { parseCommand } from "./parseCommand";

export interface BotDependencies {
  plans: PlanService;
  conversations: ConversationRepository;
  links: LinkRepository;
  promptRecords: PromptRepository;
  digests: DigestService;
  digestRecords: DigestRepository;
  /** Empty: every tenant may use the bot. */
  allowedTenantIds: string[];
  /** Azure AD object ids of plan admins. */
  adminIds: string[];
  /** What "today" is; a test clock outside production. */
  now: () => Date;
  /** Proactive messages (a lead told that a milestone turned Red). */
  messenger?: Messenger;
  log: (message: string) => void;
}

/** What a button sends, through Action.Execute (invoke) or its Action.Submit fallback (message value). */
const buttonDataSchema = z.object({ command: z.string().trim().min(1).max(200) });
const executeSchema = z.object({
  action: z.object({ type: z.literal("Action.Execute"), verb: z.string(), data: z.unknown() }),
});

/** The milestone card's buttons, one handler each. */
const CARD_ACTIONS = { saveMilestone, snoozeMilestone, notMine, refreshMilestones } as const;
type CardVerb = keyof typeof CARD_ACTIONS;
const isCardVerb = (verb: unknown): verb is CardVerb => typeof verb === "string" && Object.hasOwn(CARD_ACTIONS, verb);

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined);
}

/**
 * Plan Tracker in Teams: answers commands typed in a chat (or @mentioning it in a
 * channel or group chat) and from card buttons, with cards computed from the stored plan.
 */
export class PlanTrackerBot extends TeamsActivityHandler {
  private readonly promptReads = new SharedReads<StoredPrompt[]>(2000);

  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      const value = context.activity.value as { verb?: unknown } | undefined;
      if (isCardVerb(value?.verb) && !context.activity.text) {
        // The Action.Submit fallback of the card's buttons: the same handlers, answered with a new message.
        await context.sendActivity({ attachments: [cardAttachment(forViewer(await this.cardAction(context, value.verb, value), context.activity.from?.id))] });
      } else {
        await this.answerText(context, this.messageText(context));
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

  /**
   * Action.Execute: the card that was clicked is replaced by the answer to its
   * button's command (the same answer as typing it), with buttons to move on.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    const invoke = executeSchema.safeParse(context.activity.value);
    if (invoke.success && isCardVerb(invoke.data.action.verb)) {
      const reply = await this.cardAction(context, invoke.data.action.verb, invoke.data.action.data);
      return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(forViewer(reply, context.activity.from?.id)) };
    }
    const data = invoke.success && invoke.data.action.verb === "command" ? buttonDataSchema.safeParse(invoke.data.action.data) : undefined;
    if (!data?.success) {
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "That button's data is not something Plan Tracker sent." } };
    }
    const reply = await this.replyTo(context, data.data.command);
    return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(forViewer(reply, context.activity.from?.id)) };
  }

  /** The milestone card's buttons: Save, Remind me, Not mine. */
  private cardAction(context: TurnContext, verb: CardVerb, data: unknown): Promise<CardReply> {
    const from = context.activity.from;
    const sender = { aadObjectId: from?.aadObjectId, name: from?.name ?? "" };
    return CARD_ACTIONS[verb](this.deps, data, sender);
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
    await context.sendActivity({ attachments: [cardAttachment(forViewer(await this.replyTo(context, text), context.activity.from?.id))] });
  }

  private async replyTo(context: TurnContext, text: string): Promise<CardReply> {
    try {
      const planId = await this.deps.plans.resolvePlanId();
      const view = await this.deps.plans.view(planId);
      const user: TurnUser = { aadObjectId: context.activity.from?.aadObjectId, name: context.activity.from?.name ?? "" };
      const personId = user.aadObjectId ? await this.personOf(context, planId, view, user.aadObjectId) : undefined;
      const asOf = todayIn(view.plan.timeZone, this.deps.now());
      const command = parseCommand(text, view.plan, asOf);
      const promptStates = command.name === "overdue" ? await this.promptStatesOf(planId, view, asOf) : undefined;
      const commandContext = { view, asOf, user, personId, promptStates };
      // Authorisation comes from the sender's aadObjectId and the configured admins, never from a name.
      const isAdmin = user.aadObjectId !== undefined && this.deps.adminIds.includes(user.aadObjectId);
      if (command.name === "update") {
        if (!mayUpdateMilestone(view.plan, command.milestoneId, { personId, isAdmin })) {
          const exists = findMilestone(view.plan, command.milestoneId) !== undefined;
          return messageCard(exists ? `Only the owner of milestone ${command.milestoneId}, its action lead or a plan admin can update it.` : `There is no milestone ${command.milestoneId} in the plan.`, { buttons: [] });
        }
        // A sentence asking for a change ("mark 2.4.1 complete") opens the card with that status chosen; Save still decides.
        const typed = command.status ? { [command.milestoneId]: { status: command.status } } : undefined;
        return milestoneUpdateCard(view, [command.milestoneId], commandContext.asOf, typed ? { typed } : {});
      }
      if (command.name === "changes") return await changesCommand(this.deps, commandContext, planId, command.period, context.activity.conversation.id);
      if (command.name === "boards") return boardsCommand(commandContext, await this.deps.digestRecords.channels(planId));
      if (command.name === "digest") return await digestCommand(this.deps, commandContext, planId, command.board, context.activity.conversation.id);
      if (command.name === "digestHere") {
        if (!isAdmin) return messageCard("Only plan admins can choose where a board's digest is posted. Ask one of them to do it for you.", { buttons: [] });
        return await digestHereCommand(this.deps, commandContext, planId, command.board, context, tenantOf(context.activity) ?? "no-tenant");
      }
      if (command.name === "people" || command.name === "link") {
        if (!isAdmin) return messageCard(`Only plan admins can ${command.name === "people" ? "see who is linked" : "link people"}. Ask one of them to do it for you.`, { buttons: [] });
        if (command.name === "people") {
          const [links, installed, prompts] = await Promise.all([
            this.deps.links.list(planId),
            this.deps.conversations.installedUsers(tenantOf(context.activity) ?? "no-tenant"),
            this.deps.promptRecords.listCycle(planId, cycleOf(commandContext.asOf)),
          ]);
          const unreachable = new Map(prompts.filter((p) => p.state === "unreachable" && p.recipient === p.ownerId).map((p) => [p.ownerId, p.reason ?? "no reason recorded"]));
          return peopleCommand(commandContext, links, installed, unreachable);
        }
        return await this.link(context, planId, view, command.personName);
      }
      return answer(command, commandContext);
    } catch (error) {
      // A missing plan or person is a state to explain, not a failure; anything else goes to the turn error handler.
      if (!isPlanTrackerError(error, "not-found") && !isPlanTrackerError(error, "conflict")) throw error;
      return messageCard(error.message, { buttons: [] });
    }
  }

  /**
   * Each milestone's prompt state this cycle, for `overdue`. The cycle's records are read
   * once for everyone asking within a couple of seconds, and the states worked out once per
   * (records, plan view): the same map, so the `overdue` answer built from it is shared too.
   */
  private async promptStatesOf(planId: string, view: PlanView, asOf: string) {
    const cycle = cycleOf(asOf);
    const prompts = await this.promptReads.get(`${planId}|${cycle}`, () => this.deps.promptRecords.listCycle(planId, cycle));
    const byView = memoOn(prompts, "states", () => new WeakMap<PlanView, ReadonlyMap<string, string>>());
    let states = byView.get(view);
    if (!states) {
      states = promptStates(prompts, (id) => view.milestones.get(id)?.updatedAt);
      byView.set(view, states);
    }
    return states;
  }

  /**
   * The plan person this Teams user is. Not linked yet and the plan has addresses:
   * Teams tells us the user's email and UPN, and a match links them.
   */
  private async personOf(context: TurnContext, planId: string, view: PlanView, aadObjectId: string): Promise<string | undefined> {
    const linked = await this.deps.links.personFor(planId, aadObjectId);
    if (linked || !view.plan.people.some((p) => p.email || p.upn) || context.activity.channelId !== "msteams") return linked;
    let member;
    try {
      member = await TeamsInfo.getMember(context, context.activity.from.id);
    } catch (error) {
      this.deps.log(`Could not look up ${aadObjectId} in Teams to link them by email: ${String(error)}`);
      return undefined;
    }
    const person = findPersonByAddress(view.plan, [member.email, member.userPrincipalName]);
    if (!person) return undefined;
    await this.deps.links.link(planId, person.id, { aadObjectId, name: member.name ?? person.name, tenantId: tenantOf(context.activity) }, "email", "Plan Tracker (email match)");
    return person.id;
  }

  /** `link <person> to @user`: the mentioned user becomes that plan person (admins only). */
  private async link(context: TurnContext, planId: string, view: PlanView, personName: string): Promise<CardReply> {
    const person = findPersonByName(view.plan, personName);
    if (!person) {
      const names = view.plan.people.map((p) => p.name).slice(0, 8).join(", ");
      return messageCard(`There is no "${personName}" among the plan's people (for example ${names}). Nothing was linked.`, { buttons: [{ title: "People", command: "people" }] });
    }
    const mention = (context.activity.entities ?? []).find(
      (e) => e.type === "mention" && (e as { mentioned?: { id?: string } }).mentioned?.id !== context.activity.recipient.id,
    ) as { mentioned?: { id?: string } } | undefined;
    if (!mention?.mentioned?.id) {
      return messageCard(`Mention the Teams user to link: "link ${person.name} to @them". Nothing was linked.`, { buttons: [] });
    }
    const member = await TeamsInfo.getMember(context, mention.mentioned.id);
    if (!member.aadObjectId) return messageCard("Teams did not say who that is (no Azure AD id); nothing was linked.", { buttons: [] });
    await this.deps.links.link(planId, person.id, { aadObjectId: member.aadObjectId, name: member.name, tenantId: tenantOf(context.activity) }, "manual", context.activity.from.name ?? "an admin");
    return messageCard(`${person.name} is now linked to ${member.name} in Teams. Plan Tracker will ask them about their milestones.`, {
      buttons: [{ title: "People", command: "people" }],
    });
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

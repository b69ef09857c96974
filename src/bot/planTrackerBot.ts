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
import { milestoneUpdateCard } from "./cardActions/milestoneUpdateCard";
import { refreshMilestones } from "./cardActions/refreshMilestones";
import { saveMilestone } from "./cardActions/saveMilestone";
import { snoozeMilestone } from "./cardActions/snoozeMilestone";
import { notMine } from "./cardActions/notMine";
import { parseCommand } from "./parseCommand";
import { tenantOf, textWithoutMention, type TeamsActivity } from "../teams/activity";
import { referenceOf } from "../teams/conversationReference";
import type { InvokeResponse, Turn } from "../teams/turn";

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

export { tenantOf };

/** An Adaptive Card invoke's answer (Action.Execute): the card that replaces the clicked one, or an error. */
type AdaptiveCardInvokeResponse = { statusCode: number; type: string; value: unknown };
const invokeError = (statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse => ({ statusCode, type: "application/vnd.microsoft.error", value: { code, message } });

/**
 * Plan Tracker in Teams: answers commands typed in a chat (or @mentioning it in a
 * channel or group chat) and from card buttons, with cards computed from the stored plan.
 */
export class PlanTrackerBot {
  private readonly promptReads = new SharedReads<StoredPrompt[]>(2000);

  constructor(private readonly deps: BotDependencies) {}

  /**
   * One turn, whichever SDK delivered it. Activities from tenants that are not allowed are
   * dropped before any storage write or reply; the rest are routed as botbuilder's
   * TeamsActivityHandler routed them (an invoke Plan Tracker does not handle gets 501).
   */
  readonly handle = async (turn: Turn): Promise<InvokeResponse | void> => {
    const { activity } = turn;
    const allowed = this.deps.allowedTenantIds;
    if (allowed.length > 0) {
      const tenant = tenantOf(activity);
      if (!tenant || !allowed.includes(tenant)) {
        this.deps.log(`Dropped a ${activity.type} activity from tenant ${tenant ?? "(none)"}, which is not in ALLOWED_TENANT_IDS`);
        return;
      }
    }
    switch (activity.type) {
      case "message":
        return this.onMessage(turn);
      case "invoke":
        return activity.name === "adaptiveCard/action" ? this.onAdaptiveCardInvoke(turn) : { status: 501 };
      case "installationUpdate":
        if (activity.action === "add" || activity.action === "add-upgrade") {
          await this.recordInstallation(activity, true);
          await this.welcome(turn);
        } else if (activity.action === "remove" || activity.action === "remove-upgrade") {
          await this.recordInstallation(activity, false);
        }
        return;
      case "conversationUpdate":
        // Older clients announce the bot joining or leaving with conversationUpdate only. The welcome
        // stays with installationUpdate, which Teams sends as well, so nobody is welcomed twice.
        if (activity.membersAdded?.some((m) => m.id === activity.recipient.id)) await this.recordInstallation(activity, true);
        if (activity.membersRemoved?.some((m) => m.id === activity.recipient.id)) await this.recordInstallation(activity, false);
        return;
      default:
        return;
    }
  };

  private async onMessage(turn: Turn): Promise<void> {
    const { activity } = turn;
    const value = activity.value as { verb?: unknown } | undefined;
    if (isCardVerb(value?.verb) && !activity.text) {
      // The Action.Submit fallback of the card's buttons: the same handlers, answered with a new message.
      await turn.send({ attachments: [cardAttachment(forViewer(await this.cardAction(activity, value.verb, value), activity.from?.id))] });
    } else {
      await this.answerText(turn, this.messageText(activity));
    }
  }

  /**
   * Action.Execute: the card that was clicked is replaced by the answer to its
   * button's command (the same answer as typing it), with buttons to move on.
   */
  private async onAdaptiveCardInvoke(turn: Turn): Promise<InvokeResponse> {
    const answer = (response: AdaptiveCardInvokeResponse): InvokeResponse => ({ status: response.statusCode, body: response });
    const { activity } = turn;
    // As botbuilder's ActivityHandler checks an adaptiveCard/action invoke before any handler sees it.
    const value = activity.value as { action?: { type?: unknown } } | undefined;
    if (!value) return answer(invokeError(400, "BadRequest", "Missing value property"));
    if (value.action?.type !== "Action.Execute") return answer(invokeError(400, "NotSupported", `The action '${String(value.action?.type)}' is not supported.`));
    const invoke = executeSchema.safeParse(value);
    if (invoke.success && isCardVerb(invoke.data.action.verb)) {
      const reply = await this.cardAction(activity, invoke.data.action.verb, invoke.data.action.data);
      return answer({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(forViewer(reply, activity.from?.id)) });
    }
    const data = invoke.success && invoke.data.action.verb === "command" ? buttonDataSchema.safeParse(invoke.data.action.data) : undefined;
    if (!data?.success) return answer(invokeError(400, "BadRequest", "That button's data is not something Plan Tracker sent."));
    const reply = await this.replyTo(turn, data.data.command);
    return answer({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: expandCard(forViewer(reply, activity.from?.id)) });
  }

  /** The milestone card's buttons: Save, Remind me, Not mine. */
  private cardAction(activity: TeamsActivity, verb: CardVerb, data: unknown): Promise<CardReply> {
    const from = activity.from;
    const sender = { aadObjectId: from?.aadObjectId, name: from?.name ?? "" };
    return CARD_ACTIONS[verb](this.deps, data, sender);
  }

  /** The typed text without the bot's @mention, or a card button's command (Action.Submit fallback). */
  private messageText(activity: TeamsActivity): string {
    if (activity.value !== undefined && !activity.text) {
      const data = buttonDataSchema.safeParse(activity.value);
      return data.success ? data.data.command : "";
    }
    return textWithoutMention(activity);
  }

  private async answerText(turn: Turn, text: string): Promise<void> {
    await turn.send({ attachments: [cardAttachment(forViewer(await this.replyTo(turn, text), turn.activity.from?.id))] });
  }

  private async replyTo(turn: Turn, text: string): Promise<CardReply> {
    const { activity } = turn;
    const command = parseCommand(text);
    try {
      const planId = await this.deps.plans.resolvePlanId();
      const view = await this.deps.plans.view(planId);
      const user: TurnUser = { aadObjectId: activity.from?.aadObjectId, name: activity.from?.name ?? "" };
      const personId = user.aadObjectId ? await this.personOf(turn, planId, view, user.aadObjectId) : undefined;
      const asOf = todayIn(view.plan.timeZone, this.deps.now());
      const promptStates = command.name === "overdue" ? await this.promptStatesOf(planId, view, asOf) : undefined;
      const commandContext = { view, asOf, user, personId, promptStates };
      // Authorisation comes from the sender's aadObjectId and the configured admins, never from a name.
      const isAdmin = user.aadObjectId !== undefined && this.deps.adminIds.includes(user.aadObjectId);
      if (command.name === "update") {
        if (!mayUpdateMilestone(view.plan, command.milestoneId, { personId, isAdmin })) {
          const exists = findMilestone(view.plan, command.milestoneId) !== undefined;
          return messageCard(exists ? `Only the owner of milestone ${command.milestoneId}, its action lead or a plan admin can update it.` : `There is no milestone ${command.milestoneId} in the plan.`, { buttons: [] });
        }
        return milestoneUpdateCard(view, [command.milestoneId], commandContext.asOf);
      }
      if (command.name === "boards") return boardsCommand(commandContext, await this.deps.digestRecords.channels(planId));
      if (command.name === "digest") return await digestCommand(this.deps, commandContext, planId, command.board, activity.conversation.id);
      if (command.name === "digestHere") {
        if (!isAdmin) return messageCard("Only plan admins can choose where a board's digest is posted. Ask one of them to do it for you.", { buttons: [] });
        return await digestHereCommand(this.deps, commandContext, planId, command.board, activity, tenantOf(activity) ?? "no-tenant");
      }
      if (command.name === "people" || command.name === "link") {
        if (!isAdmin) return messageCard(`Only plan admins can ${command.name === "people" ? "see who is linked" : "link people"}. Ask one of them to do it for you.`, { buttons: [] });
        if (command.name === "people") {
          const [links, installed, prompts] = await Promise.all([
            this.deps.links.list(planId),
            this.deps.conversations.installedUsers(tenantOf(activity) ?? "no-tenant"),
            this.deps.promptRecords.listCycle(planId, cycleOf(commandContext.asOf)),
          ]);
          const unreachable = new Map(prompts.filter((p) => p.state === "unreachable" && p.recipient === p.ownerId).map((p) => [p.ownerId, p.reason ?? "no reason recorded"]));
          return peopleCommand(commandContext, links, installed, unreachable);
        }
        return await this.link(turn, planId, view, command.personName);
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
  private async personOf(turn: Turn, planId: string, view: PlanView, aadObjectId: string): Promise<string | undefined> {
    const { activity } = turn;
    const linked = await this.deps.links.personFor(planId, aadObjectId);
    if (linked || !view.plan.people.some((p) => p.email || p.upn) || activity.channelId !== "msteams") return linked;
    let member;
    try {
      member = await turn.member(activity.from.id);
    } catch (error) {
      this.deps.log(`Could not look up ${aadObjectId} in Teams to link them by email: ${String(error)}`);
      return undefined;
    }
    const person = findPersonByAddress(view.plan, [member.email, member.userPrincipalName]);
    if (!person) return undefined;
    await this.deps.links.link(planId, person.id, { aadObjectId, name: member.name ?? person.name, tenantId: tenantOf(activity) }, "email", "Plan Tracker (email match)");
    return person.id;
  }

  /** `link <person> to @user`: the mentioned user becomes that plan person (admins only). */
  private async link(turn: Turn, planId: string, view: PlanView, personName: string): Promise<CardReply> {
    const { activity } = turn;
    const person = findPersonByName(view.plan, personName);
    if (!person) {
      const names = view.plan.people.map((p) => p.name).slice(0, 8).join(", ");
      return messageCard(`There is no "${personName}" among the plan's people (for example ${names}). Nothing was linked.`, { buttons: [{ title: "People", command: "people" }] });
    }
    const mention = (activity.entities ?? []).find(
      (e) => e.type === "mention" && (e as { mentioned?: { id?: string } }).mentioned?.id !== activity.recipient.id,
    ) as { mentioned?: { id?: string } } | undefined;
    if (!mention?.mentioned?.id) {
      return messageCard(`Mention the Teams user to link: "link ${person.name} to @them". Nothing was linked.`, { buttons: [] });
    }
    const member = await turn.member(mention.mentioned.id);
    if (!member.aadObjectId) return messageCard("Teams did not say who that is (no Azure AD id); nothing was linked.", { buttons: [] });
    await this.deps.links.link(planId, person.id, { aadObjectId: member.aadObjectId, name: member.name ?? "", tenantId: tenantOf(activity) }, "manual", activity.from.name ?? "an admin");
    return messageCard(`${person.name} is now linked to ${member.name} in Teams. Plan Tracker will ask them about their milestones.`, {
      buttons: [{ title: "People", command: "people" }],
    });
  }

  private async welcome(turn: Turn): Promise<void> {
    const reply = messageCard(
      "I keep the SEND improvement plan current. Ask me “status” for the progress table, “status 1.2” for one action, “overdue”, “mine”, “kpis” or “risks” — in this chat, or by @mentioning me in a channel.",
      { title: "Hello, I'm Plan Tracker", buttons: [...COMMON_BUTTONS, { title: "Help", command: "help" }] },
    );
    await turn.send({ attachments: [cardAttachment(reply)] });
  }

  private async recordInstallation(activity: TeamsActivity, installed: boolean): Promise<void> {
    const tenant = tenantOf(activity) ?? "no-tenant";
    const reference = referenceOf(activity);
    const scope = activity.conversation?.conversationType ?? "personal";
    await this.deps.conversations.record(tenant, activity.conversation.id, { scope, installed, reference });
    if (scope === "personal" && activity.from?.aadObjectId) {
      await this.deps.conversations.record(tenant, `user|${activity.from.aadObjectId}`, { scope, installed, reference });
    }
  }
}

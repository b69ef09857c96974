import { UnreachableError, type Messenger } from "../app/promptCycle";
import { forViewer, withPlan, type CardReply } from "../cards/cards";
import { cardAttachment } from "./cards";
import type { Conversations as ConversationRepository, PersonLinks as LinkRepository, PersonLink, StoredConversation } from "./services";
import { channelIdOf } from "./channelId";
import type { RateLimiter } from "./rateLimiter";
import { isConnectorError } from "../teams/connectorError";
import type { ConversationRef } from "../teams/conversationReference";
import type { TeamsRuntime } from "../teams/runtime";
import type { TeamsMember } from "../teams/turn";

/** Teams says the person cannot be reached this way: blocked, uninstalled, removed, or no such conversation. */
const UNREACHABLE_STATUS = new Set([403, 404]);
/**
 * The connector client already retries 429 (honouring Retry-After), 502, 503 and 504 with
 * exponential backoff (botbuilder's own policy; under the Agents SDK, the seam's client). Teams also answers 412 to a message that
 * races another write to the conversation; that one is retried here, a bounded number of times.
 */
const RETRY_412_ATTEMPTS = 4;
const RETRY_412_BASE_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long what `prefetch` learnt serves: a cycle's sends, not longer. */
const DIRECTORY_TTL_MS = 60_000;

/** Proactive 1:1 messages through the stored conversation reference of a linked person. */
export class TeamsMessenger implements Messenger {
  private directory: { planId: string; until: number; links: Map<string, PersonLink>; chats: Map<string, StoredConversation> } | undefined;

  constructor(
    private readonly runtime: TeamsRuntime,
    private readonly links: LinkRepository,
    private readonly conversations: ConversationRepository,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Loads a plan's links and its people's personal chats (one query each, per tenant) so
   * that a cycle's sends need no reads of their own: a prompt costs its record's insert
   * and mark, and the message.
   */
  async prefetch(planId: string): Promise<void> {
    const links = await this.links.list(planId);
    const tenants = [...new Set(links.map((link) => link.tenantId ?? "no-tenant"))];
    const chats = new Map<string, StoredConversation>();
    for (const tenant of tenants) for (const [aad, chat] of await this.conversations.personalChats(tenant)) chats.set(`${tenant}|${aad}`, chat);
    this.directory = { planId, until: Date.now() + DIRECTORY_TTL_MS, links: new Map(links.map((link) => [link.personId, link])), chats };
  }

  release(): void {
    this.directory = undefined;
  }

  async send(planId: string, personId: string, card: CardReply): Promise<{ activityId?: string }> {
    const known = this.directory && this.directory.planId === planId && this.directory.until > Date.now() ? this.directory : undefined;
    const link = known ? known.links.get(personId) : await this.links.linkOf(planId, personId);
    if (!link) throw new UnreachableError("not linked to a Teams user");
    const conversation = await this.personalChat(link, known?.chats.get(`${link.tenantId ?? "no-tenant"}|${link.aadObjectId}`));
    // A prompt's buttons carry its plan, as every card's do: the person may be in several plans.
    return this.deliver(link.tenantId ?? "no-tenant", conversation.conversationId, conversation.reference, forViewer(withPlan(card, planId), conversation.reference.user?.id));
  }

  /**
   * A new post in a stored conversation. For a channel, the reference of a message that
   * @mentioned the bot carries the thread (";messageid=…"): the digest starts a post of its own.
   */
  async post(tenantId: string, reference: ConversationRef, card: CardReply): Promise<{ activityId?: string }> {
    const conversationId = channelIdOf(reference.conversation.id);
    const channel = { ...reference, conversation: { ...reference.conversation, id: conversationId } };
    return this.deliver(tenantId, conversationId, channel, card);
  }

  /** Within the rate limits, retrying a 412 a bounded number of times (the connector client retries 429 and 5xx). */
  private async deliver(tenantId: string, conversationId: string, reference: ConversationRef, card: CardReply): Promise<{ activityId?: string }> {
    // Built before the slot is taken, so that the slot is not held while the card is built.
    const attachment = cardAttachment(card);
    for (let attempt = 1; ; attempt++) {
      try {
        const slot = await this.limiter.acquire(tenantId, conversationId);
        try {
          return await this.sendOnce(reference, attachment);
        } finally {
          slot.done();
        }
      } catch (error) {
        if (!isConnectorError(error) || error.statusCode !== 412 || attempt >= RETRY_412_ATTEMPTS) throw error;
        await sleep(RETRY_412_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  /**
   * The person's personal chat with the bot: the stored one, or — when they have the app
   * only through a team — one created in the tenant (createConversation), found through a
   * team where the bot is installed and they are a member, and stored for next time.
   */
  private async personalChat(link: PersonLink, prefetched?: StoredConversation): Promise<StoredConversation> {
    const tenant = link.tenantId ?? "no-tenant";
    const stored = prefetched ?? (await this.conversations.get(tenant, `user|${link.aadObjectId}`));
    if (stored?.installed) return stored;
    if (stored) throw new UnreachableError("they removed Plan Tracker from their personal chat");
    for (const team of await this.conversations.teamInstalls(tenant)) {
      const member = await this.memberOf(team.reference, link.aadObjectId);
      if (!member) continue;
      const reference = await this.runtime.createPersonalChat(team.reference, { id: member.id, name: member.name }, tenant);
      await this.conversations.record(tenant, `user|${link.aadObjectId}`, { scope: "personal", installed: true, reference });
      return { tenantId: tenant, conversationId: reference.conversation.id, scope: "personal", installed: true, reference };
    }
    throw new UnreachableError("Plan Tracker is not installed in their personal chat, nor in a team of theirs");
  }

  /** A member of the team a stored conversation belongs to, or undefined when Teams says they are not one (404). */
  private async memberOf(team: ConversationRef, userId: string): Promise<TeamsMember | undefined> {
    let member: TeamsMember | undefined;
    try {
      await this.runtime.continueConversation(team, async (turn) => void (member = await turn.member(userId)));
    } catch (error) {
      if (isConnectorError(error) && error.statusCode === 404) return undefined;
      throw error;
    }
    return member;
  }

  private async sendOnce(reference: ConversationRef, attachment: ReturnType<typeof cardAttachment>): Promise<{ activityId?: string }> {
    let activityId: string | undefined;
    try {
      await this.runtime.continueConversation(reference, async (turn) => void (activityId = (await turn.send({ attachments: [attachment] })).id));
    } catch (error) {
      if (isConnectorError(error) && UNREACHABLE_STATUS.has(error.statusCode)) {
        throw new UnreachableError(`Teams answered ${error.statusCode}${error.code ? ` ${error.code}` : ""}: the bot is blocked, removed or not in this conversation`, error.statusCode);
      }
      throw error;
    }
    return { activityId };
  }
}

import type { CloudAdapter } from "botbuilder";
import { UnreachableError, type Messenger } from "../app/promptCycle";
import type { ConversationRepository } from "../storage/conversationRepository";
import type { LinkRepository } from "../storage/linkRepository";
import { cardAttachment, forViewer, type CardReply } from "./cards";
import type { RateLimiter } from "./rateLimiter";

/** Teams says the person cannot be reached this way: blocked, uninstalled, removed, or no such conversation. */
const UNREACHABLE_STATUS = new Set([403, 404]);
/**
 * The connector client's own retry policy already retries 429 (honouring Retry-After),
 * 502, 503 and 504 with exponential backoff. Teams also answers 412 to a message that
 * races another write to the conversation; that one is retried here, a bounded number of times.
 */
const RETRY_412_ATTEMPTS = 4;
const RETRY_412_BASE_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Proactive 1:1 messages through the stored conversation reference of a linked person. */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly links: LinkRepository,
    private readonly conversations: ConversationRepository,
    private readonly limiter: RateLimiter,
  ) {}

  async send(planId: string, personId: string, card: CardReply): Promise<{ activityId?: string }> {
    const link = await this.links.linkOf(planId, personId);
    if (!link) throw new UnreachableError("not linked to a Teams user");
    const conversation = await this.conversations.get(link.tenantId ?? "no-tenant", `user|${link.aadObjectId}`);
    if (!conversation?.installed) throw new UnreachableError("Plan Tracker is not installed in their personal chat");
    for (let attempt = 1; ; attempt++) {
      try {
        const slot = await this.limiter.acquire(link.tenantId ?? "no-tenant", conversation.conversationId);
        try {
          return await this.sendOnce(conversation.reference, card);
        } finally {
          slot.done();
        }
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== 412 || attempt >= RETRY_412_ATTEMPTS) throw error;
        await sleep(RETRY_412_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  private async sendOnce(reference: Parameters<CloudAdapter["continueConversationAsync"]>[1], card: CardReply): Promise<{ activityId?: string }> {
    let activityId: string | undefined;
    // An error thrown inside the turn would go to the adapter's turn error handler (which
    // would try to apologise in the same conversation), so it is carried out and handled here.
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        activityId = (await context.sendActivity({ attachments: [cardAttachment(forViewer(card, reference.user?.id))] }))?.id;
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) {
      const status = (failure as { statusCode?: number }).statusCode;
      if (status !== undefined && UNREACHABLE_STATUS.has(status)) {
        const code = (failure as { code?: string }).code;
        throw new UnreachableError(`Teams answered ${status}${code ? ` ${code}` : ""}: the bot is blocked, removed or not in this conversation`);
      }
      throw failure;
    }
    return { activityId };
  }
}

import { z } from "zod";
import type { TeamsActivity } from "./activity";

/**
 * Where a proactive message goes: Plan Tracker's own record of a conversation, stored in the
 * conversations and digests tables. The SDKs each have their own ConversationReference
 * (botbuilder names the bot `bot`, the Agents SDK names it `agent`), so a row written in
 * either's shape would tie the store to one SDK; this one belongs to neither.
 */
export interface ConversationRef {
  /** Marks Plan Tracker's own shape (rows written before it are SDK-shaped and converted on read). */
  format: 1;
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  /** The bot's account in this conversation (`28:<app id>` in Teams). */
  bot: { id: string; name?: string };
  /** The user a personal chat is with. */
  user?: { id: string; name?: string; aadObjectId?: string };
  /** The activity the reference was taken from (a channel post's thread). */
  activityId?: string;
  locale?: string;
}

const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });
const conversation = z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional(), isGroup: z.boolean().optional(), name: z.string().optional() });
const common = {
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation,
  user: account.optional(),
  activityId: z.string().optional(),
  locale: z.string().optional(),
};
const ownShape = z.object({ format: z.literal(1), bot: account, ...common });
/** botbuilder's ConversationReference (what rows held before Plan Tracker had a shape of its own). */
const botbuilderShape = z.object({ bot: account, ...common });
/** The Agents SDK's ConversationReference. */
const agentsShape = z.object({ agent: account, ...common });

/** Absent and empty are the same here (the Agents SDK refuses an empty name or id). */
const strip = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as T;

function own(parts: { bot: z.infer<typeof account> } & Omit<z.infer<typeof ownShape>, "format" | "bot">): ConversationRef {
  return strip({
    format: 1 as const,
    channelId: parts.channelId,
    serviceUrl: parts.serviceUrl,
    conversation: strip({ ...parts.conversation }),
    bot: strip({ id: parts.bot.id, name: parts.bot.name }),
    user: parts.user ? strip({ id: parts.user.id, name: parts.user.name, aadObjectId: parts.user.aadObjectId }) : undefined,
    activityId: parts.activityId,
    locale: parts.locale,
  });
}

/**
 * A stored reference in Plan Tracker's shape, whichever shape it was stored in: its own, or
 * botbuilder's or the Agents SDK's (rows written before), so BOT_SDK can be switched on a live
 * store. Undefined when it is none of them.
 */
export function toConversationRef(stored: unknown): ConversationRef | undefined {
  const ours = ownShape.safeParse(stored);
  if (ours.success) return own(ours.data);
  const botbuilder = botbuilderShape.safeParse(stored);
  if (botbuilder.success) return own(botbuilder.data);
  const agents = agentsShape.safeParse(stored);
  if (agents.success) return own({ ...agents.data, bot: agents.data.agent });
  return undefined;
}

/** The reference to reply later in the conversation an activity came from. */
export function referenceOf(activity: TeamsActivity): ConversationRef {
  return own({
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl ?? "",
    conversation: activity.conversation,
    bot: activity.recipient,
    user: activity.from,
    // botbuilder and the Agents SDK leave the id out of a conversationUpdate's reference on Direct Line only; Teams keeps it.
    activityId: activity.id,
    locale: activity.locale,
  });
}

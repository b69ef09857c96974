/**
 * Plan Tracker's own view of a Bot Framework activity: the fields the bot reads, whichever
 * SDK (botbuilder or the Microsoft 365 Agents SDK) received it. Both SDKs' activities are
 * the same JSON on the wire, so each implementation hands its activity over as it is.
 */
export interface TeamsAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface TeamsConversation {
  id: string;
  conversationType?: string;
  tenantId?: string;
  isGroup?: boolean;
  name?: string;
}

export interface TeamsEntity {
  type: string;
  [key: string]: unknown;
}

export interface TeamsActivity {
  type: string;
  id?: string;
  /** An invoke's or event's name, e.g. `adaptiveCard/action`. */
  name?: string;
  text?: string;
  value?: unknown;
  /** installationUpdate: add, remove, add-upgrade, remove-upgrade. */
  action?: string;
  channelId: string;
  serviceUrl?: string;
  locale?: string;
  from: TeamsAccount;
  recipient: TeamsAccount;
  conversation: TeamsConversation;
  channelData?: unknown;
  entities?: TeamsEntity[];
  membersAdded?: TeamsAccount[];
  membersRemoved?: TeamsAccount[];
}

/** An attachment as the Bot Connector carries it (an Adaptive Card: contentType + the card; a file card also has a name and a link). */
export interface TeamsAttachment {
  contentType: string;
  content: unknown;
  name?: string;
  contentUrl?: string;
}

/** What the bot sends: a text, or attachments (Plan Tracker sends cards). */
export interface OutgoingMessage {
  text?: string;
  attachments?: TeamsAttachment[];
}

/** The tenant an activity came from: the conversation's, else Teams' channel data. */
export function tenantOf(activity: Pick<TeamsActivity, "conversation" | "channelData">): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  return activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === "string" ? channelData.tenant.id : undefined);
}

/**
 * The typed text without the bot's @mention: Teams puts `<at>Plan Tracker</at>` in the text and
 * a mention entity naming the recipient. The first such mention is removed as botbuilder's
 * removeRecipientMention removes it, then any other `<at>…</at>` left over.
 */
export function textWithoutMention(activity: TeamsActivity): string {
  let text = activity.text ?? "";
  const mention = (activity.entities ?? []).find((entity) => entity.type === "mention" && (entity as { mentioned?: { id?: unknown } }).mentioned?.id === activity.recipient?.id);
  const mentionText = (mention as { text?: unknown } | undefined)?.text;
  if (typeof mentionText === "string") text = text.replace(mentionText, "").trim();
  return text.replace(/<at>[^<]*<\/at>/g, "").trim();
}

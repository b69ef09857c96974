/**
 * The conversation a channel message belongs to, without its thread: Teams gives a message
 * that @mentions the bot the id "<channel>;messageid=<n>", and a reply to that id goes into
 * the thread. A digest, and a channel's registration, use the channel itself.
 */
export const channelIdOf = (conversationId: string) => conversationId.split(";messageid=")[0]!;

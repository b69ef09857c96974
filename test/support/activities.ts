/** A Teams user as activities carry them. */
export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

/** A message from a user in their personal chat with the bot, as Teams sends it; `overrides` change any field. */
export function personalActivity(serviceUrl: string, tenantId: string, from: TeamsUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: "msteams",
    serviceUrl,
    from,
    recipient: { id: "28:plan-tracker", name: "Plan Tracker" },
    conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    ...overrides,
  };
}

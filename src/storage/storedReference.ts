import { toConversationRef, type ConversationRef } from "../teams/conversationReference";
import { PlanTrackerError } from "../errors";

/**
 * A conversation reference read from a row: in Plan Tracker's own shape, or converted from the
 * SDK shape rows held before it (botbuilder's `bot`, the Agents SDK's `agent`), so a store
 * written under one BOT_SDK serves the other. A row that is neither is damaged.
 */
export function readStoredReference(json: string, row: string): ConversationRef {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new PlanTrackerError("storage", `the conversation reference in ${row} is not JSON`, [], { cause: error });
  }
  const reference = toConversationRef(parsed);
  if (!reference) throw new PlanTrackerError("storage", `the conversation reference in ${row} is damaged`);
  return reference;
}

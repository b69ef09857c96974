import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import type { LogFunction } from "../logging/logger";
import { correlationIdOf } from "../logging/turnLog";

/**
 * The one turn error handler: logs the failure with the turn's correlation id and tells
 * the user briefly, with the same id as the reference, so a support request finds the log line.
 */
export function turnErrorHandler(log: LogFunction) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const reference = correlationIdOf(context) ?? randomUUID().slice(0, 8);
    log("turn failed", { level: "error", correlationId: reference, activityType: context.activity.type, activityId: context.activity.id, error: error.stack ?? error.message });
    try {
      await context.sendActivity(`Sorry, something went wrong on my side and I couldn't answer. If it happens again, give this reference to your plan admin: ${reference}.`);
    } catch (sendError) {
      log("the apology could not be sent either", { level: "error", correlationId: reference, error: String(sendError) });
    }
  };
}

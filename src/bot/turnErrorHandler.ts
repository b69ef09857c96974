import { randomUUID } from "node:crypto";
import type { Turn } from "../teams/turn";

/**
 * The one turn error handler: logs the failure with a short reference id and tells
 * the user briefly, with the same id, so a support request can find the log line.
 */
export function turnErrorHandler(log: (message: string) => void) {
  return async (turn: Turn, error: Error): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    log(`[error ${reference}] ${turn.activity.type} activity ${turn.activity.id ?? ""}: ${error.stack ?? error.message}`);
    try {
      await turn.send(`Sorry, something went wrong on my side and I couldn't answer. If it happens again, give this reference to your plan admin: ${reference}.`);
    } catch (sendError) {
      log(`[error ${reference}] and the apology could not be sent either: ${String(sendError)}`);
    }
  };
}

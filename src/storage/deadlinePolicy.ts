import type { TableClient } from "@azure/data-tables";
import { PlanTrackerError } from "../errors";

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

/**
 * How long one storage request may take, retries included, unless STORAGE_TIMEOUT_MS says
 * otherwise: under Teams' 15 s invoke window with room for the apology. (5 s cut ordinary
 * requests on a heavily loaded test machine.)
 */
export const DEFAULT_STORAGE_DEADLINE_MS = 10_000;

/**
 * Gives every storage request a deadline. Added without a phase, it runs outside the SDK's
 * retry policy, so the deadline covers all the attempts: a store that hangs (paused,
 * overloaded) fails the request after `ms` with a storage error, and a turn answers with
 * its apology at once instead of holding the user (and Teams' 15 s invoke window).
 */
export function deadlinePolicy(ms: number): PipelinePolicy {
  return {
    name: "planTrackerDeadline",
    async sendRequest(request, next) {
      const deadline = AbortSignal.timeout(ms);
      const callers = request.abortSignal;
      request.abortSignal = callers ? AbortSignal.any([callers as AbortSignal, deadline]) : deadline;
      try {
        return await next(request);
      } catch (error) {
        if (deadline.aborted && !callers?.aborted) throw new PlanTrackerError("storage", `the table store did not answer within ${ms} ms`, [], { cause: error });
        throw error;
      } finally {
        request.abortSignal = callers;
      }
    },
  };
}

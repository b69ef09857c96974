import type { TableClient } from "@azure/data-tables";
import type { EmbeddedTables } from "./embeddedTables";

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

const MAX_RECOVERIES = 3;

/**
 * On the embedded default, the process serving the store may exit (a CLI command that
 * finished) while this one still needs it. A refused connection means the request
 * never arrived, so it is safe to send again once a new host serves the same port —
 * which may be this process.
 */
export function embeddedRecoveryPolicy(store: EmbeddedTables): PipelinePolicy {
  return {
    name: "planTrackerEmbeddedRecovery",
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await next(request);
        } catch (error) {
          const refused = (error as { code?: string }).code === "ECONNREFUSED";
          if (!refused || attempt >= MAX_RECOVERIES) throw error;
          await untilAborted(store.recover(), request.abortSignal);
        }
      }
    },
  };
}

/** Waits for `work`, but no longer than the request may wait (its deadline). */
function untilAborted(work: Promise<void>, signal: { aborted: boolean; addEventListener(type: "abort", listener: () => void): void } | undefined): Promise<void> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const aborted = () => reject(new Error("the request was aborted while the table store was being recovered"));
    if (signal.aborted) return aborted();
    signal.addEventListener("abort", aborted);
    work.then(resolve, reject);
  });
}

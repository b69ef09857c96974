import type { TableClient } from "@azure/data-tables";

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

/**
 * Counts the HTTP requests a table client sends, by method, so tests and benchmarks
 * can state what an operation costs in storage requests. Added to every table client.
 */
export class RequestCounter {
  private counts = new Map<string, number>();

  readonly policy: PipelinePolicy = {
    name: "planTrackerRequestCounter",
    sendRequest: (request, next) => {
      this.counts.set(request.method, (this.counts.get(request.method) ?? 0) + 1);
      return next(request);
    },
  };

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  byMethod(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  reset(): void {
    this.counts.clear();
  }

  /** Requests made while `work` runs (only meaningful when nothing else uses the clients meanwhile). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> {
    const before = this.total;
    const result = await work();
    return { result, requests: this.total - before };
  }
}

import type { TableClient } from "@azure/data-tables";

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];
type Attributes = Record<string, string | number | boolean>;

/** The counters Plan Tracker keeps: per prompt cycle, and digests posted. */
export type CounterName = "prompts.sent" | "prompts.unreachable" | "prompts.failed" | "prompts.retried" | "digests.posted";

/**
 * What Plan Tracker reports to Application Insights: a span per turn, per storage request
 * and per proactive send, and counters per prompt cycle. Without a connection string it is
 * `noTelemetry`, and the OpenTelemetry packages are never loaded.
 */
export interface Telemetry {
  readonly enabled: boolean;
  span<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T>;
  count(name: CounterName, value: number, attributes: Attributes): void;
  /** A span per storage request (for the table it reads or writes). */
  storagePolicy(table: string): PipelinePolicy | undefined;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

export const noTelemetry: Telemetry = {
  enabled: false,
  span: (_name, _attributes, work) => work(),
  count: () => undefined,
  storagePolicy: () => undefined,
  shutdown: async () => undefined,
};

/** Starts Azure Monitor's OpenTelemetry distribution when a connection string is given; otherwise nothing is loaded or sent. */
export async function startTelemetry(connectionString: string | undefined): Promise<Telemetry> {
  if (!connectionString) return noTelemetry;
  const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
  const { metrics, SpanKind, SpanStatusCode, trace } = await import("@opentelemetry/api");
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Only the spans below: automatic instrumentation would double the storage and send spans,
    // and live metrics would open a second channel to Microsoft.
    enableLiveMetrics: false,
    // Every trace is kept: the distribution's default keeps 5 a second, which would drop most of a prompt
    // cycle's storage spans. A council's bot makes few; the counters are metrics and never sampled.
    tracesPerSecond: 0,
    samplingRatio: 1,
    instrumentationOptions: { http: { enabled: false }, azureSdk: { enabled: false }, mongoDb: { enabled: false }, mySql: { enabled: false }, postgreSql: { enabled: false }, redis: { enabled: false }, redis4: { enabled: false }, bunyan: { enabled: false }, winston: { enabled: false } },
  });
  const tracer = trace.getTracer("plan-tracker");
  const meter = metrics.getMeter("plan-tracker");
  const counters = new Map<CounterName, ReturnType<typeof meter.createCounter>>();
  const counter = (name: CounterName) => {
    let found = counters.get(name);
    if (!found) counters.set(name, (found = meter.createCounter(`plan_tracker.${name}`)));
    return found;
  };
  const span = <T>(name: string, attributes: Attributes, work: () => Promise<T>, kind = SpanKind.INTERNAL): Promise<T> =>
    tracer.startActiveSpan(name, { attributes, kind }, async (active) => {
      try {
        const result = await work();
        active.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        active.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
        throw error;
      } finally {
        active.end();
      }
    });
  return {
    enabled: true,
    span: (name, attributes, work) => span(name, attributes, work),
    count: (name, value, attributes) => {
      if (value > 0) counter(name).add(value, attributes);
    },
    storagePolicy: (table) => ({
      name: "planTrackerStorageSpan",
      sendRequest: (request, next) =>
        // The table and the method only: keys hold plan and person ids.
        span(`storage ${request.method}`, { "db.system": "azure-tables", "db.collection.name": table }, async () => next(request), SpanKind.CLIENT),
    }),
    shutdown: () => shutdownAzureMonitor(),
  };
}

import type { HeaderPropagationCollection } from "@microsoft/agents-hosting";
import { ConnectorClient, HttpClient, HttpError, type HttpRequestConfig, type HttpResponse } from "@microsoft/agents-hosting";

/**
 * The Agents SDK's ConnectorClient sends each request once, with a token fetched before the
 * turn starts. botbuilder's retries 429 (honouring Retry-After), 408 and 5xx other than 501 and
 * 505, and asks for a token only when it sends. This client does both, so the bot behaves the
 * same under either SDK (and an invoke answered in the HTTP response needs no token at all).
 */
const MAX_RETRIES = 3;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Teams asks for seconds; a longer wait than this is not worth holding a turn for. */
const MAX_RETRY_AFTER_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const isRetried = (status: number) => status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

/** How long to wait before retrying: Retry-After when Teams gives it, else exponential backoff with jitter. */
export function retryDelayMs(attempt: number, retryAfter: string | null): number {
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  }
  return Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS) * (0.5 + Math.random());
}

class RetryingHttpClient extends HttpClient {
  constructor(
    options: { baseURL: string; headers: Record<string, string> },
    private readonly token: () => Promise<string>,
  ) {
    super(options);
  }

  override async request<T = unknown>(config: HttpRequestConfig): Promise<HttpResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      // Asked for on every attempt: the provider caches it, and renews it when it expires.
      const token = await this.token();
      const authorized = token ? { ...config, headers: { ...config.headers, Authorization: `Bearer ${token}` } } : config;
      try {
        return await super.request<T>(authorized);
      } catch (error) {
        if (!(error instanceof HttpError) || !isRetried(error.status) || attempt > MAX_RETRIES) throw error;
        await sleep(retryDelayMs(attempt, error.response.headers.get("retry-after")));
      }
    }
  }
}

class RetryingConnectorClient extends ConnectorClient {
  constructor(httpClient: HttpClient) {
    super(httpClient);
  }
}

/** A connector client for `serviceUrl` that retries like botbuilder's and fetches its token when it sends. */
export function retryingConnectorClient(serviceUrl: string, token: () => Promise<string>, headers?: HeaderPropagationCollection): ConnectorClient {
  // The SDK's own client carries the SDK's headers (user agent, propagated headers); its token is left out.
  const template = ConnectorClient.createClientWithToken(serviceUrl, "", headers);
  return new RetryingConnectorClient(new RetryingHttpClient({ baseURL: serviceUrl, headers: template.httpClient.defaultHeaders }, token));
}

/**
 * A request /api/messages refuses before any handler runs, the same under both SDKs: 400 for
 * something that is not an activity, 401 for a token that does not prove the Bot Framework sent
 * it (or cannot be checked). The reason is short and safe to answer; the cause is for the log.
 */
export class RequestRefused extends Error {
  override readonly name = "RequestRefused";

  constructor(
    readonly status: 400 | 401,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/**
 * A request to the Bot Connector (Teams) that failed, the same under both SDKs: the HTTP status
 * Teams answered and its error code (e.g. 403 ConversationBlockedByUser). botbuilder's
 * RestError and the Agents SDK's HttpError are each turned into one of these at the seam.
 */
export class ConnectorError extends Error {
  override readonly name = "ConnectorError";

  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isConnectorError = (error: unknown): error is ConnectorError => error instanceof ConnectorError;

import { ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity } from "botbuilder-core";
import { AuthenticationError, type AuthenticateRequestResult } from "botframework-connector";

/**
 * Bot Framework token validation in which every failure is a 401. botframework-connector
 * 4.23 rethrows a token whose signature does not verify as a plain error (CloudAdapter
 * would answer 500), and a failure to fetch the signing keys carries the network error's
 * text. A token that cannot be checked is not accepted: each becomes an
 * AuthenticationError with a generic message, the original kept as its cause for the log.
 */
export class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const refused = new AuthenticationError("Unauthorized", StatusCodes.UNAUTHORIZED);
      throw Object.assign(refused, { cause: error instanceof Error ? error.message : String(error) });
    }
  }
}

import { ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity } from "botbuilder";
import { AuthenticationError, type AuthenticateRequestResult } from "botframework-connector";

/**
 * Bot Framework token validation, with one correction: botframework-connector 4.23
 * rethrows a token whose signature does not verify (or is malformed, or not yet valid)
 * as a plain error, which CloudAdapter answers with 500. A forged token is an
 * authentication failure, so it becomes a 401 like a missing or expired one.
 */
export class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === "JsonWebTokenError" || name === "NotBeforeError" || name === "TokenExpiredError") {
        throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }
}

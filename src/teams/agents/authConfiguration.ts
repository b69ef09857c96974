import { AuthType, type AuthConfiguration } from "@microsoft/agents-hosting";
import type { BotIdentity } from "../runtime";

const CONNECTION = "planTracker";

/** One .env for both SDKs: botbuilder's MicrosoftApp* settings mapped onto the Agents SDK's connection settings. */
export function authConfiguration({ appId, appPassword, appTenantId, appType }: BotIdentity): AuthConfiguration {
  // Every key is set, undefined included: the SDK fills keys left out from the environment (clientId, tenantId, …).
  const settings: AuthConfiguration = !appId
    ? { clientId: undefined, tenantId: undefined, clientSecret: undefined }
    : appType === "UserAssignedMSI"
      ? { clientId: appId, tenantId: appTenantId, authType: AuthType.UserManagedIdentity, clientSecret: undefined }
      : { clientId: appId, tenantId: appTenantId, authType: AuthType.ClientSecret, clientSecret: appPassword };
  // Explicit connections, so that no Connections__* variable in the environment can replace them. No app id: anonymous (local only).
  return { ...settings, connections: new Map([[CONNECTION, settings]]), connectionsMap: [{ serviceUrl: "*", connection: CONNECTION }] };
}


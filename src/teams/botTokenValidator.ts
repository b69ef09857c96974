import { createPublicKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";

/** Where the Bot Framework publishes the keys that sign the tokens channels send to bots. */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration";
const CHANNEL_TOKEN_ISSUER = "https://api.botframework.com";
/** The clock skew the Bot Framework SDKs allow. */
const CLOCK_TOLERANCE_SECONDS = 300;
const KEYS_FRESH_MS = 24 * 60 * 60 * 1000;
/** A token with a key id not seen yet fetches the keys again, but not more often than this. */
const REFETCH_AFTER_MS = 60_000;
const FETCH_TIMEOUT_MS = 10_000;

/** A token that does not prove the request came from the Bot Framework for this bot: 401. */
export class TokenRejected extends Error {
  override readonly name = "TokenRejected";
}

/** The signing keys could not be fetched, so no token can be checked: also 401, with nothing upstream in the answer. */
export class SigningKeysUnavailable extends Error {
  override readonly name = "SigningKeysUnavailable";
}

interface SigningKey {
  key: KeyObject;
  /** The channels the key may sign for (Teams: msteams); absent means any. */
  endorsements?: string[];
}

/**
 * Validates Bot Framework channel tokens as botframework-connector does: RS256 only, issued by
 * the Bot Framework for this bot's app id, in date (5 minutes' skew), signed by a published key
 * endorsed for the activity's channel, and naming the service URL the activity names (so a token
 * cannot send replies elsewhere). The Agents SDK's own middleware fetches keys from a fixed
 * address; this one reads them from an OpenID metadata URL, so tests run offline against their own.
 */
export class BotTokenValidator {
  private keys: { byId: Map<string, SigningKey>; fetchedAt: number } | undefined;
  private fetching: Promise<Map<string, SigningKey>> | undefined;

  constructor(
    private readonly appId: string,
    private readonly metadataUrl: string = BOT_FRAMEWORK_OPENID_METADATA_URL,
  ) {}

  /** The token's claims when `authorization` proves the activity; throws TokenRejected or SigningKeysUnavailable. */
  async validate(authorization: string | undefined, activity: { channelId?: unknown; serviceUrl?: unknown }): Promise<jwt.JwtPayload> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
    if (!match) throw new TokenRejected("no Bearer token");
    const token = match[1]!;
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === "string") throw new TokenRejected("not a JWT");
    if (decoded.header.alg !== "RS256") throw new TokenRejected(`algorithm ${String(decoded.header.alg)} is not accepted`);
    const kid = decoded.header.kid;
    if (!kid) throw new TokenRejected("no key id");
    const signingKey = await this.keyFor(kid);
    if (!signingKey) throw new TokenRejected("signed with a key the Bot Framework does not publish");
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, signingKey.key, { algorithms: ["RS256"], issuer: CHANNEL_TOKEN_ISSUER, audience: this.appId, clockTolerance: CLOCK_TOLERANCE_SECONDS }) as jwt.JwtPayload;
    } catch (error) {
      throw new TokenRejected((error as Error).message);
    }
    const channelId = typeof activity.channelId === "string" ? activity.channelId : "";
    if (signingKey.endorsements && !signingKey.endorsements.includes(channelId)) throw new TokenRejected(`the key is not endorsed for channel ${channelId}`);
    if (payload.serviceurl !== activity.serviceUrl) throw new TokenRejected("the token is for another service URL");
    return payload;
  }

  private async keyFor(kid: string): Promise<SigningKey | undefined> {
    const now = Date.now();
    const known = this.keys && now - this.keys.fetchedAt < KEYS_FRESH_MS ? this.keys.byId.get(kid) : undefined;
    if (known) return known;
    if (this.keys && now - this.keys.fetchedAt < REFETCH_AFTER_MS) return undefined;
    this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
    const byId = await this.fetching;
    this.keys = { byId, fetchedAt: Date.now() };
    return byId.get(kid);
  }

  private async fetchKeys(): Promise<Map<string, SigningKey>> {
    try {
      const metadata = (await this.getJson(this.metadataUrl)) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri !== "string") throw new Error("the OpenID metadata names no jwks_uri");
      const jwks = (await this.getJson(metadata.jwks_uri)) as { keys?: unknown };
      const byId = new Map<string, SigningKey>();
      for (const jwk of Array.isArray(jwks.keys) ? (jwks.keys as Record<string, unknown>[]) : []) {
        if (jwk.kty !== "RSA" || typeof jwk.kid !== "string") continue;
        const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements.filter((e): e is string => typeof e === "string") : undefined;
        byId.set(jwk.kid, { key: createPublicKey({ key: { kty: "RSA", n: jwk.n as string, e: jwk.e as string }, format: "jwk" }), endorsements });
      }
      return byId;
    } catch (error) {
      throw new SigningKeysUnavailable("the Bot Framework signing keys could not be fetched", { cause: error });
    }
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
}

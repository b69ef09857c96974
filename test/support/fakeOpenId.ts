import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";

/**
 * A loopback stand-in for the Bot Framework's OpenID metadata and signing keys, so
 * token validation runs for real: tokens signed with `key` validate, others do not.
 */
export class FakeOpenId {
  private server: Server | undefined;
  private readonly keyPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly kid = "test-key-1";
  metadataUrl = "";

  async start(): Promise<void> {
    const jwk = this.keyPair.publicKey.export({ format: "jwk" });
    this.server = createServer((req, res) => {
      const base = this.metadataUrl.replace("/openid", "");
      const body =
        req.url === "/openid"
          ? { issuer: "https://api.botframework.com", jwks_uri: `${base}/keys` }
          : { keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }] };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.metadataUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/openid`;
  }

  /** A Bot Framework channel token for `appId`; `signWith` another key to forge one. */
  token(appId: string, serviceUrl: string, options: { expiresInSeconds?: number; signWith?: KeyObject } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const header = encode({ alg: "RS256", typ: "JWT", kid: this.kid });
    const payload = encode({ iss: "https://api.botframework.com", aud: appId, nbf: now - 60, exp: now + (options.expiresInSeconds ?? 3600), serviceurl: serviceUrl });
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(options.signWith ?? this.keyPair.privateKey).toString("base64url");
    return `${header}.${payload}.${signature}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

import type { IncomingMessage } from "node:http";

/** The largest request body /api/messages reads. Teams' own activities are far smaller (a message is at most about 100 KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyOutcome = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; reason: string };

/** Only `application/json` (any parameters, such as a charset) is read: never multipart or form bodies. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/**
 * Reads a JSON request body, refusing it before it is buffered when it is not JSON (415)
 * or larger than `limit` bytes (413: by its Content-Length when it says so, else as soon as
 * the streamed bytes pass the limit). Nothing is written anywhere.
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyOutcome> {
  if (!isJsonContentType(req.headers["content-type"])) {
    return Promise.resolve({ ok: false, status: 415, reason: "only application/json bodies are accepted" });
  }
  const tooLarge = { ok: false as const, status: 413 as const, reason: `the body is larger than ${limit} bytes` };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping bytes at once. The rest of the upload is read and thrown away, so the client
        // gets the answer (closing with unread data would reset the connection and could lose it);
        // Node's request timeout bounds how long that may take.
        req.removeListener("data", onData);
        req.removeListener("end", onEnd);
        chunks.length = 0;
        req.resume();
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        resolve({ ok: false, status: 400, reason: "the body is not valid JSON" });
      }
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", () => resolve({ ok: false, status: 400, reason: "the body could not be read" }));
  });
}

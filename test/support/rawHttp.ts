import { request } from "node:http";

export interface RawResponse {
  status: number;
  body: string;
  /** Bytes of the body the client had written when the answer came. */
  written: number;
}

/**
 * POSTs a body chunk by chunk with node:http (no Content-Length: chunked, as a streaming
 * attacker would), stopping as soon as the server answers. Refused uploads are answered
 * before they end, so writes failing after the answer are expected and ignored.
 */
export function rawPost(url: string, headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, { method: "POST", headers }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, written });
        req.destroy(); // the rest of the upload is not needed
      });
      res.on("error", reject);
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const iterator = chunks[Symbol.iterator]();
    const writeMore = () => {
      while (!answered) {
        const next = iterator.next();
        if (next.done) {
          req.end();
          return;
        }
        written += next.value.length;
        if (!req.write(next.value)) {
          req.once("drain", writeMore);
          return;
        }
      }
    };
    writeMore();
  });
}

/** `total` bytes in chunks of `size`: a JSON string that never ends. */
export function* endlessJson(total: number, size = 64 * 1024): Generator<Buffer> {
  yield Buffer.from('{"type":"message","text":"');
  const chunk = Buffer.alloc(size, "a");
  for (let sent = 0; sent < total; sent += size) yield chunk;
  yield Buffer.from('"}');
}

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const kb = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

import { PlanTrackerError } from "../errors";
import { checkFileUrl, type FileUrlPolicy } from "./fileUrls";

/** The largest plan file Plan Tracker downloads (a plan is tens of kilobytes). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

export interface FileDownloader {
  /** The file's bytes; refused (nothing downloaded beyond the limit) for a URL off the policy or a file over the limit. */
  download(url: string): Promise<Buffer>;
}

/**
 * Downloads a file Teams shared with the bot. Every URL, including each redirect's, goes
 * through the file URL policy first; the size is counted while the body streams, so a server
 * that lies about Content-Length (or sends none) still stops at the limit.
 */
export function fileDownloader(policy: FileUrlPolicy = {}, maxBytes = MAX_FILE_BYTES): FileDownloader {
  return {
    async download(text: string): Promise<Buffer> {
      let url = checkFileUrl(text, policy);
      const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
      for (let redirects = 0; ; redirects++) {
        const response = await fetch(url, { redirect: "manual", signal });
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          if (redirects >= MAX_REDIRECTS) throw new PlanTrackerError("invalid-input", "the file's address redirected too many times; nothing was downloaded");
          url = checkFileUrl(new URL(location, url).toString(), policy);
          continue;
        }
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          throw new PlanTrackerError("invalid-input", `the file could not be downloaded (HTTP ${response.status}); send it again`);
        }
        const tooBig = () => new PlanTrackerError("invalid-input", `the file is larger than ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`}, the most a plan file may be; nothing was imported`);
        if (Number(response.headers.get("content-length") ?? "0") > maxBytes) {
          await response.body.cancel();
          throw tooBig();
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Uint8Array).byteLength;
          if (size > maxBytes) throw tooBig(); // leaving the loop cancels the stream
          chunks.push(Buffer.from(chunk as Uint8Array));
        }
        return Buffer.concat(chunks);
      }
    },
  };
}

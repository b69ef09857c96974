import { createServer, type Server } from "node:http";

/**
 * Files served over loopback, as SharePoint serves the download URL of a file shared with a
 * bot. Bodies are streamed in chunks without a Content-Length (so a size limit must be
 * counted while reading); every request is recorded.
 */
export class FileServer {
  readonly files = new Map<string, Buffer>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? "");
      const file = this.files.get(decodeURIComponent((req.url ?? "").split("?")[0]!));
      // Separate calls: restify (loaded by the bot in this process) changes what writeHead returns.
      if (!file) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let at = 0; at < file.length; at += 64 * 1024) res.write(file.subarray(at, at + 64 * 1024));
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

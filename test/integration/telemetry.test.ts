import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../support/paths";
import { testConnectionString, uniquePrefix } from "../support/testApp";

const PROBE = resolve(PROJECT_ROOT, "dist", "test", "support", "telemetryProbe.js");

function runProbe(env: Record<string, string>): Promise<{ status: number; unreachable: number; loaded: number; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const base = { PATH: process.env.PATH ?? "", AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix(), PROMPT_SCHEDULE: "off" };
    execFile(process.execPath, [PROBE], { cwd: PROJECT_ROOT, env: { ...base, ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolveRun({ ...(JSON.parse(stdout.trim().split("\n").pop()!) as { status: number; unreachable: number; loaded: number }), stderr });
    });
  });
}

/**
 * An Application Insights ingestion endpoint on loopback: records every telemetry item posted
 * to it. The exporter only speaks https, so it has a self-signed certificate (made with
 * openssl), which the probe trusts through NODE_EXTRA_CA_CERTS.
 */
class FakeIngestion {
  readonly items: { name?: string; data?: { baseType?: string; baseData?: { name?: string; metrics?: { name: string; value: number }[] } } }[] = [];
  private server: Server | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "plan-tracker-ingestion-"));
  readonly certificate = join(this.dir, "cert.pem");
  url = "";

  async start(): Promise<void> {
    const key = join(this.dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", this.certificate, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    this.server = createServer({ key: readFileSync(key), cert: readFileSync(this.certificate) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        const parsed = text.trim().startsWith("[") ? (JSON.parse(text) as FakeIngestion["items"]) : text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as FakeIngestion["items"][number]);
        this.items.push(...parsed);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ itemsReceived: parsed.length, itemsAccepted: parsed.length, errors: [] }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    const address = this.server.address();
    this.url = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe("telemetry (OpenTelemetry to Application Insights)", function () {
  this.timeout(120_000);

  it("without APPLICATIONINSIGHTS_CONNECTION_STRING no OpenTelemetry module is even loaded", async () => {
    const result = await runProbe({});
    assert.equal(result.status, 200);
    assert.equal(result.loaded, 0);
  });

  it("with it, a turn, its storage requests and the prompt cycle's counters reach the ingestion endpoint", async () => {
    const ingestion = new FakeIngestion();
    await ingestion.start();
    try {
      const result = await runProbe({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${ingestion.url}`,
        NODE_EXTRA_CA_CERTS: ingestion.certificate,
        // The SDK's own usage reports go to Microsoft, which this machine cannot reach.
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
        // Spans are exported a moment after they end, rather than in one batch at the end: on a
        // loaded machine one large export at shutdown can time out (the exporter then keeps it on disk).
        OTEL_BSP_SCHEDULE_DELAY: "200",
        OTEL_BSP_EXPORT_TIMEOUT: "60000",
      });
      assert.ok(result.loaded > 0);
      assert.ok(result.unreachable > 0, "the cycle had something to count");
      const names = ingestion.items.map((item) => item.data?.baseData?.name ?? "");
      assert.ok(names.includes("turn"), `${names.join(", ")}\n${result.stderr}`);
      assert.ok(names.some((name) => /^storage (GET|POST|PUT|PATCH|DELETE)$/.test(name)), names.join(", "));
      const metrics = ingestion.items.flatMap((item) => item.data?.baseData?.metrics ?? []);
      assert.ok(metrics.some((metric) => metric.name === "plan_tracker.prompts.unreachable" && metric.value === result.unreachable), JSON.stringify(metrics));
    } finally {
      await ingestion.stop();
    }
  });
});

import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { PROJECT_ROOT } from "../support/paths";

/**
 * The embedded store's table server, started in a fresh process as its own process starts it:
 * it serves a request, Azurite's telemetry holds the stand-in rather than Application Insights,
 * and the stand-in says where it comes from if anything calls it.
 */
const PROBE = `
(async () => {
  // Imported as the store's process imports it (tableServerProcess.ts).
  const { startTableServer } = await import("./dist/src/storage/tableServer.js");
  const server = await startTableServer({ port: 0 });
  const answer = await fetch("http://127.0.0.1:" + server.port + "/devstoreaccount1/Tables", { headers: { accept: "application/json;odata=nometadata" } });
  const { AzuriteTelemetryClient } = require("azurite/dist/src/common/Telemetry");
  let called;
  try { AzuriteTelemetryClient.appInsights.setup("InstrumentationKey=x"); } catch (error) { called = error.message; }
  // Everything loaded from Application Insights, its diagnostic channels or OpenTelemetry, but the stand-in's own entry.
  const loaded = Object.keys(require.cache).filter((path) => /[\\\\/]node_modules[\\\\/](applicationinsights|diagnostic-channel|@opentelemetry)[\\\\/]/.test(path) && require.cache[path].exports !== AzuriteTelemetryClient.appInsights);
  await server.close();
  process.stdout.write(JSON.stringify({ status: answer.status, called, loaded: loaded.map((path) => path.slice(path.indexOf("node_modules/"))) }));
})();
`;

describe("the embedded store loads Azurite without its Application Insights telemetry", () => {
  it("serves requests, holds the stand-in, and the stand-in refuses with its reason", async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["-e", PROBE], { cwd: PROJECT_ROOT, timeout: 20_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))),
    );
    const result = JSON.parse(out) as { status: number; called?: string; loaded: string[] };
    assert.equal(result.status, 403, "Azurite answers (an unsigned request is refused)");
    assert.match(result.called ?? "", /not loaded in the embedded table store/);
    assert.deepEqual(result.loaded, [], "no file of Application Insights, its diagnostic channels or OpenTelemetry is loaded");
  });
});

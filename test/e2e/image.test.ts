import { strict as assert } from "node:assert";
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../support/cli";
import { PROJECT_ROOT } from "../support/paths";
import { testConnectionString, uniquePrefix } from "../support/testApp";

const run = promisify(execFile);

/**
 * The container image's runtime stage, replayed outside Docker (this machine has no Docker
 * daemon or registry): the Dockerfile's last stage is read, its COPY and RUN lines are carried
 * out in an empty directory (files from the build stage come from this checkout's build), and
 * its CMD is started with its ENV, against a real table server. So the test follows the
 * Dockerfile as it is, and proves the bot starts with production dependencies only.
 */
function runtimeStage(): { env: Record<string, string>; steps: { copy?: [string, string]; run?: string }[]; cmd: string[] } {
  const lines = readFileSync(join(PROJECT_ROOT, "Dockerfile"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const lastFrom = lines.map((l, i) => (l.startsWith("FROM ") ? i : -1)).filter((i) => i >= 0).at(-1)!;
  const env: Record<string, string> = {};
  const steps: { copy?: [string, string]; run?: string }[] = [];
  let cmd: string[] = [];
  for (const line of lines.slice(lastFrom + 1)) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (instruction === "ENV") for (const pair of args.split(/\s+/)) env[pair.split("=")[0]!] = pair.split("=").slice(1).join("=");
    if (instruction === "RUN") steps.push({ run: args });
    if (instruction === "CMD") cmd = JSON.parse(args) as string[];
    if (instruction === "COPY") {
      const parts = args.split(/\s+/);
      const fromBuild = parts[0]!.startsWith("--from=");
      const paths = fromBuild ? parts.slice(1) : parts;
      const target = paths.at(-1)!;
      for (const source of paths.slice(0, -1)) steps.push({ copy: [fromBuild ? source.replace(/^\/app\//, "") : source, target.endsWith("/") ? join(target, source.split("/").at(-1)!) : target] });
    }
  }
  return { env, steps, cmd };
}

describe("the container image (its runtime stage, without Docker)", function () {
  this.timeout(300_000);
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-image-"));
    const { steps } = runtimeStage();
    for (const step of steps) {
      if (step.copy) cpSync(join(PROJECT_ROOT, step.copy[0]), join(dir, step.copy[1]), { recursive: true });
      if (step.run) await run("sh", ["-c", step.run], { cwd: dir, env: { ...process.env, npm_config_loglevel: "error" }, maxBuffer: 16 * 1024 * 1024 });
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("installs production dependencies only: no compiler, test tools, Azurite or playground", () => {
    for (const dev of ["typescript", "mocha", "azurite", "@microsoft/m365agentsplayground", "eslint"]) assert.ok(!existsSync(join(dir, "node_modules", dev)), `${dev} is not in the image`);
    for (const runtime of ["botbuilder", "restify", "@azure/data-tables", "zod"]) assert.ok(existsSync(join(dir, "node_modules", runtime)), runtime);
  });

  it("its start command serves the bot against Azure Tables (here Azurite)", async () => {
    const { env, cmd } = runtimeStage();
    const port = await freePort();
    // A bot registration as production needs one (nothing here calls Microsoft Entra until a message arrives).
    const registration = { MicrosoftAppId: "11111111-1111-1111-1111-111111111111", MicrosoftAppPassword: "not-a-real-secret", MicrosoftAppTenantId: "22222222-2222-2222-2222-222222222222" };
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: dir, env: { PATH: process.env.PATH ?? "", ...env, ...registration, PORT: String(port), AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const until = Date.now() + 30_000;
      let ready = false;
      while (!ready && Date.now() < until && child.exitCode === null) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(ready, `the bot did not become ready:\n${output}`);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.match(output, /Storage: Azure Tables at http:\/\/127\.0\.0\.1/);
      // With a registration, an unauthenticated request to /api/messages is refused.
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "status" }) });
      assert.equal(anonymous.status, 401);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });

  it("refuses to start without Azure Tables: the embedded store is a development default", async () => {
    const { env, cmd } = runtimeStage();
    const result = await run(cmd[0]!, cmd.slice(1), { cwd: dir, env: { PATH: process.env.PATH ?? "", ...env } }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /AZURE_TABLES_ENDPOINT \(with a managed identity\) or AZURE_TABLES_CONNECTION_STRING: one is required in production/);
    assert.match(result.stderr, /MicrosoftAppId: is required in production/);
  });
});

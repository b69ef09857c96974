import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./paths";

/**
 * The flags `npm start` gives node before the bot (package.json), so that a test or the bench
 * runs the bot as it is run in production (its heap budget: README, *Performance*).
 */
export const BOT_NODE_FLAGS: readonly string[] = startFlags();

function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const flags = /\bnode((?: --\S+)*) dist\/src\/index\.js/.exec(start);
  if (!flags) throw new Error(`package.json's start script does not run node dist/src/index.js: ${start}`);
  return flags[1]!.trim().split(" ").filter(Boolean);
}

/**
 * Plan Tracker as `npm start` runs it (`node <BOT_NODE_FLAGS> dist/src/index.js`, built already), in a child
 * process with the environment given: by default the embedded table store and the sample plan.
 */
export class PlanTrackerProcess {
  output = "";
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/messages`;
  }

  /** `nodeArgs` go to node itself (for example `--cpu-prof`, which NODE_OPTIONS refuses). */
  static async start(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<PlanTrackerProcess> {
    const child = spawn(process.execPath, [...BOT_NODE_FLAGS, ...nodeArgs, "dist/src/index.js"], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...(process.env.BOT_SDK ? { BOT_SDK: process.env.BOT_SDK } : {}), ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    const running = new PlanTrackerProcess(child, port);
    child.stdout!.on("data", (chunk: Buffer) => (running.output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (running.output += chunk.toString()));
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`Plan Tracker exited (${child.exitCode}):\n${running.output}`);
      if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return running;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`Plan Tracker did not become ready:\n${running.output}`);
  }

  /** Waits until its log has a line matching. */
  async logged(pattern: RegExp, ms = 15_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.output)) {
      if (Date.now() > until) throw new Error(`expected ${pattern} in the log:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops it as a service manager would (SIGTERM): it closes the server and saves the store. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}

import { spawn } from "node:child_process";
import { loadDotEnv } from "../config";

/**
 * `npm run playground`: Microsoft 365 Agents Playground (a local Teams-like chat in
 * the browser) connected to the bot that `npm start` runs on PORT.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const port = Number(process.env.PORT || 3978);
  const endpoint = `http://127.0.0.1:${port}/api/messages`;
  const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
  if (!up) {
    process.stderr.write(`playground: Plan Tracker is not answering on port ${port}. Start it first with \`npm start\` (in another terminal), then run this again.\n`);
    process.exit(1);
  }
  const cli = require.resolve("@microsoft/m365agentsplayground/cli.js");
  const args = [cli, "-e", endpoint, "-c", "msteams", "-p", process.env.PLAYGROUND_PORT || "56150", "--dt"];
  process.stdout.write(`Starting Microsoft 365 Agents Playground for ${endpoint}. Open the address it prints ("Listening on …") and type "status".\n`);
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  const stop = () => child.kill("SIGTERM");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  child.once("exit", (code) => process.exit(code ?? 0));
}

void main();

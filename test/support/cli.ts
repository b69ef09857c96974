import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { CLI, PROJECT_ROOT } from "./paths";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `plan-tracker` as a user would, in a child process with the given environment (and the BOT_SDK under test). */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", ...(process.env.BOT_SDK ? { BOT_SDK: process.env.BOT_SDK } : {}), ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

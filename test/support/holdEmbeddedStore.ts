import { loadConfig } from "../../src/config";
import { openApp } from "../../src/index";

/**
 * A stand-in for a long-running Plan Tracker process in tests: opens the embedded
 * store from the environment's settings, says "ready", and closes on SIGTERM.
 */
async function hold(): Promise<void> {
  const app = await openApp(loadConfig(), { longRunning: true, log: (message) => process.stderr.write(`${message}\n`) });
  process.stdout.write("ready\n");
  process.once("SIGTERM", () => {
    void app.close().then(() => process.exit(0));
  });
}

void hold();

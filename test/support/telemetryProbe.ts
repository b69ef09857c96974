import { loadConfig } from "../../src/config";
import { startBot } from "../../src/index";
import { personalActivity } from "./activities";
import { FakeConnector } from "./fakeConnector";
import { admin, sampleText } from "./testApp";

/**
 * Run as a child process by the telemetry test: starts the bot from the environment,
 * answers one `status`, runs one prompt cycle, closes (which flushes telemetry), and
 * prints how many OpenTelemetry modules this process loaded.
 */
async function probe(): Promise<void> {
  const connector = new FakeConnector();
  await connector.start();
  const config = loadConfig();
  const bot = await startBot({ ...config, bot: { ...config.bot, port: 0 } }, () => undefined);
  await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  const response = await fetch(bot.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(personalActivity(connector.url, "tenant-somerset", { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" }, { text: "status" })),
  });
  await connector.waitFor(0, 1, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the turn's span is exported on its own (OTEL_BSP_SCHEDULE_DELAY)
  const cycle = await bot.prompts.run("somerset-app", "2023-11-01");
  await bot.close();
  await connector.stop();
  const loaded = Object.keys(require.cache).filter((path) => /[\\/]node_modules[\\/](@opentelemetry|@azure[\\/]monitor-opentelemetry)/.test(path));
  process.stdout.write(`${JSON.stringify({ status: response.status, unreachable: cycle.unreachable.length, loaded: loaded.length })}\n`);
}

probe().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

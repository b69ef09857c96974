import Module from "node:module";
import { dirname } from "node:path";

/**
 * Imported before Azurite. Azurite's table server imports its telemetry module, which loads
 * Application Insights (and, through it, OpenTelemetry and a second Azure SDK pipeline) as it
 * is imported: 480 of the 1,054 modules that loading the table server takes, 40 % of the time,
 * which is the embedded store's part of a cold start. That telemetry starts only from Azurite's
 * own command line (`AzuriteTelemetryClient.init`), never from the `TableServer` Plan Tracker
 * builds, so the store's process gets a stand-in that throws, naming this module, if anything
 * calls it (from `init`, Azurite would log that as telemetry failing to start). Only
 * Azurite depends on applicationinsights, and only where Azurite resolves it is replaced
 * (`require.cache` takes added entries, as Node documents). Nothing else in the process uses it.
 */
const telemetryModule = require.resolve("azurite/dist/src/common/Telemetry");
const applicationInsights = require.resolve("applicationinsights", { paths: [dirname(telemetryModule)] });

const notLoaded = (): never => {
  throw new Error("Application Insights is not loaded in the embedded table store (src/storage/azuriteWithoutTelemetry.ts)");
};

if (!require.cache[applicationInsights]) {
  const standIn = new Module(applicationInsights);
  standIn.filename = applicationInsights;
  standIn.loaded = true;
  standIn.exports = { setup: notLoaded, start: notLoaded, TelemetryClient: notLoaded };
  require.cache[applicationInsights] = standIn;
}

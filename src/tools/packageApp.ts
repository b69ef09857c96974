import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import JSZip from "jszip";
import { z } from "zod";
import { manifestCommandLists } from "../bot/commandTable";
import { loadDotEnv } from "../config";
import { PlanTrackerError } from "../errors";

/**
 * `npm run package`: the Teams app package (build/appPackage.zip) from appPackage/,
 * with the ids and URLs from the environment, checked offline against Microsoft's
 * manifest schema before anything is written.
 */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// address" });

/** The manifest's ${{VAR}} placeholders use the Agents Toolkit's names; without the Toolkit they come from here. */
const packageEnvSchema = z
  .object({
    MicrosoftAppId: z.string().regex(GUID, "must be a GUID").optional(),
    /** The Toolkit's name for the bot id; MicrosoftAppId is the app's. */
    BOT_ID: z.string().regex(GUID, "must be a GUID").optional(),
    TEAMS_APP_ID: z.string().regex(GUID, "must be a GUID").optional(),
    /** Appended to the app's short name by the Toolkit's environments ("-local", "-dev"); empty for the real app. */
    APP_NAME_SUFFIX: z.string().max(12).default(""),
    APP_DEVELOPER_NAME: z.string().min(1).max(32).default("Plan Tracker"),
    APP_WEBSITE_URL: httpsUrl,
    APP_PRIVACY_URL: httpsUrl,
    APP_TERMS_URL: httpsUrl,
  })
  .superRefine((env, context) => {
    if (!env.MicrosoftAppId && !env.BOT_ID) context.addIssue({ code: "custom", path: ["MicrosoftAppId"], message: "is required: the Azure Bot's app id (or BOT_ID)" });
  });

/** The app's version in Teams is the package's: one number to raise for a release. */
const PACKAGE_JSON = resolve(__dirname, "..", "..", "..", "package.json");

const ICONS = { "color.png": 192, "outline.png": 32 } as const;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.toString("latin1", 1, 4) !== "PNG") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export async function buildAppPackage(options: { env: NodeJS.ProcessEnv; sourceDir: string; outFile: string }): Promise<{ manifest: Record<string, unknown>; outFile: string }> {
  const env = packageEnvSchema.safeParse(options.env);
  if (!env.success) {
    throw new PlanTrackerError("configuration", "cannot package the Teams app", env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const botId = (env.data.BOT_ID ?? env.data.MicrosoftAppId)!;
  const { version } = JSON.parse(await readFile(PACKAGE_JSON, "utf8")) as { version: string };
  const values: Record<string, string> = {
    BOT_ID: botId,
    TEAMS_APP_ID: env.data.TEAMS_APP_ID ?? botId,
    APP_VERSION: version,
    APP_NAME_SUFFIX: env.data.APP_NAME_SUFFIX,
    APP_DEVELOPER_NAME: env.data.APP_DEVELOPER_NAME,
    APP_WEBSITE_URL: env.data.APP_WEBSITE_URL,
    APP_PRIVACY_URL: env.data.APP_PRIVACY_URL,
    APP_TERMS_URL: env.data.APP_TERMS_URL,
  };
  const template = await readFile(join(options.sourceDir, "manifest.json"), "utf8");
  const unknown: string[] = [];
  const text = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) unknown.push(name);
    return JSON.stringify(value ?? "").slice(1, -1);
  });
  if (unknown.length > 0) throw new PlanTrackerError("invalid-input", "appPackage/manifest.json has placeholders nothing fills", unknown.map((n) => `\${{${n}}}`));
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new PlanTrackerError("invalid-input", `appPackage/manifest.json is not valid JSON: ${(error as Error).message}`);
  }
  // The command lists Teams shows come from the command table, so the menu cannot drift from what the bot understands.
  for (const bot of (manifest.bots ?? []) as { commandLists?: unknown }[]) bot.commandLists = manifestCommandLists();
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(manifest as never);
  if (schemaErrors.length > 0) throw new PlanTrackerError("invalid-input", "appPackage/manifest.json does not pass Microsoft's Teams manifest schema", schemaErrors);

  const zip = new JSZip();
  zip.file("manifest.json", JSON.stringify(manifest, null, 2));
  const problems: string[] = [];
  for (const [icon, size] of Object.entries(ICONS)) {
    const bytes = await readFile(join(options.sourceDir, icon));
    const actual = pngSize(bytes);
    if (!actual || actual.width !== size || actual.height !== size) problems.push(`${icon}: must be a ${size}×${size} PNG`);
    zip.file(icon, bytes);
  }
  if (problems.length > 0) throw new PlanTrackerError("invalid-input", "the app's icons are wrong", problems);
  await mkdir(resolve(options.outFile, ".."), { recursive: true });
  await writeFile(options.outFile, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return { manifest, outFile: options.outFile };
}

async function main(): Promise<void> {
  loadDotEnv();
  const root = resolve(__dirname, "..", "..", "..");
  const { outFile } = await buildAppPackage({ env: process.env, sourceDir: join(root, "appPackage"), outFile: join(root, "build", "appPackage.zip") });
  process.stdout.write(`Wrote ${outFile}: the manifest passes Microsoft's schema. Upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin centre.\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`package: ${error instanceof PlanTrackerError ? error.describe() : String(error)}\n`);
    process.exit(1);
  });
}

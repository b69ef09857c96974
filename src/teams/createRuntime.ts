import type { RuntimeOptions, TeamsRuntime } from "./runtime";

/**
 * The one place that knows which folder implements which SDK, loaded only when chosen. The first
 * is the default. Removing botbuilder is deleting src/teams/botbuilder/ and its line here (and
 * its entries in package.json).
 */
const IMPLEMENTATIONS = {
  botbuilder: () => import("./botbuilder/runtime.js"),
  agents: () => import("./agents/runtime.js"),
} satisfies Record<string, () => Promise<{ createRuntime(options: RuntimeOptions): TeamsRuntime }>>;

/** The SDKs Plan Tracker can run on (BOT_SDK), the default first. */
export type BotSdk = keyof typeof IMPLEMENTATIONS;
export const BOT_SDKS = Object.keys(IMPLEMENTATIONS) as [BotSdk, ...BotSdk[]];

export async function createTeamsRuntime(sdk: BotSdk, options: RuntimeOptions): Promise<TeamsRuntime> {
  const implementation = await IMPLEMENTATIONS[sdk]();
  return implementation.createRuntime(options);
}

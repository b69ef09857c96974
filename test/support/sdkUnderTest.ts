import { BOT_SDKS, type BotSdk } from "../../src/teams/createRuntime";

/**
 * The SDK the protocol tests run the bot on: BOT_SDK, as `npm start` reads it (default botbuilder).
 * .ci/run runs the protocol suite once more with BOT_SDK=agents.
 */
export function sdkUnderTest(): BotSdk {
  const chosen = process.env.BOT_SDK || BOT_SDKS[0];
  if (!(BOT_SDKS as string[]).includes(chosen)) throw new Error(`BOT_SDK=${chosen}: must be one of ${BOT_SDKS.join(", ")}`);
  return chosen as BotSdk;
}

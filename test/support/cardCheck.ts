// The adaptivecards package is ESM with extensionless imports; its UMD build loads under Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_5: unknown };
};

/** Teams' limit is about 100 KB per message; Plan Tracker keeps cards under 80 KB. */
export const MAX_CARD_BYTES = 80 * 1024;

/**
 * What is wrong with a card as Teams would see it: parse and validation events of the
 * Adaptive Cards SDK for schema 1.5, unresolved template expressions, no `speak` text, and size.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  const json = JSON.stringify(card);
  if (json.includes("${")) problems.push(`unresolved template expression near ${json.slice(json.indexOf("${"), json.indexOf("${") + 40)}`);
  if ((card as { version?: unknown }).version !== "1.5") problems.push("version is not 1.5");
  // What a screen reader announces for the card (expandCard sets it: the view model's summary, else the heading).
  const speak = (card as { speak?: unknown }).speak;
  if (typeof speak !== "string" || !speak.trim()) problems.push("no speak text");
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_CARD_BYTES) problems.push(`${bytes} bytes, over ${MAX_CARD_BYTES}`);
  return problems;
}

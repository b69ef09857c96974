import { COMMANDS, EMPTY_COMMAND, FALLBACK_COMMAND, findCommandNamed } from "./commandTable";
import type { AnyCommand } from "./commandTypes";

/** A command with the arguments its phrasing filled. */
export interface ParsedCommand {
  command: AnyCommand;
  args: Record<string, unknown>;
}

/** Spaces collapsed, trimmed, and a question's or sentence's final punctuation dropped. */
export const normalise = (input: string) => input.replace(/\s+/g, " ").trim().replace(/[?!.]+$/, "");

/**
 * What a user typed, as a command from the table. Pure: the mention of the bot has
 * already been removed. Each command's phrasings are tried in table order; text that
 * names no command is a search, so an answer is never silence.
 */
export function parseCommand(input: string): ParsedCommand {
  const text = normalise(input);
  const lower = text.toLowerCase();
  if (lower === "") return { command: findCommandNamed(EMPTY_COMMAND)!, args: {} };
  for (const command of COMMANDS) {
    for (const phrasing of command.phrasings) {
      const match = phrasing.regex.exec(phrasing.on === "text" ? text : lower);
      if (match) return { command, args: phrasing.args?.(match) ?? {} };
    }
  }
  return { command: findCommandNamed(FALLBACK_COMMAND)!, args: { words: text } };
}

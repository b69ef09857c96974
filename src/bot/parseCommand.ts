import type { Button } from "../cards/cards";
import type { IsoDate } from "../domain/dates";
import type { Plan } from "../domain/plan";
import { labelOf, textOf } from "../domain/recognize/readingText";
import { recognize, type Reading } from "../domain/recognize/recognize";
import type { Recognizable } from "../domain/recognize/vocabulary";
import { CLARIFY_COMMAND, COMMANDS, EMPTY_COMMAND, FALLBACK_COMMAND, findCommandNamed } from "./commandTable";
import type { AnyCommand } from "./commandTypes";

/** A command with the arguments its phrasing filled. */
export interface ParsedCommand {
  command: AnyCommand;
  args: Record<string, unknown>;
}

/** Spaces collapsed, trimmed, and a question's or sentence's final punctuation dropped. */
export const normalise = (input: string) => input.replace(/\s+/g, " ").trim().replace(/[?!.]+$/, "");

/** The commands the recognizer may read free text as: those that declare how, none that writes. */
const RECOGNIZABLE: readonly Recognizable[] = COMMANDS.filter((c) => c.recognizer && !c.writes).map((c) => ({ name: c.name, examples: c.examples, ...c.recognizer! }));

/** What the recognizer needs besides the text: the plan (its ids, people, boards) and the date ("last month"). */
export interface Understanding {
  plan: Plan;
  asOf: IsoDate;
}

/**
 * What a user typed, as a command from the table. Pure: the mention of the bot has
 * already been removed. Each command's exact phrasings are tried first, in table order;
 * that is the only way a command that writes runs. Other text goes to the recognizer,
 * which reads it as a reading command, asks back ("Did you mean …") when two readings
 * are close, or searches and offers the nearest commands. Without the plan to
 * understand it by, text that matches no phrasing is a search.
 */
export function parseCommand(input: string, understanding?: Understanding): ParsedCommand {
  const text = normalise(input);
  const lower = text.toLowerCase();
  if (lower === "") return { command: findCommandNamed(EMPTY_COMMAND)!, args: {} };
  for (const command of COMMANDS) {
    for (const phrasing of command.phrasings) {
      const match = phrasing.regex.exec(phrasing.on === "text" ? text : lower);
      if (match) return { command, args: phrasing.args?.(match) ?? {} };
    }
  }
  if (!understanding) return { command: findCommandNamed(FALLBACK_COMMAND)!, args: { words: text } };
  const { plan, asOf } = understanding;
  const recognition = recognize(input, RECOGNIZABLE, plan, asOf);
  const button = (reading: Reading): Button => ({ title: labelOf(reading, plan), command: textOf(reading, plan) });
  if (recognition.kind === "clarify") return { command: findCommandNamed(CLARIFY_COMMAND)!, args: { readings: recognition.readings.map(button) } };
  if (recognition.kind === "fallback") return { command: findCommandNamed(FALLBACK_COMMAND)!, args: { words: recognition.words, nearest: recognition.nearest.map(button) } };
  const command = findCommandNamed(recognition.reading.name)!;
  // Only the slots the command declares: "which kpis are red" shows the KPIs, which take no status.
  const declared = Object.entries(recognition.reading.args).filter(([slot]) => Object.hasOwn(command.slots, slot));
  return { command, args: command.readingArgs?.(recognition.reading.args) ?? Object.fromEntries(declared) };
}

import type { IsoDate } from "../domain/dates";
import type { Plan } from "../domain/plan";
import { RECOGNIZABLE_COMMANDS } from "../domain/recognize/commands";
import type { Period } from "../domain/recognize/entities";
import { labelOf, textOf } from "../domain/recognize/readingText";
import { recognize, type Reading } from "../domain/recognize/recognize";
import type { RagStatus } from "../domain/status";
import type { Button } from "./cards";
import type { FilterArgs } from "./commands/filter";

/**
 * What a user typed, as a command. Pure: the mention of the bot has already been removed.
 * Commands that change something (link, digest here, opening the update card by its own
 * words) are read only from their exact words; everything else goes through the recognizer,
 * which may answer, ask back ("Did you mean …") or search.
 */
export type Command =
  | { name: "help" }
  | { name: "thanks" }
  | { name: "status" }
  | { name: "action"; actionId: string }
  | { name: "milestone"; milestoneId: string }
  | { name: "mine" }
  | { name: "overdue" }
  | { name: "overdueScoped"; personId?: string; actionId?: string; areaId?: string }
  | { name: "kpis" }
  | { name: "kpi"; kpiId: string }
  | { name: "risks" }
  | { name: "risk"; riskId: string }
  | { name: "qi"; qiId: string }
  | { name: "area"; areaId: string }
  | { name: "person"; personId: string }
  | { name: "filter"; filter: FilterArgs }
  | { name: "changes"; period: Period }
  | { name: "find"; words: string; nearest?: Button[] }
  | { name: "clarify"; readings: Button[] }
  | { name: "people" }
  | { name: "update"; milestoneId: string; status?: RagStatus }
  | { name: "link"; personName: string }
  | { name: "boards" }
  | { name: "digest"; board?: string }
  | { name: "digestHere"; board: string }
  | { name: "empty" };

/** The exact words of the commands that write, or lead to a write. No slips, no sentences. */
function exactCommand(text: string): Command | undefined {
  if (text === "") return { name: "empty" };
  const digestHere = /^digest here(?:\s+for\s+(.+))?$/i.exec(text);
  if (digestHere) return { name: "digestHere", board: digestHere[1] ?? "" };
  const update = /^update\s+(\d{1,2}\.\d{1,2}\.\d{1,2})$/i.exec(text);
  if (update) return { name: "update", milestoneId: update[1]! };
  // "link Gemma Reeves to @Gemma": the person is named; the Teams user is the mention.
  const link = /^link\s+(.+?)\s+to(\s|$)/i.exec(text);
  if (link) return { name: "link", personName: link[1]! };
  if (/^people$/i.test(text)) return { name: "people" };
  return undefined;
}

export function parseCommand(input: string, plan: Plan, asOf: IsoDate): Command {
  const text = input.replace(/\s+/g, " ").trim();
  const exact = exactCommand(text.replace(/[?!.]+$/, ""));
  if (exact) return exact;
  const recognition = recognize(text, RECOGNIZABLE_COMMANDS, plan, asOf);
  const button = (reading: Reading): Button => ({ title: labelOf(reading, plan), command: textOf(reading, plan) });
  if (recognition.kind === "clarify") return { name: "clarify", readings: recognition.readings.map(button) };
  if (recognition.kind === "fallback") return { name: "find", words: recognition.words, nearest: recognition.nearest.map(button) };
  return commandOf(recognition.reading);
}

/** A recognised reading as the command that answers it. */
export function commandOf(reading: Reading): Command {
  const a = reading.args;
  switch (reading.name) {
    case "action": return { name: "action", actionId: a.actionId! };
    case "milestone": return { name: "milestone", milestoneId: a.milestoneId! };
    case "overdue": return a.personId || a.actionId || a.areaId ? { name: "overdueScoped", personId: a.personId, actionId: a.actionId, areaId: a.areaId } : { name: "overdue" };
    // A two-part KPI is shown whole: "kpi 5a" is KPI 5, with part a beside part b.
    case "kpi": return { name: "kpi", kpiId: a.kpiId!.replace(/[ab]$/, "") };
    case "risk": return { name: "risk", riskId: a.riskId! };
    case "qi": return { name: "qi", qiId: a.qiId! };
    case "area": return { name: "area", areaId: a.areaId! };
    case "person": return { name: "person", personId: a.personId! };
    case "filter": return { name: "filter", filter: { status: a.status!, kind: a.kind, areaId: a.areaId, actionId: a.actionId, personId: a.personId } };
    case "changes": return { name: "changes", period: a.period ?? { since: "last-board", text: "the last board" } };
    case "update": return { name: "update", milestoneId: a.milestoneId!, status: a.status };
    case "digest": return a.board ? { name: "digest", board: a.board } : { name: "digest" };
    case "find": return { name: "find", words: a.words ?? "" };
    case "help": case "thanks": case "status": case "mine": case "kpis": case "risks": case "boards": case "people":
      return { name: reading.name };
  }
}

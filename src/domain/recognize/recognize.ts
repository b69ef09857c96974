import type { IsoDate } from "../dates";
import type { Plan } from "../plan";
import type { RagStatus } from "../status";
import { findEntities, type Entities, type Period } from "./entities";
import { wordsOf } from "./text";
import type { Recognizable, RecognizedName, RecognizerSlot } from "./vocabulary";

/** What a reading command is asked about. */
export interface Args {
  milestoneId?: string;
  actionId?: string;
  kpiId?: string;
  riskId?: string;
  qiId?: string;
  areaId?: string;
  personId?: string;
  status?: RagStatus;
  period?: Period;
  board?: string;
  words?: string;
  /** For a filter: actions by their overall status, or milestones (the default). */
  kind?: "actions" | "milestones";
}

export interface Reading {
  name: RecognizedName;
  args: Args;
}

export type Recognition =
  /** One reading, clearly ahead of any other. */
  | { kind: "command"; reading: Reading; confidence: number }
  /** Readings too close to choose between: "Did you mean …". */
  | { kind: "clarify"; readings: Reading[] }
  /** Nothing close enough: a search of the words, and the commands nearest to them. */
  | { kind: "fallback"; words: string; nearest: Reading[] };

/** A reading needs this much to be answered; a second reading within MARGIN of it makes it a question back. */
const THRESHOLD = 2.5;
const MARGIN = 1;
const WEAK = 1.5;
const UNACCEPTED_SLOT = 1.5;
const COURTESY = new Set(["greet", "thanks"]);
const TOPICS = new Set(["risk", "kpi", "digest", "changed", "board", "meet", "overdue", "my"]);
const UNCOVERED_TOPIC = 1;

const SLOT_ARG: Record<Exclude<RecognizerSlot, "number">, keyof Args> = {
  milestone: "milestoneId", action: "actionId", kpi: "kpiId", risk: "riskId", qi: "qiId", area: "areaId", person: "personId",
  status: "status", period: "period", board: "board", words: "words",
};

interface Scored {
  command: Recognizable;
  score: number;
}

/**
 * Reads a question as one of the reading commands: deterministic, in-process, a pure
 * function of the text, the commands' declarations, the plan and the date. It never
 * reads a command that writes; those run only from their own exact words.
 */
export function recognize(text: string, commands: readonly Recognizable[], plan: Plan, asOf: IsoDate): Recognition {
  const words = wordsOf(text);
  if (words.tokens.length === 0) return { kind: "command", reading: { name: "help", args: {} }, confidence: 1 };
  const entities = findEntities(words, text, plan, asOf);
  const findWords = wordsAfterFind(text);
  if (findWords) entities.concepts.push("find");
  const present = presentSlots(entities, findWords);
  const onlyCourtesy = entities.concepts.every((c) => COURTESY.has(c)) && present.size === 0;

  const scored: Scored[] = commands
    .filter((command) => (command.required ?? []).every((slot) => present.has(slot)) && (command.requiredConcepts ?? []).every((c) => entities.concepts.includes(c)))
    .map((command) => ({ command, score: scoreOf(command, entities, present, onlyCourtesy) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);

  const [top, second] = scored;
  const setWithAction = entities.concepts.includes("set") && entities.milestone.length === 0 && entities.action.length === 1;
  if (setWithAction) return clarifyMilestonesOf(entities.action[0]!, plan, entities.status[0]);

  if (!top || top.score < THRESHOLD) {
    const numberReadings = readingsOfNumber(entities, plan);
    if (numberReadings.length > 0) return numberReadings.length === 1 ? { kind: "command", reading: numberReadings[0]!, confidence: 0.6 } : { kind: "clarify", readings: numberReadings };
    // Weak readings that each explain part of the question ("Gemma 1.2.4"): ask which.
    const weak = scored.filter((s) => s.score >= WEAK && s.score > top!.score - MARGIN && Object.keys(s.command.slots).length > 0);
    if (top && weak.length > 1) return { kind: "clarify", readings: dedupe(weak.slice(0, 4).flatMap((s) => readingOf(s.command, entities, findWords))) };
    return { kind: "fallback", words: entities.unknown.length > 0 ? entities.unknown.join(" ") : text.trim(), nearest: scored.slice(0, 3).map((s) => readingOf(s.command, entities, findWords)[0]!) };
  }
  if (second && second.score > top.score - MARGIN) {
    const readings = scored.filter((s) => s.score > top.score - MARGIN).slice(0, 4).flatMap((s) => readingOf(s.command, entities, findWords));
    return { kind: "clarify", readings: dedupe(readings) };
  }
  const readings = readingOf(top.command, entities, findWords);
  if (readings.length > 1) return { kind: "clarify", readings };
  const reading = readings[0]!;
  if (reading.name === "filter" && entities.concepts.includes("action") && !entities.concepts.includes("milestone")) reading.args.kind = "actions";
  // Words the plan uses that no part of the question explains: perhaps it was a search.
  const slotFilled = Object.keys(reading.args).length > 0;
  if (!slotFilled && entities.unknown.length > 0 && !["find", "help", "thanks"].includes(reading.name)) {
    return { kind: "clarify", readings: [reading, { name: "find", args: { words: entities.unknown.join(" ") } }] };
  }
  return { kind: "command", reading, confidence: Math.round((top.score / (top.score + (second?.score ?? 0))) * 100) / 100 };
}

function presentSlots(entities: Entities, findWords: string | undefined): Set<RecognizerSlot> {
  const present = new Set<RecognizerSlot>();
  for (const slot of ["milestone", "action", "kpi", "risk", "qi", "area", "person", "status", "period", "board", "number"] as const) {
    if (entities[slot].length > 0) present.add(slot);
  }
  if (findWords) present.add("words");
  return present;
}

function scoreOf(command: Recognizable, entities: Entities, present: Set<RecognizerSlot>, onlyCourtesy: boolean): number {
  let score = 0;
  for (const concept of new Set(entities.concepts)) {
    if (COURTESY.has(concept) && !onlyCourtesy) continue;
    const weight = command.keywords[concept as keyof Recognizable["keywords"]];
    // A question about risks is not answered by a person's milestones: a topic the command does not cover counts against it.
    score += weight ?? (TOPICS.has(concept) ? -UNCOVERED_TOPIC : 0);
  }
  for (const slot of present) {
    if (slot === "number" || slot === "words") {
      score += command.slots[slot] ?? 0;
      continue;
    }
    const weight = command.slots[slot];
    score += weight ?? -UNACCEPTED_SLOT;
  }
  return score;
}

/** The reading of a command with the question's slots; one reading per candidate of an ambiguous slot. */
function readingOf(command: Recognizable, entities: Entities, findWords: string | undefined): Reading[] {
  let readings: Reading[] = [{ name: command.name, args: {} }];
  for (const slot of Object.keys(command.slots) as RecognizerSlot[]) {
    if (slot === "number") continue;
    const arg = SLOT_ARG[slot];
    if (slot === "words") {
      if (findWords) readings = readings.map((r) => ({ ...r, args: { ...r.args, words: findWords } }));
      continue;
    }
    const values = entities[slot] as unknown[];
    if (values.length === 0) continue;
    readings = readings.flatMap((r) => values.map((value) => ({ ...r, args: { ...r.args, [arg]: value } })));
  }
  return readings;
}

/** "find autism", "search for exclusion": the words after the command word. */
function wordsAfterFind(text: string): string | undefined {
  const match = /^\s*(?:please\s+)?(?:can you\s+)?(?:find|search|look up|lookup|search for)\s+(?:for\s+)?(.+?)[?.!\s]*$/i.exec(text);
  return match?.[1]?.trim() || undefined;
}

/** "2" alone: area 2, KPI 2, risk R2, or with "action", the actions 2.x. */
function readingsOfNumber(entities: Entities, plan: Plan): Reading[] {
  if (entities.number.length !== 1) return [];
  const n = entities.number[0]!;
  if (entities.concepts.includes("action")) {
    return plan.actions.filter((a) => a.id.startsWith(`${n}.`)).map((a) => ({ name: "action" as const, args: { actionId: a.id } }));
  }
  if (entities.concepts.some((c) => !["how", "status", "which", "greet"].includes(c))) return [];
  const readings: Reading[] = [];
  if (plan.areas.some((a) => a.id === n)) readings.push({ name: "area", args: { areaId: n } });
  if (plan.kpis.some((k) => k.id === `KPI ${n}`)) readings.push({ name: "kpi", args: { kpiId: `KPI ${n}` } });
  if (plan.risks.some((r) => r.id === `R${n}`)) readings.push({ name: "risk", args: { riskId: `R${n}` } });
  return readings;
}

/** "mark 1.2 complete": which of the action's milestones? */
function clarifyMilestonesOf(actionId: string, plan: Plan, status: RagStatus | undefined): Recognition {
  const action = plan.actions.find((a) => a.id === actionId);
  const readings = (action?.milestones ?? []).slice(0, 8).map((m): Reading => ({ name: "update", args: status ? { milestoneId: m.id, status } : { milestoneId: m.id } }));
  if (readings.length === 0) return { kind: "fallback", words: actionId, nearest: [{ name: "status", args: {} }] };
  return readings.length === 1 ? { kind: "command", reading: readings[0]!, confidence: 0.6 } : { kind: "clarify", readings };
}

function dedupe(readings: Reading[]): Reading[] {
  const seen = new Set<string>();
  return readings.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

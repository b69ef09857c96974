import type * as Chrono from "chrono-node";
import { deferredModule } from "../../deferredModule";
import type { IsoDate } from "../dates";
import type { Plan } from "../plan";
import type { RagStatus } from "../status";
import { peopleNamedBy, planIndex } from "./planIndex";
import { allowedSlips, editDistance, type Words } from "./text";
import { COMMON_WORDS, CONCEPT_WORDS, FILLER_WORDS, FUZZY_STATUS_WORDS, STATUS_PHRASES } from "./vocabulary";

/** A period asked about: from a date, or since the last digest of a board (worked out from storage by the command). */
export type Period = { since: IsoDate; text: string } | { since: "last-board"; text: string };

/** What a question names. A slot with several candidates is ambiguous ("Sam", "QI 2"). */
export interface Entities {
  milestone: string[];
  action: string[];
  kpi: string[];
  risk: string[];
  qi: string[];
  area: string[];
  person: string[];
  status: RagStatus[];
  period: Period[];
  board: string[];
  number: string[];
  /** Words nothing explained, that the plan's titles use: a search, perhaps. */
  unknown: string[];
  /** Words that are concepts, read exactly or through a slip. */
  concepts: string[];
}

const QUESTION_WORDS = new Set(["is", "are", "has", "have", "was", "did", "does", "do", "what", "whats", "which", "how", "hows", "when", "whens", "can", "could", "should", "why", "who", "whos", "where", "wheres", "will"]);
const NUMBER_WORDS: Record<string, string> = { one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12", thirteen: "13", fourteen: "14" };
const ID_PREFIXES = new Set(["kpi", "kpis", "indicator", "risk", "risks", "r", "qi", "area", "aow", "number", "no"]);
const CONCEPT_OF = new Map<string, string>(Object.entries(CONCEPT_WORDS).flatMap(([concept, words]) => words.map((w) => [w, concept] as [string, string])));
const DATE_HINT = /\b(since|last|this|ago|yesterday|today|week|weeks|month|months|quarter|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|\d{1,2}\/\d{1,2})/i;

const isoOf = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/**
 * Finds what a question names, in order: ids, statuses, periods, boards, concept words,
 * people, then concept words through a slip. Each word explains one thing.
 */
export function findEntities(words: Words, text: string, plan: Plan, asOf: IsoDate): Entities {
  const tokens = words.tokens.map((token, i) => (NUMBER_WORDS[token] && i > 0 && ID_PREFIXES.has(words.tokens[i - 1]!) ? NUMBER_WORDS[token]! : token));
  const used = tokens.map(() => false);
  const found: Entities = { milestone: [], action: [], kpi: [], risk: [], qi: [], area: [], person: [], status: [], period: [], board: [], number: [], unknown: [], concepts: [] };
  const push = <K extends keyof Entities>(kind: K, value: Entities[K][number]) => {
    if (!(found[kind] as unknown[]).includes(value)) (found[kind] as unknown[]).push(value);
  };
  const at = (i: number) => (used[i] ? undefined : tokens[i]);

  // Ids: 1.2.4, 1.2, KPI 7, kpi 5a, KPI 5 part a, R3, risk 3, QI 2, area 2.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/^\d{1,2}\.\d{1,2}\.\d{1,2}$/.test(token)) { push("milestone", token); used[i] = true; continue; }
    if (/^\d{1,2}\.\d{1,2}$/.test(token)) { push("action", token); used[i] = true; continue; }
    const risk = /^r(\d{1,2})$/.exec(token);
    if (risk) { push("risk", `R${Number(risk[1])}`); used[i] = true; continue; }
    const next = tokens[i + 1] ?? "";
    if (["kpi", "kpis", "indicator"].includes(token)) {
      const id = /^(\d{1,2})([ab])?$/.exec(next);
      if (!id) continue;
      let part = id[2] ?? "";
      used[i + 1] = true;
      const after = tokens[i + 2];
      const partWord = after === "part" ? tokens[i + 3] : after;
      if (!part && partWord && /^[ab]$/.test(partWord)) {
        part = partWord;
        used[i + 2] = true;
        if (after === "part") used[i + 3] = true;
      }
      push("kpi", `KPI ${Number(id[1])}${part}`);
      continue;
    }
    if (["risk", "risks"].includes(token) || (token === "r" && /^\d/.test(next))) {
      const id = /^r?(\d{1,2})$/.exec(next);
      if (id) { push("risk", `R${Number(id[1])}`); used[i + 1] = true; if (token === "r") used[i] = true; }
      continue;
    }
    if (token === "qi") {
      const id = /^(\d{1,2})$/.exec(next);
      if (id) { push("qi", `QI ${Number(id[1])}`); used[i] = true; used[i + 1] = true; }
      continue;
    }
    if (token === "area" || token === "aow") {
      // "area 2", "area of weakness 2"
      const skip = next === "of" && tokens[i + 2] === "weakness" ? 2 : 0;
      const id = /^(\d{1,2})$/.exec(tokens[i + 1 + skip] ?? "");
      if (id) { push("area", String(Number(id[1]))); for (let k = i; k <= i + 1 + skip; k++) used[k] = true; }
    }
  }
  resolveQis(found, plan);

  // Statuses, longest phrase first ("not on track" before "on track").
  const phrases = [...STATUS_PHRASES].sort((a, b) => b.words.length - a.words.length);
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of phrases) {
      if (phrase.words.every((w, k) => at(i + k) === w || (phrase.words.length === 1 && at(i + k) === `${w}s` && w.length > 2))) {
        push("status", phrase.status);
        phrase.words.forEach((_, k) => (used[i + k] = true));
        break;
      }
    }
  }

  findPeriods(tokens, used, text, asOf, push);
  findBoards(tokens, used, plan, push);

  // Concept words typed exactly.
  for (let i = 0; i < tokens.length; i++) {
    const concept = at(i) && CONCEPT_OF.get(tokens[i]!);
    // "an update on 1.5" asks how it stands; "update 1.5.2" asks to change it.
    const asksHow = concept === "set" && /^updates?$/.test(tokens[i]!) && ["on", "about", "for", "re", "regarding", "me", "us"].includes(tokens[i + 1] ?? "");
    if (concept) { push("concepts", asksHow ? "status" : concept); used[i] = true; }
  }
  // Phrases whose words mean more together.
  const joined = ` ${tokens.join(" ")} `;
  const howDoI = / how (do|can|should) (i|we) /.test(joined);
  if (howDoI || / what (can|do|does|should) (you|u|i|it|this|the)( bot| thing| plan tracker)? (do|ask)| how (do|does) (this|it|you) work| what do you do /.test(joined)) push("concepts", "help");
  if (!howDoI && / (i|me|im|am i) (own|lead|have|got|responsible|owe)| do i | am i | for me | on me | assigned to me | ive got /.test(joined)) push("concepts", "my");
  if (/^ (are|is) (we|things|the plan|plan|it|everything) /.test(joined) && found.action.length + found.milestone.length + found.area.length + found.kpi.length + found.risk.length === 0 && !found.concepts.some((c) => c === "kpi" || c === "risk")) push("concepts", "status");
  if (/ board (report|reports|papers|paper|pack) /.test(joined)) push("concepts", "digest");
  const onlyHow = found.concepts.every((c) => c === "how" || c === "which");
  if (onlyHow && / how (are|is) (we|things|it|everything|the plan|plan|the app|app)( |$)/.test(joined) && found.action.length + found.milestone.length + found.area.length + found.kpi.length === 0) push("concepts", "status");

  // "2.4.1 is complete now" tells of a change (the update card opens); "is 2.4.1 complete?" asks.
  const asks = words.question || QUESTION_WORDS.has(tokens[0] ?? "");
  if (!asks && found.milestone.length === 1 && found.status.length === 1 && tokens.some((t) => ["is", "now", "been", "are", "was", "ive", "weve", "have", "has", "just", "finally"].includes(t))) push("concepts", "set");
  // "is 2.3 on track?", "are we behind on 1.2?": a yes-or-no question about one thing, not a list.
  const subject = tokens[1] ?? "";
  if (["is", "are", "isnt", "arent"].includes(tokens[0] ?? "") && (/^\d/.test(subject) || ["area", "action", "milestone", "kpi", "risk", "we", "it", "things", "everything", "the"].includes(subject))) push("concepts", "ask");

  findPeople(tokens, words.capitalised, used, plan, push);

  // Concept words typed with a slip, then the numbers and words nothing explained.
  const index = planIndex(plan);
  for (let i = 0; i < tokens.length; i++) {
    const token = at(i);
    if (!token) continue;
    if (/^\d{1,2}$/.test(token)) { push("number", String(Number(token))); used[i] = true; continue; }
    if (FILLER_WORDS.has(token)) continue;
    const inTitles = index.titleWords.has(token) || (token.endsWith("s") && index.titleWords.has(token.slice(0, -1)));
    if (COMMON_WORDS.has(token)) {
      if (inTitles) push("unknown", token);
      continue;
    }
    const concept = conceptThroughSlip(token);
    if (concept) { push("concepts", concept); used[i] = true; continue; }
    const status = FUZZY_STATUS_WORDS.find((w) => editDistance(token, w) <= allowedSlips(token));
    if (status) { push("status", STATUS_PHRASES.find((p) => p.words[0] === status)!.status); used[i] = true; continue; }
    if (inTitles) push("unknown", token);
  }
  return found;
}

const CONCEPT_LIST = [...CONCEPT_OF.keys()].filter((w) => w.length >= 4);
const COURTESY_WORDS = new Set<string>([...CONCEPT_WORDS.thanks, ...CONCEPT_WORDS.greet]);

/** Words already looked up (people type the same words again and again); bounded, so it cannot grow without end. */
const slipCache = new Map<string, string | null>();

/** The one concept a word is a slip away from; none when two concepts are as close. */
function conceptThroughSlip(token: string): string | undefined {
  const known = slipCache.get(token);
  if (known !== undefined) return known ?? undefined;
  if (slipCache.size > 10_000) slipCache.clear();
  const found = nearestConcept(token);
  slipCache.set(token, found ?? null);
  return found;
}

function nearestConcept(token: string): string | undefined {
  const slips = allowedSlips(token);
  if (slips === 0) return undefined;
  let best: { concept: string; distance: number } | undefined;
  let tie = false;
  for (const word of CONCEPT_LIST) {
    // Four letters are easily another word ("tool" is not "cool"): a slip there keeps the first letter.
    if (token.length === 4 && token[0] !== word[0]) continue;
    // Courtesy is read only from its own words, or "thnaks": never a guess from a short word.
    if (COURTESY_WORDS.has(word) && word.length < 6) continue;
    const distance = editDistance(token, word);
    if (distance > slips || distance > allowedSlips(word)) continue;
    const concept = CONCEPT_OF.get(word)!;
    if (!best || distance < best.distance) { best = { concept, distance }; tie = false; }
    else if (distance === best.distance && concept !== best.concept) tie = true;
  }
  return best && !tie ? best.concept : undefined;
}

/** "QI 2" names a QI in each area that has one; "in area 1" (or "a1-qi2") says which. */
function resolveQis(found: Entities, plan: Plan): void {
  if (found.qi.length === 0) return;
  const refs = found.qi;
  found.qi = plan.qis.filter((qi) => refs.includes(qi.ref.toUpperCase().replace(/\s+/, " ")) && (found.area.length === 0 || found.area.includes(qi.area))).map((qi) => qi.id);
  if (found.qi.length === 0) found.qi = refs.map((ref) => `unknown:${ref}`);
  // The area said which QI; it is not a question about the area.
  else found.area = [];
}

/** Half a second of loading at start-up, for a date in a question: loaded when the first one is read. */
const chrono = deferredModule<typeof Chrono>("chrono-node");

function findPeriods(tokens: string[], used: boolean[], text: string, asOf: IsoDate, push: <K extends keyof Entities>(kind: K, value: Entities[K][number]) => void): void {
  // "since the last board", "since the previous partnership board meeting", "since the last digest"
  for (let i = 0; i < tokens.length; i++) {
    if (!["last", "previous", "latest", "recent"].includes(tokens[i]!)) continue;
    const end = tokens.slice(i + 1, i + 6).findIndex((t) => ["board", "meeting", "digest", "committee", "boards", "meetings"].includes(t));
    if (end < 0) continue;
    push("period", { since: "last-board", text: "the last board" });
    // Board names inside the phrase stay for the board finder; the phrase's own words are spent.
    used[i] = true;
    used[i + 1 + end] = true;
    if (tokens[i + 2 + end] === "meeting") used[i + 2 + end] = true;
    if (i > 0 && tokens[i - 1] === "the") used[i - 1] = true;
    return;
  }
  if (!DATE_HINT.test(text)) return;
  // Ids are not dates: "1.2" and "R3" are left out of what the date parser sees.
  const withoutIds = text.replace(/\b\d{1,2}\.\d{1,2}(\.\d{1,2})?\b/g, " ").replace(/\b(kpi|qi|risk|r|area)\s*\d+[ab]?\b/gi, " ");
  const [result] = chrono().en.GB.parse(withoutIds, fromIsoNoon(asOf), { forwardDate: false });
  if (!result || /^\s*(may|march|sat|sun)\s*$/i.test(result.text)) return;
  const year = result.start.get("year") ?? Number(asOf.slice(0, 4));
  const month = result.start.get("month") ?? 1;
  // chrono fills what the words leave open: "October" is its 1st, "this week" its first day.
  const day = result.start.get("day") ?? 1;
  push("period", { since: isoOf(year, month, day), text: result.text });
  const spent = new Set(result.text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  tokens.forEach((t, i) => { if (spent.has(t)) used[i] = true; });
}

const fromIsoNoon = (date: IsoDate) => new Date(`${date}T12:00:00Z`);

function findBoards(tokens: string[], used: boolean[], plan: Plan, push: <K extends keyof Entities>(kind: K, value: Entities[K][number]) => void): void {
  const index = planIndex(plan);
  const scored = index.boards
    .map((board) => {
      let score = 0;
      const hits: number[] = [];
      tokens.forEach((token, i) => {
        if (used[i] && !["board", "committee", "meeting"].includes(token)) return;
        if (board.words.has(token) || (token.length >= 7 && [...board.words].some((w) => editDistance(token, w) <= allowedSlips(w)))) { score += 1; hits.push(i); }
        else if (board.initials.has(token) && token.length >= 3) { score += 2; hits.push(i); }
        else if (board.generic.has(token)) score += 0.25;
      });
      return { id: board.id, score, hits };
    })
    .filter((b) => b.hits.length > 0);
  if (scored.length === 0) return;
  const best = Math.max(...scored.map((b) => b.score));
  const top = scored.filter((b) => b.score === best);
  // "children" alone is a child, not a board: a board needs two of its words, or its initials, or "board" said.
  const saysBoard = tokens.some((t) => ["board", "committee", "meeting", "digest", "scrutiny", "review", "boards"].includes(t));
  if (!saysBoard && best < 2) return;
  top.forEach((b) => { push("board", b.id); b.hits.forEach((i) => (used[i] = true)); });
}

function findPeople(tokens: string[], capitalised: boolean[], used: boolean[], plan: Plan, push: <K extends keyof Entities>(kind: K, value: Entities[K][number]) => void): void {
  const index = planIndex(plan);
  const groups: Set<string>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (used[i]) continue;
    // A first name that is also an everyday word ("will") names someone only with its capital, mid-sentence.
    const everyday = FILLER_WORDS.has(token) || COMMON_WORDS.has(token) || CONCEPT_OF.has(token);
    if (everyday && !(capitalised[i] && i > 0)) continue;
    const first = peopleNamedBy(index, token, everyday);
    if (!first) continue;
    // "Will Barnwell", "Amy Joynes's": the next word narrows the first.
    const nextToken = tokens[i + 1];
    const both = nextToken && !used[i + 1] ? [...first.ids].filter((id) => namesRest(index, id, nextToken)) : [];
    if (both.length > 0) {
      groups.push(new Set(both));
      used[i] = used[i + 1] = true;
      i++;
    } else {
      groups.push(first.ids);
      used[i] = true;
    }
  }
  // Several words naming the same person narrow it down; otherwise each is a candidate.
  const shared = groups.reduce<Set<string> | undefined>((acc, g) => (acc ? new Set([...acc].filter((id) => g.has(id))) : new Set(g)), undefined);
  const ids = shared && shared.size > 0 ? shared : new Set(groups.flatMap((g) => [...g]));
  ids.forEach((id) => push("person", id));
}

/** Whether a word is the rest of this person's name ("joynes", "jones" for Joynes, "barnwells"), within a slip. */
function namesRest(index: ReturnType<typeof planIndex>, id: string, word: string): boolean {
  const rest = index.names.get(id)?.rest ?? [];
  const forms = word.endsWith("s") ? [word, word.slice(0, -1)] : [word];
  return rest.some((name) => forms.some((form) => form === name || (name.length >= 4 && editDistance(form, name) <= allowedSlips(name))));
}

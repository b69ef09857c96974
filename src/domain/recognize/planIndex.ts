import type { Plan } from "../plan";
import { allowedSlips, editDistance } from "./text";
import { COMMON_WORDS, CONCEPT_WORDS, FILLER_WORDS } from "./vocabulary";

/**
 * What the recognizer looks up in a plan: its people by the words of their names, its boards
 * by the words and initials that tell them apart, and the words its actions and milestones
 * use (so that a word nobody knows can still be offered as a search). Built once per plan.
 */
export interface PlanIndex {
  /** Name word → the people whose name has it ("sam" → Sam Mannion, Sam Baker). */
  nameWords: Map<string, Set<string>>;
  /** Person id → first word and the other words of their name. */
  names: Map<string, { first: string; rest: string[] }>;
  /** Board id → the words that tell it apart from the others, and its initials. */
  boards: { id: string; words: Set<string>; generic: Set<string>; initials: Set<string> }[];
  /** Every word of every action and milestone title. */
  titleWords: Set<string>;
  /** Words already matched against the names through a slip. */
  slips: Map<string, { ids: Set<string>; slips: number } | null>;
}

const CONCEPT_SET = new Set<string>(Object.values(CONCEPT_WORDS).flat());
const BOARD_GENERIC = new Set(["board", "boards", "committee", "review", "progress", "with", "and", "the", "of", "send", "meeting"]);

const nameWordsOf = (name: string) => name.toLowerCase().replace(/'/g, "").split(/[^a-z0-9]+/).filter(Boolean);

const indexes = new WeakMap<Plan, PlanIndex>();

export function planIndex(plan: Plan): PlanIndex {
  let index = indexes.get(plan);
  if (index) return index;
  const nameWords = new Map<string, Set<string>>();
  const names = new Map<string, { first: string; rest: string[] }>();
  const add = (word: string, id: string) => {
    const set = nameWords.get(word) ?? new Set<string>();
    set.add(id);
    nameWords.set(word, set);
  };
  for (const person of plan.people) {
    const words = nameWordsOf(person.name);
    names.set(person.id, { first: words[0] ?? "", rest: words.slice(1) });
    if (person.kind === "person") {
      words.forEach((word) => add(word, person.id));
      // "Merchant-Jones" is also typed "merchantjones".
      if (/-/.test(person.name)) add(words.slice(1).join(""), person.id);
    } else {
      // A role or an organisation is named by its telling words ("Cabot", "Pathway"), not "lead" or "learning".
      words.filter((w) => w.length >= 4 && !CONCEPT_SET.has(w) && !COMMON_WORDS.has(w) && !FILLER_WORDS.has(w) && w !== "programme").forEach((w) => add(w, person.id));
    }
  }
  const local = plan.localArea.toLowerCase();
  const boards = plan.boards.map((board) => {
    const words = nameWordsOf(`${board.name} ${board.id}`);
    const nameOnly = nameWordsOf(board.name);
    const initials = new Set<string>();
    const significant = nameOnly.filter((w) => !["and", "of", "the", "with"].includes(w));
    initials.add(significant.map((w) => w[0]).join(""));
    if (significant[0] === local) initials.add(significant.slice(1).map((w) => w[0]).join(""));
    return { id: board.id, words: new Set(words.filter((w) => !BOARD_GENERIC.has(w) && w !== local)), generic: new Set(words.filter((w) => BOARD_GENERIC.has(w))), initials };
  });
  const titleWords = new Set<string>();
  for (const action of plan.actions) {
    for (const text of [action.title, action.shortTitle ?? "", ...action.milestones.map((m) => m.title)]) {
      for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) if (word.length > 2) titleWords.add(word);
    }
  }
  index = { nameWords, names, boards, titleWords, slips: new Map() };
  indexes.set(plan, index);
  return index;
}

/** The people a typed word names: exactly (or as a possessive, "gemmas"), else within a slip or two. */
export function peopleNamedBy(index: PlanIndex, word: string, exactOnly: boolean): { ids: Set<string>; slips: number } | undefined {
  for (const candidate of word.endsWith("s") ? [word, word.slice(0, -1)] : [word]) {
    const ids = index.nameWords.get(candidate);
    if (ids) return { ids, slips: 0 };
  }
  // Four letters are too few to guess a name from ("ones" is not Jones).
  if (exactOnly || word.length < 5) return undefined;
  const known = index.slips.get(word);
  if (known !== undefined) return known ?? undefined;
  if (index.slips.size > 10_000) index.slips.clear();
  const best = nearestName(index, word);
  index.slips.set(word, best ?? null);
  return best;
}

function nearestName(index: PlanIndex, word: string): { ids: Set<string>; slips: number } | undefined {
  let best: { ids: Set<string>; slips: number } | undefined;
  for (const [name, ids] of index.nameWords) {
    if (name.length < 4) continue;
    const slips = editDistance(word, name);
    if (slips > allowedSlips(name) || slips > allowedSlips(word)) continue;
    if (!best || slips < best.slips) best = { ids: new Set(ids), slips };
    else if (slips === best.slips) ids.forEach((id) => best!.ids.add(id));
  }
  return best;
}

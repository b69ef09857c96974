import damerauLevenshtein from "damerau-levenshtein";

/**
 * Typed text as words: lower case, curly quotes straightened, apostrophes dropped ("what's"
 * and "whats", "kpi's" and "kpis" are the same word), ids kept whole ("1.2.4"), and "KPI7",
 * "R3", "QI2" split from their number so that every spelling of an id reads the same.
 */
export interface Words {
  /** The words, lower case. */
  tokens: string[];
  /** Whether each word was typed with a capital (a first name that is also a common word, "Will"). */
  capitalised: boolean[];
  /** Whether the text was typed as a question. */
  question: boolean;
}

export function wordsOf(text: string): Words {
  const straightened = text
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/'/g, "")
    // "KPI7", "kpi5a", "QI2", "a2-qi1": the prefix and the number are separate words.
    .replace(/\b(kpi|qi)(\d)/gi, "$1 $2")
    .replace(/\b(a)(\d)-(qi)/gi, "area $2 $3");
  const tokens: string[] = [];
  const capitalised: boolean[] = [];
  for (const match of straightened.matchAll(/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*/g)) {
    tokens.push(match[0].toLowerCase());
    capitalised.push(/^[A-Z]/.test(match[0]));
  }
  return { tokens, capitalised, question: /\?\s*$/.test(text) };
}

/** Edits (insertions, deletions, substitutions, swaps of neighbours) between two words. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  return damerauLevenshtein(a, b).steps;
}

/** How many typing slips a word of this length may carry and still be read as meant. */
export function allowedSlips(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 7 ? 1 : 2;
}

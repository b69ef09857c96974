// damerau-levenshtein ships no type declarations; this covers what the recognizer uses.
declare module "damerau-levenshtein" {
  /** Damerau–Levenshtein distance: `steps` edits (insert, delete, substitute, transpose). */
  function damerauLevenshtein(a: string, b: string, limit?: number): { steps: number; relative: number; similarity: number };
  export = damerauLevenshtein;
}

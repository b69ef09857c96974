/** Nouns whose plural is not the singular plus "s". */
const IRREGULAR: Record<string, string> = { person: "people", commentary: "commentaries", entry: "entries", activity: "activities" };

/** The plural of `noun` (the singular; its last word is made plural): "day" → "days", "more person" → "more people". */
export function pluralOf(noun: string): string {
  const words = noun.split(" ");
  const last = words.pop()!;
  return [...words, IRREGULAR[last] ?? `${last}s`].join(" ");
}

/** A count with its noun agreeing: "1 day", "2 days", "0 milestones". */
export function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : pluralOf(noun)}`;
}

/**
 * The "Source" line of a card (issue 23): the transcription's notes (`sourceNote`) on what
 * the card shows, and a word when a status is the plan file's rather than an owner's.
 */
export function sourceLine(...notes: (string | undefined | false)[]): string {
  return notes.filter((n): n is string => typeof n === "string" && n.trim() !== "").join(" · ");
}

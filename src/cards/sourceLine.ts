/**
 * The "Source" line of a card (issue 23): the transcription's notes (`sourceNote`) on what
 * the card shows, and a word when a status is the plan file's rather than an owner's.
 */
export const IMPORTED_STATUS_NOTE = "statuses not yet recorded by their owners are as the plan file gives them (see the plan's source note on status)";

export function sourceLine(...notes: (string | undefined | false)[]): string {
  return notes.filter((n): n is string => typeof n === "string" && n.trim() !== "").join(" · ");
}

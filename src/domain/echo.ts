/** The most of a person's own words an answer repeats back (a search term, a name that was not found). */
export const ECHO_LIMIT = 200;

/** Text as an answer may repeat it: at most ECHO_LIMIT characters, with "…" when cut, so no input can outgrow a Teams message. */
export function echo(text: string): string {
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…` : text;
}

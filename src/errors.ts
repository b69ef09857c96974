/**
 * The one error type of Plan Tracker. `code` says what kind of failure it is, so the
 * CLI can pick an exit code and the bot a reply, without parsing messages; `problems`
 * lists every problem found in bad input, each with its location.
 */
export type ErrorCode =
  | "invalid-input" // a plan file, a command or a card submission that cannot be accepted
  | "conflict" // someone else changed the thing first; nothing was written
  | "not-found"
  | "forbidden"
  | "configuration"
  | "storage"; // Azure Tables failed in a way a retry will not fix

export class PlanTrackerError extends Error {
  override readonly name = "PlanTrackerError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The message with each problem on a line of its own. */
  describe(): string {
    return this.problems.length === 0 ? this.message : `${this.message}\n${this.problems.map((p) => `  - ${p}`).join("\n")}`;
  }
}

export function isPlanTrackerError(error: unknown, code?: ErrorCode): error is PlanTrackerError {
  return error instanceof PlanTrackerError && (code === undefined || error.code === code);
}

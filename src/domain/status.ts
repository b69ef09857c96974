import { z } from "zod";

/**
 * A milestone's rating in the progress report: Blue (complete), Green (on track),
 * Amber (at risk), Red (off track), or not yet rated. Stored and exchanged as these
 * lowercase words.
 */
export const RAG_STATUSES = ["blue", "green", "amber", "red"] as const;
export const STATUSES = [...RAG_STATUSES, "unrated"] as const;

export type RagStatus = (typeof RAG_STATUSES)[number];
export type Status = (typeof STATUSES)[number];

const STATUS_ALIASES: Record<string, Status> = {
  b: "blue", blue: "blue", complete: "blue", completed: "blue",
  g: "green", green: "green", "on track": "green",
  a: "amber", amber: "amber", "at risk": "amber",
  r: "red", red: "red", "off track": "red",
  "": "unrated", unrated: "unrated", "not rated": "unrated", "not yet rated": "unrated",
};

/** Accepts the words a spreadsheet or a plan file may use ("Blue", "B", "complete"). */
export function parseStatus(text: string): Status | undefined {
  return STATUS_ALIASES[text.trim().toLowerCase()];
}

export const statusSchema = z.string().transform((text, ctx) => {
  const status = parseStatus(text);
  if (status === undefined) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a status (use blue, green, amber, red or unrated)` });
    return z.NEVER;
  }
  return status;
});

export const ragStatusSchema = z.enum(RAG_STATUSES);

export const STATUS_LABELS: Record<Status, string> = {
  blue: "Blue (complete)",
  green: "Green (on track)",
  amber: "Amber (at risk)",
  red: "Red (off track)",
  unrated: "Not yet rated",
};

export function statusWord(status: Status): string {
  return status === "unrated" ? "Unrated" : status[0]!.toUpperCase() + status.slice(1);
}

import { displayDate } from "./dates";

/** A prompt as recorded, as far as showing its state needs. */
export interface RecordedPrompt {
  state: "pending" | "sent" | "unreachable" | "failed";
  milestoneIds: string[];
  sentAt?: string;
  reason?: string;
}

/**
 * Each milestone's prompt state this cycle, in words for `overdue` and the digest:
 * "asked 1 Nov 2023, no reply", "asked 1 Nov 2023, answered", "unreachable: not linked".
 * A reply is an update recorded after the prompt was sent.
 */
export function promptStates(prompts: RecordedPrompt[], updatedAt: (milestoneId: string) => string | undefined): Map<string, string> {
  const states = new Map<string, string>();
  for (const prompt of prompts) {
    for (const id of prompt.milestoneIds) {
      let text: string;
      if (prompt.state === "sent" && prompt.sentAt) {
        const updated = updatedAt(id);
        text = `asked ${displayDate(prompt.sentAt.slice(0, 10))}, ${updated && updated > prompt.sentAt ? "answered" : "no reply"}`;
      } else if (prompt.state === "unreachable") text = `unreachable: ${prompt.reason ?? "no reason recorded"}`;
      else if (prompt.state === "failed") text = `not delivered: ${prompt.reason ?? "sending failed"}, will try again`;
      else text = "being asked";
      // A milestone with two owners has two prompts: show both.
      states.set(id, states.has(id) ? `${states.get(id)}; ${text}` : text);
    }
  }
  return states;
}

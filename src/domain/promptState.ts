import { displayDate } from "./dates";

/** A prompt as recorded, as far as showing its state needs. */
export interface RecordedPrompt {
  state: "pending" | "sent" | "unreachable" | "failed";
  milestoneIds: string[];
  sentAt?: string;
  /** The cycle's as-of date the prompt went out on. */
  askedOn?: string;
  reason?: string;
  reminder?: { state: FollowUpStateName; on: string };
  escalation?: { state: FollowUpStateName; on: string };
}

type FollowUpStateName = "pending" | "sent" | "unreachable" | "failed";

/** ", reminded 6 Nov 2023" when the follow-up went out; nothing while it is pending or failed (it is tried again). */
function followUpText(followUp: RecordedPrompt["reminder"], done: string, undeliverable: string): string {
  if (!followUp) return "";
  if (followUp.state === "sent") return `, ${done} ${displayDate(followUp.on)}`;
  if (followUp.state === "unreachable") return `, ${undeliverable}`;
  return "";
}

/**
 * Each milestone's prompt state this cycle, in words for `overdue` and the digest:
 * "asked 1 Nov 2023, reminded 6 Nov 2023, lead told 9 Nov 2023, no reply",
 * "asked 1 Nov 2023, answered", "unreachable: not linked".
 * A reply is an update recorded after the prompt was sent.
 */
export function promptStates(prompts: RecordedPrompt[], updatedAt: (milestoneId: string) => string | undefined): Map<string, string> {
  const states = new Map<string, string>();
  for (const prompt of prompts) {
    for (const id of prompt.milestoneIds) {
      let text: string;
      if (prompt.state === "sent" && prompt.sentAt) {
        const updated = updatedAt(id);
        const answered = updated !== undefined && updated > prompt.sentAt;
        const followUps = followUpText(prompt.reminder, "reminded", "reminder not delivered") + followUpText(prompt.escalation, "lead told", "lead not reachable");
        text = `asked ${displayDate(prompt.askedOn ?? prompt.sentAt.slice(0, 10))}${followUps}, ${answered ? "answered" : "no reply"}`;
      } else if (prompt.state === "unreachable") text = `unreachable: ${prompt.reason ?? "no reason recorded"}`;
      else if (prompt.state === "failed") text = `not delivered: ${prompt.reason ?? "sending failed"}, will try again`;
      else text = "being asked";
      // A milestone with two owners has two prompts: show both.
      states.set(id, states.has(id) ? `${states.get(id)}; ${text}` : text);
    }
  }
  return states;
}

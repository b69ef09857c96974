import type { IsoDate } from "./dates";
import type { UpdateEvent } from "./duePrompts";
import { findMilestone, type PlanView } from "./view";
import { addWorkingDays } from "./workingDays";

/**
 * Reminders and escalation after a prompt, as a pure function of the prompts sent this
 * cycle, the milestones' history and the as-of date. A milestone counts as answered
 * when anything was recorded for it after its prompt went out (an update, a snooze,
 * "not mine"); only unanswered milestones are reminded or escalated.
 */

export interface SentPrompt {
  ownerId: string;
  /** Who got the message: the owner, or their action lead when the owner cannot be reached. */
  recipient: string;
  milestoneIds: string[];
  /** ISO instant Teams accepted the prompt. */
  sentAt: string;
  /** The cycle's as-of date the prompt went out on (working days are counted from it). */
  askedOn: IsoDate;
  remindedOn?: IsoDate;
  escalatedOn?: IsoDate;
}

export interface FollowUpRules {
  /** Working days without a reply before the one reminder. */
  reminderAfter: number;
  /** Further working days without a reply before the action lead is told. */
  escalateAfter: number;
}

export interface Reminder {
  ownerId: string;
  recipient: string;
  milestones: string[];
}

export interface Escalation {
  ownerId: string;
  /** The action lead told; one per milestone's action, the owner themselves excluded. */
  leadId: string;
  milestones: string[];
}

export function unansweredMilestones(prompt: SentPrompt, updates: UpdateEvent[]): string[] {
  const answered = new Set(updates.filter((u) => u.source !== "import" && u.at > prompt.sentAt).map((u) => u.milestoneId));
  return prompt.milestoneIds.filter((id) => !answered.has(id));
}

export function dueFollowUps(view: PlanView, prompts: SentPrompt[], updates: UpdateEvent[], asOf: IsoDate, rules: FollowUpRules): { reminders: Reminder[]; escalations: Escalation[] } {
  const reminders: Reminder[] = [];
  const escalations: Escalation[] = [];
  for (const prompt of prompts) {
    const unanswered = unansweredMilestones(prompt, updates);
    if (unanswered.length === 0) continue;
    if (prompt.remindedOn === undefined) {
      if (asOf >= addWorkingDays(prompt.askedOn, rules.reminderAfter)) reminders.push({ ownerId: prompt.ownerId, recipient: prompt.recipient, milestones: unanswered });
      continue;
    }
    if (prompt.escalatedOn !== undefined || asOf < addWorkingDays(prompt.remindedOn, rules.escalateAfter)) continue;
    // Escalating to the person who already has the message (a lead asked on an owner's behalf, or a lead who owns it) would tell nobody new.
    const byLead = new Map<string, string[]>();
    for (const id of unanswered) {
      const lead = findMilestone(view.plan, id)?.action.lead;
      if (lead === undefined || lead === prompt.recipient || lead === prompt.ownerId) continue;
      byLead.set(lead, [...(byLead.get(lead) ?? []), id]);
    }
    for (const [leadId, milestones] of byLead) escalations.push({ ownerId: prompt.ownerId, leadId, milestones });
  }
  return { reminders, escalations };
}

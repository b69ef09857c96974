import { randomUUID } from "node:crypto";
import type { CardReply } from "../bot/cards";
import { milestoneUpdateCard } from "../bot/cardActions/milestoneUpdateCard";
import type { IsoDate } from "../domain/dates";
import { cycleOf, type DuePrompt } from "../domain/duePrompts";
import type { LeaseRepository } from "../storage/leaseRepository";
import { asPromptRecords, type PromptRepository } from "../storage/promptRepository";
import type { PlanView } from "../domain/view";
import type { PlanService } from "./planService";
import type { PromptPlanner } from "./promptPlanner";

/** A person Plan Tracker cannot message (not installed, blocked, removed): not worth retrying. */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

/** Sends a card to a plan person's personal chat; throws UnreachableError when Teams says they cannot be reached. */
export interface Messenger {
  send(planId: string, personId: string, card: CardReply): Promise<{ activityId?: string }>;
}

export interface CycleReport {
  ran: boolean;
  why?: string;
  cycle: string;
  sent: { ownerId: string; recipient: string; milestones: string[] }[];
  unreachable: { ownerId: string; reason: string }[];
  failed: { ownerId: string; reason: string }[];
  alreadyHandled: string[];
}

const LEASE_TTL_MS = 5 * 60_000;

/**
 * One prompt cycle: under the lease, each due owner's prompt is recorded (a conditional
 * insert) before it is sent and marked sent after Teams accepts it. A record left
 * "pending" by a run that died is sent again: the one window for a duplicate is between
 * Teams accepting the message and the record being marked.
 */
export class PromptCycle {
  readonly instanceId = randomUUID();

  constructor(
    private readonly plans: PlanService,
    private readonly planner: PromptPlanner,
    private readonly prompts: PromptRepository,
    private readonly leases: LeaseRepository,
    private readonly messenger: Messenger,
    private readonly log: (message: string) => void,
  ) {}

  async run(planId: string, asOf: IsoDate): Promise<CycleReport> {
    const cycle = cycleOf(asOf);
    const report: CycleReport = { ran: false, cycle, sent: [], unreachable: [], failed: [], alreadyHandled: [] };
    const lease = `prompts|${planId}`;
    if (!(await this.leases.acquire(lease, this.instanceId, LEASE_TTL_MS))) return { ...report, why: "another instance is running this plan's prompt cycle" };
    try {
      const stored = await this.prompts.listCycle(planId, cycle);
      const due = await this.planner.plan(planId, asOf, asPromptRecords(stored));
      const view = await this.plans.view(planId);
      // One message per recipient: an action lead gets their own milestones and those forwarded to them together.
      const byRecipient = new Map<string, DuePrompt[]>();
      for (const prompt of due.prompts) {
        if (prompt.delivery.via === "unreachable") {
          const claim = await this.prompts.claim(planId, cycle, prompt.owner.id, prompt.milestones, prompt.owner.id, "unreachable", prompt.delivery.why);
          if (claim.claimed) report.unreachable.push({ ownerId: prompt.owner.id, reason: prompt.delivery.why });
          else report.alreadyHandled.push(prompt.owner.id);
          continue;
        }
        const recipient = prompt.delivery.via === "personal-chat" ? prompt.owner.id : prompt.delivery.leads[0]!.id;
        byRecipient.set(recipient, [...(byRecipient.get(recipient) ?? []), prompt]);
      }
      for (const [recipient, prompts] of byRecipient) await this.send(planId, cycle, asOf, view, recipient, prompts, report);
      return { ...report, ran: true };
    } finally {
      await this.leases.release(lease, this.instanceId);
    }
  }

  private async send(planId: string, cycle: string, asOf: IsoDate, view: PlanView, recipient: string, prompts: DuePrompt[], report: CycleReport): Promise<void> {
    // Record each owner's prompt before anything is sent; what someone else recorded is theirs.
    const claimed: { prompt: DuePrompt; etag: string }[] = [];
    for (const prompt of prompts) {
      const claim = await this.prompts.claim(planId, cycle, prompt.owner.id, prompt.milestones, recipient);
      if (claim.claimed) claimed.push({ prompt, etag: claim.etag });
      else if (claim.existing.state === "pending") claimed.push({ prompt, etag: claim.existing.etag }); // a run that died before marking it
      else report.alreadyHandled.push(prompt.owner.id);
    }
    if (claimed.length === 0) return;
    const milestones = [...new Set(claimed.flatMap((c) => c.prompt.milestones))];
    const forwarded = claimed.filter((c) => c.prompt.delivery.via === "action-lead");
    const intro = [
      "These milestones need an update before the board meets. Your answer is recorded with your name and the time.",
      forwarded.length > 0
        ? `Some belong to people Plan Tracker cannot reach in Teams (${forwarded.map((c) => `${c.prompt.owner.name}: ${c.prompt.delivery.via === "action-lead" ? c.prompt.delivery.why : ""}`).join("; ")}). As their action lead, please update them or pass them on.`
        : "",
    ].filter(Boolean).join(" ");
    const card = milestoneUpdateCard(view, milestones, asOf, {
      heading: milestones.length === 1 ? `Milestone ${milestones[0]} needs an update` : `${milestones.length} milestones need an update`,
      intro,
    });
    let outcome: { state: "sent"; activityId?: string } | { state: "unreachable" | "failed"; reason: string };
    try {
      const { activityId } = await this.messenger.send(planId, recipient, card);
      outcome = { state: "sent", activityId };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcome = { state: error instanceof UnreachableError ? "unreachable" : "failed", reason };
      this.log(`Prompt to ${recipient} (${cycle}) ${outcome.state}: ${reason}`);
    }
    for (const { prompt, etag } of claimed) {
      await this.prompts.mark(planId, cycle, prompt.owner.id, etag, outcome);
      if (outcome.state === "sent") report.sent.push({ ownerId: prompt.owner.id, recipient, milestones: prompt.milestones });
      else (outcome.state === "unreachable" ? report.unreachable : report.failed).push({ ownerId: prompt.owner.id, reason: outcome.reason });
    }
  }
}

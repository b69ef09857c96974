import { randomUUID } from "node:crypto";
import type { ConversationRef } from "../teams/conversationReference";
import type { CardReply } from "../cards/cards";
import { milestoneUpdateCard } from "../cards/milestoneUpdateCard";
import { promptCard } from "../cards/promptCard";
import { dueItemId, isDueItemId } from "../domain/dueItems";
import { displayDate, type IsoDate } from "../domain/dates";
import { cycleOf, type DuePrompt, type UpdateEvent } from "../domain/duePrompts";
import { dueFollowUps, type FollowUpRules, type SentPrompt } from "../domain/followUps";
import { personRef } from "../domain/view";
import type { LeaseRepository } from "../storage/leaseRepository";
import { inParallel } from "../inParallel";
import { withPlanLease, type HeldLease } from "./planLease";
import { asPromptRecords, type PromptRepository, type StoredPrompt } from "../storage/promptRepository";
import type { PlanView } from "../domain/view";
import type { PlanService } from "./planService";
import type { PromptPlanner } from "./promptPlanner";

/** A person Plan Tracker cannot message (not installed, blocked, removed): not worth retrying. */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";

  /** Teams' HTTP answer when it refused the message (403, 404), recorded so `people` can tell who has gone. */
  constructor(message: string, readonly teamsStatus?: number) {
    super(message);
  }
}

/** Sends a card to a plan person's personal chat; throws UnreachableError when Teams says they cannot be reached. */
export interface Messenger {
  send(planId: string, personId: string, card: CardReply): Promise<{ activityId?: string }>;
  /** Posts a card to a stored conversation (a board's channel): a new post, not a reply. */
  post(tenantId: string, reference: ConversationRef, card: CardReply): Promise<{ activityId?: string }>;
  /** Before messaging many people of a plan: learn how to reach all of them at once, rather than person by person. */
  prefetch?(planId: string): Promise<void>;
  /** The run is over: forget what `prefetch` learnt. */
  release?(): void;
}

export interface CycleReport {
  ran: boolean;
  why?: string;
  cycle: string;
  sent: { ownerId: string; recipient: string; milestones: string[]; items?: string[] }[];
  unreachable: { ownerId: string; reason: string }[];
  failed: { ownerId: string; reason: string }[];
  /** Owners whose prompt was sent again: a record a crashed run left pending, or a send that failed before. */
  retried: string[];
  alreadyHandled: string[];
  /** Owners reminded this run, and action leads told of owners who still have not replied. */
  reminded: { ownerId: string; recipient: string; milestones: string[] }[];
  escalated: { leadId: string; owners: string[]; milestones: string[] }[];
}

export interface CycleOptions extends FollowUpRules {
  leaseSeconds: number;
  /** Messages in flight at once (default SEND_CONCURRENCY). */
  sendConcurrency?: number;
}

/**
 * How many recipients are handled at once. The rate limiter keeps the sends within Teams'
 * limits; this only has to be enough that the connector's answer time does not cap the
 * rate: 30 a second with answers taking 500 ms needs about 15 in flight, plus the claims.
 */
export const SEND_CONCURRENCY = 32;

const emptyReport = (cycle: string): CycleReport => ({ ran: false, cycle, sent: [], unreachable: [], failed: [], retried: [], alreadyHandled: [], reminded: [], escalated: [] });

/** Stored follow-up state as the pure rules see it: a reminder or escalation counts once it was sent or found impossible; pending and failed ones are tried again. */
const done = (followUp: StoredPrompt["reminder"]) => (followUp && (followUp.state === "sent" || followUp.state === "unreachable") ? followUp.on : undefined);
function asSentPrompt(prompt: StoredPrompt): SentPrompt | undefined {
  if (prompt.state !== "sent" || !prompt.sentAt || prompt.milestoneIds.every(isDueItemId)) return undefined;
  return {
    ownerId: prompt.ownerId,
    recipient: prompt.recipient,
    // A prompt's record also lists the other items it asked for ("kpi:KPI 7"); reminders are about milestones.
    milestoneIds: prompt.milestoneIds.filter((id) => !isDueItemId(id)),
    sentAt: prompt.sentAt,
    askedOn: prompt.askedOn ?? prompt.sentAt.slice(0, 10),
    remindedOn: done(prompt.reminder),
    escalatedOn: done(prompt.escalation),
  };
}

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
    private readonly options: CycleOptions,
    private readonly log: (message: string) => void,
    /** Told of every finished run (telemetry counts what it sent). */
    private readonly observe: (planId: string, report: CycleReport) => void = () => undefined,
  ) {}

  /** One cycle under the plan's lease (for the CLI and tests; the scheduler holds the lease itself). */
  async run(planId: string, asOf: IsoDate): Promise<CycleReport> {
    const report = await withPlanLease(this.leases, planId, this.instanceId, this.options.leaseSeconds * 1000, (lease) => this.runHeld(planId, asOf, lease));
    return report ?? { ...emptyReport(cycleOf(asOf)), why: "another instance is running this plan's cycle" };
  }

  async runHeld(planId: string, asOf: IsoDate, lease: HeldLease): Promise<CycleReport> {
    try {
      const report = await this.runCycle(planId, asOf, lease);
      this.observe(planId, report);
      return report;
    } finally {
      this.messenger.release?.();
    }
  }

  private async runCycle(planId: string, asOf: IsoDate, lease: HeldLease): Promise<CycleReport> {
    const cycle = cycleOf(asOf);
    const report = emptyReport(cycle);
    const stored = await this.prompts.listCycle(planId, cycle);
    // One message per person: their milestones, KPIs, risks, QIs and commentary together.
    const due = await this.planner.plan(planId, asOf, asPromptRecords(stored), { withItems: true });
    const view = await this.plans.view(planId);
    await this.messenger.prefetch?.(planId);
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
    // Recipients are handled concurrently (one message each, so each conversation's order is its own);
    // each is claimed before it is sent and marked after, as before.
    let leaseLost = false;
    await inParallel([...byRecipient], this.options.sendConcurrency ?? SEND_CONCURRENCY, async ([recipient, prompts]) => {
      if (leaseLost || !(await lease.keep())) {
        leaseLost = true;
        return;
      }
      await this.send(planId, cycle, asOf, view, recipient, prompts, report);
    });
    if (leaseLost) return { ...report, why: "the lease was taken over by another instance" };
    if (!(await this.followUp(planId, cycle, asOf, view, due.updates, lease, report))) return { ...report, why: "the lease was taken over by another instance" };
    return { ...report, ran: true };
  }

  /** Reminders for prompts with no reply after N working days, then one message to the action lead after M more. */
  private async followUp(planId: string, cycle: string, asOf: IsoDate, view: PlanView, updates: UpdateEvent[], lease: HeldLease, report: CycleReport): Promise<boolean> {
    const stored = new Map((await this.prompts.listCycle(planId, cycle)).map((p) => [p.ownerId, p]));
    const sent = [...stored.values()].flatMap((p) => asSentPrompt(p) ?? []);
    const { reminders, escalations } = dueFollowUps(view, sent, updates, asOf, this.options);
    // One reminder message per recipient, like the prompts: a lead's own milestones and those forwarded to them together.
    const remindersTo = new Map<string, typeof reminders>();
    for (const reminder of reminders) remindersTo.set(reminder.recipient, [...(remindersTo.get(reminder.recipient) ?? []), reminder]);
    let leaseLost = false;
    await inParallel([...remindersTo], this.options.sendConcurrency ?? SEND_CONCURRENCY, async ([recipient, items]) => {
      if (leaseLost || !(await lease.keep())) {
        leaseLost = true;
        return;
      }
      const claimed: { reminder: (typeof reminders)[number]; etag: string }[] = [];
      for (const reminder of items) {
        const etag = await this.prompts.claimFollowUp(planId, cycle, reminder.ownerId, stored.get(reminder.ownerId)!.etag, "reminder", asOf);
        if (etag !== undefined) claimed.push({ reminder, etag }); // otherwise changed meanwhile: the next run looks again
      }
      if (claimed.length === 0) return;
      const milestones = [...new Set(claimed.flatMap((c) => c.reminder.milestones))];
      const askedOn = stored.get(claimed[0]!.reminder.ownerId)!.askedOn ?? asOf;
      const card = milestoneUpdateCard(view, milestones, asOf, {
        heading: `Reminder: ${milestones.length === 1 ? `milestone ${milestones[0]} still needs` : `${milestones.length} milestones still need`} an update`,
        intro: `You were asked on ${displayDate(askedOn)} and nothing has been recorded since. If no update comes, the action lead will be told.`,
      });
      const state = await this.deliver(planId, recipient, card, `Reminder to ${recipient} (${cycle})`);
      for (const { reminder, etag } of claimed) {
        await this.prompts.markFollowUp(planId, cycle, reminder.ownerId, etag, "reminder", state);
        if (state === "sent") report.reminded.push(reminder);
      }
    });
    if (leaseLost) return false;
    // Each owner's escalation is claimed once, whichever leads it goes to; then one message per lead lists every owner of theirs who has not replied.
    const claimed = new Map<string, string>();
    for (const ownerId of new Set(escalations.map((e) => e.ownerId))) {
      const leads = [...new Set(escalations.filter((e) => e.ownerId === ownerId).map((e) => e.leadId))];
      const etag = await this.prompts.claimFollowUp(planId, cycle, ownerId, stored.get(ownerId)!.etag, "escalation", asOf, leads);
      if (etag !== undefined) claimed.set(ownerId, etag);
    }
    const byLead = new Map<string, typeof escalations>();
    for (const escalation of escalations.filter((e) => claimed.has(e.ownerId))) byLead.set(escalation.leadId, [...(byLead.get(escalation.leadId) ?? []), escalation]);
    const outcome = new Map<string, "sent" | "unreachable" | "failed">();
    for (const [leadId, items] of byLead) {
      if (!(await lease.keep())) return false;
      const milestones = items.flatMap((item) => item.milestones);
      const owners = [...new Set(items.map((item) => personRef(view.plan, item.ownerId).name))];
      const card = milestoneUpdateCard(view, milestones, asOf, {
        heading: `No update from ${owners.join(", ")}`,
        intro: `As action lead: ${milestones.length === 1 ? "this milestone was" : "these milestones were"} asked about and reminded, with no reply. Please update ${milestones.length === 1 ? "it" : "them"} or follow up with ${owners.length === 1 ? "the owner" : "the owners"}.`,
      });
      const state = await this.deliver(planId, leadId, card, `Escalation to ${leadId} (${cycle})`);
      if (state === "sent") report.escalated.push({ leadId, owners: items.map((item) => item.ownerId), milestones });
      for (const item of items) if (state !== "sent" || !outcome.has(item.ownerId)) outcome.set(item.ownerId, state);
    }
    for (const [ownerId, etag] of claimed) await this.prompts.markFollowUp(planId, cycle, ownerId, etag, "escalation", outcome.get(ownerId) ?? "sent");
    return true;
  }

  private async deliver(planId: string, personId: string, card: CardReply, what: string): Promise<"sent" | "unreachable" | "failed"> {
    try {
      await this.messenger.send(planId, personId, card);
      return "sent";
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log(`${what} not delivered: ${reason}`);
      return error instanceof UnreachableError ? "unreachable" : "failed";
    }
  }

  private async send(planId: string, cycle: string, asOf: IsoDate, view: PlanView, recipient: string, prompts: DuePrompt[], report: CycleReport): Promise<void> {
    // Record each owner's prompt before anything is sent; what someone else recorded is theirs.
    const claimed: { prompt: DuePrompt; etag: string }[] = [];
    for (const prompt of prompts) {
      // Items go only to their own person (below), so only then are they recorded as asked.
      const asked = prompt.owner.id === recipient ? [...prompt.milestones, ...(prompt.items ?? []).map(dueItemId)] : prompt.milestones;
      const claim = await this.prompts.claim(planId, cycle, prompt.owner.id, asked, recipient);
      if (claim.claimed) claimed.push({ prompt, etag: claim.etag });
      // A run that died before marking it, or a send Teams failed (5xx after the client's retries): tried again.
      else if (claim.existing.state === "pending" || claim.existing.state === "failed") {
        claimed.push({ prompt, etag: claim.existing.etag });
        report.retried.push(prompt.owner.id);
      }
      else report.alreadyHandled.push(prompt.owner.id);
    }
    if (claimed.length === 0) return;
    const milestones = [...new Set(claimed.flatMap((c) => c.prompt.milestones))];
    // Items are asked of their own person only: one forwarded to a lead would be answered by someone who cannot record it.
    const items = claimed.filter((c) => c.prompt.owner.id === recipient).flatMap((c) => c.prompt.items ?? []);
    const forwarded = claimed.filter((c) => c.prompt.delivery.via === "action-lead");
    const intro = [
      "These milestones need an update before the board meets. Your answer is recorded with your name and the time.",
      forwarded.length > 0
        ? `Some belong to people Plan Tracker cannot reach in Teams (${forwarded.map((c) => `${c.prompt.owner.name}: ${c.prompt.delivery.via === "action-lead" ? c.prompt.delivery.why : ""}`).join("; ")}). As their action lead, please update them or pass them on.`
        : "",
    ].filter(Boolean).join(" ");
    const card = promptCard(view, milestones, items, asOf, {
      heading: milestones.length === 1 ? `Milestone ${milestones[0]} needs an update` : `${milestones.length} milestones need an update`,
      intro,
    });
    let outcome: { state: "sent"; askedOn: IsoDate; activityId?: string } | { state: "unreachable" | "failed"; reason: string; teamsStatus?: number };
    try {
      const { activityId } = await this.messenger.send(planId, recipient, card);
      outcome = { state: "sent", askedOn: asOf, activityId };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcome = error instanceof UnreachableError ? { state: "unreachable", reason, ...(error.teamsStatus ? { teamsStatus: error.teamsStatus } : {}) } : { state: "failed", reason };
      this.log(`Prompt to ${recipient} (${cycle}) ${outcome.state}: ${reason}`);
    }
    for (const { prompt, etag } of claimed) {
      await this.prompts.mark(planId, cycle, prompt.owner.id, etag, outcome);
      if (outcome.state === "sent") report.sent.push({ ownerId: prompt.owner.id, recipient, milestones: prompt.milestones, ...(prompt.items?.length ? { items: prompt.items.map(dueItemId) } : {}) });
      else (outcome.state === "unreachable" ? report.unreachable : report.failed).push({ ownerId: prompt.owner.id, reason: outcome.reason });
    }
  }
}

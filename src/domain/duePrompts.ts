import { displayDate, type IsoDate } from "./dates";
import { dueItemId, type DueItem } from "./dueItems";
import { effectiveDue } from "./milestones";
import { personRef, stateOf, type PersonRef, type PlanView } from "./view";

/**
 * Who is due a prompt for which milestones: a pure function of the plan, its history,
 * the prompts already recorded, whom Plan Tracker can reach, and the as-of date.
 *
 * Cycles are calendar months (the SEND Partnership Board meets monthly): an owner gets
 * at most one prompt per cycle, covering all their due milestones.
 */

/** "2023-11": the monthly cycle an as-of date falls in. */
export function cycleOf(asOf: IsoDate): string {
  return asOf.slice(0, 7);
}

/** A recorded change of a milestone (from its history); imports are not updates from an owner. */
export interface UpdateEvent {
  milestoneId: string;
  /** ISO instant. */
  at: string;
  source: string;
}

export interface PromptRecord {
  ownerId: string;
  cycle: string;
  milestoneIds: string[];
}

/** Whether a plan person can be messaged in Teams, and if not, why. */
export type Reach = { reachable: true } | { reachable: false; why: string };

export type Delivery =
  | { via: "personal-chat" }
  | { via: "action-lead"; leads: PersonRef[]; why: string }
  | { via: "unreachable"; why: string };

export interface DuePrompt {
  owner: PersonRef;
  /** Milestone ids, in plan order. */
  milestones: string[];
  /** Why each milestone is due: "31 days overdue", "ongoing: no update this month". */
  reasons: Record<string, string>;
  delivery: Delivery;
  /** KPIs, risks, QIs and commentary the same person is asked for in the same message (present when items were asked for). */
  items?: DueItem[];
}

export type SkipReason = "blue" | "not-yet-due" | "snoozed" | "already-prompted";

export interface SkippedMilestone {
  milestoneId: string;
  /** The owner it was skipped for, when the reason is about them (already prompted). */
  ownerId?: string;
  reason: SkipReason;
  detail: string;
}

export interface DuePromptsInput {
  view: PlanView;
  asOf: IsoDate;
  updates: UpdateEvent[];
  records: PromptRecord[];
  reach: (personId: string) => Reach;
  /** The next board digest, when known: milestones falling due before it are asked about now. */
  nextDigest?: IsoDate;
  /** Each person's due KPIs, risks, QIs and commentary (dueItems), carried in their one message. */
  items?: ReadonlyMap<string, DueItem[]>;
}

export function duePrompts(input: DuePromptsInput): { cycle: string; prompts: DuePrompt[]; skipped: SkippedMilestone[] } {
  const { view, asOf, nextDigest } = input;
  const cycle = cycleOf(asOf);
  const updatedThisCycle = new Set(
    input.updates.filter((u) => u.source !== "import" && u.at.slice(0, 10) <= asOf && u.at.slice(0, 7) === cycle).map((u) => u.milestoneId),
  );
  const prompted = new Map<string, Set<string>>();
  for (const record of input.records.filter((r) => r.cycle === cycle)) {
    const ids = prompted.get(record.ownerId) ?? new Set<string>();
    record.milestoneIds.forEach((id) => ids.add(id));
    prompted.set(record.ownerId, ids);
  }

  const byOwner = new Map<string, { milestones: string[]; reasons: Record<string, string>; leads: Set<string> }>();
  const skipped: SkippedMilestone[] = [];
  for (const action of view.plan.actions) {
    for (const milestone of action.milestones) {
      const state = stateOf(view, milestone);
      if (state.status === "blue") {
        skipped.push({ milestoneId: milestone.id, reason: "blue", detail: "complete" });
        continue;
      }
      if (state.snoozedUntil !== undefined && state.snoozedUntil > asOf) {
        skipped.push({ milestoneId: milestone.id, reason: "snoozed", detail: `snoozed by its owner until ${displayDate(state.snoozedUntil)}` });
        continue;
      }
      const due = effectiveDue(milestone, state);
      let reason: string | undefined;
      if (milestone.ongoing) {
        if (!updatedThisCycle.has(milestone.id)) reason = "ongoing: no update this month";
      } else if (due !== undefined && due < asOf) {
        reason = `overdue since ${displayDate(due)}`;
      } else if (due !== undefined && nextDigest !== undefined && due <= nextDigest) {
        reason = `due ${displayDate(due)}, before the next board digest`;
      }
      if (reason === undefined) {
        skipped.push({ milestoneId: milestone.id, reason: "not-yet-due", detail: milestone.ongoing ? "ongoing, updated this month" : `due ${due ? displayDate(due) : "(no date)"}` });
        continue;
      }
      // A milestone nobody owns is asked of its action lead.
      const owners = milestone.owners.length > 0 ? milestone.owners : [action.lead];
      for (const owner of owners) {
        if (prompted.get(owner)?.has(milestone.id)) {
          skipped.push({ milestoneId: milestone.id, ownerId: owner, reason: "already-prompted", detail: `already asked this cycle (${cycle})` });
          continue;
        }
        const entry = byOwner.get(owner) ?? { milestones: [], reasons: {}, leads: new Set<string>() };
        entry.milestones.push(milestone.id);
        entry.reasons[milestone.id] = reason;
        entry.leads.add(action.lead);
        byOwner.set(owner, entry);
      }
    }
  }

  // One message per person: their due items join their milestones; someone with items only gets a message of items.
  const itemsOf = new Map<string, DueItem[]>();
  for (const [personId, items] of input.items ?? []) {
    const fresh = items.filter((item) => !prompted.get(personId)?.has(dueItemId(item)));
    if (fresh.length === 0) continue;
    itemsOf.set(personId, fresh);
    if (!byOwner.has(personId)) byOwner.set(personId, { milestones: [], reasons: {}, leads: new Set<string>() });
  }

  const prompts = [...byOwner.entries()].map(([ownerId, entry]): DuePrompt => {
    const reach = input.reach(ownerId);
    let delivery: Delivery;
    if (reach.reachable) {
      delivery = { via: "personal-chat" };
    } else {
      const leads = [...entry.leads].filter((lead) => lead !== ownerId && input.reach(lead).reachable);
      delivery =
        leads.length > 0
          ? { via: "action-lead", leads: leads.map((lead) => personRef(view.plan, lead)), why: reach.why }
          : { via: "unreachable", why: `${reach.why}, and no action lead of theirs can be reached either` };
    }
    const prompt: DuePrompt = { owner: personRef(view.plan, ownerId), milestones: entry.milestones, reasons: entry.reasons, delivery };
    if (input.items !== undefined) prompt.items = itemsOf.get(ownerId) ?? [];
    return prompt;
  });
  return { cycle, prompts, skipped };
}

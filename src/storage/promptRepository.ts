import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import type { PromptRecord } from "../domain/duePrompts";
import { PlanTrackerError } from "../errors";

/**
 * The prompts table: one row per (plan, cycle, owner), inserted conditionally before
 * the prompt is sent and marked once Teams has accepted it. The insert is what makes a
 * prompt happen once: whoever inserts it sends it; anyone else sees it is handled.
 * PartitionKey = plan id, RowKey = "<cycle>|<owner id>".
 */
export const PROMPT_STATES = ["pending", "sent", "unreachable", "failed"] as const;
export type PromptState = (typeof PROMPT_STATES)[number];
/** A reminder or an escalation: claimed ("pending") with an ETag-conditional write before it is sent, like the prompt. */
export const FOLLOW_UP_STATES = ["pending", "sent", "unreachable", "failed"] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
export type FollowUpKind = "reminder" | "escalation";

const rowSchema = z.looseObject({
  rowKey: z.string(),
  etag: z.string(),
  state: z.enum(PROMPT_STATES),
  milestoneIds: z.string(),
  recipient: z.string(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  activityId: z.string().optional(),
  reason: z.string().optional(),
  teamsStatus: z.number().int().optional(),
  askedOn: z.string().optional(),
  reminder: z.enum(FOLLOW_UP_STATES).optional(),
  reminderOn: z.string().optional(),
  escalation: z.enum(FOLLOW_UP_STATES).optional(),
  escalationOn: z.string().optional(),
  escalatedTo: z.string().optional(),
});

export interface StoredPrompt {
  cycle: string;
  ownerId: string;
  state: PromptState;
  milestoneIds: string[];
  /** The plan person the message goes to: the owner, or their action lead. */
  recipient: string;
  createdAt: string;
  sentAt?: string;
  /** The as-of date of the cycle that sent it. */
  askedOn?: string;
  reason?: string;
  /** Teams' HTTP answer when it refused the message (403, 404). */
  teamsStatus?: number;
  reminder?: { state: FollowUpState; on: string };
  escalation?: { state: FollowUpState; on: string; to?: string[] };
  etag: string;
}

export type Claim = { claimed: true; etag: string } | { claimed: false; existing: StoredPrompt };

const toPrompt = (row: z.output<typeof rowSchema>): StoredPrompt => {
  const [cycle = "", ownerId = ""] = row.rowKey.split("|");
  return {
    cycle,
    ownerId,
    state: row.state,
    milestoneIds: JSON.parse(row.milestoneIds) as string[],
    recipient: row.recipient,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    askedOn: row.askedOn,
    reason: row.reason,
    teamsStatus: row.teamsStatus,
    reminder: row.reminder && row.reminderOn ? { state: row.reminder, on: row.reminderOn } : undefined,
    escalation: row.escalation && row.escalationOn ? { state: row.escalation, on: row.escalationOn, to: row.escalatedTo?.split(",") } : undefined,
    etag: row.etag,
  };
};

export class PromptRepository {
  constructor(private readonly table: TableClient) {}

  /** Inserts the prompt's record if nobody has: the caller then owns sending it. */
  async claim(planId: string, cycle: string, ownerId: string, milestoneIds: string[], recipient: string, state: PromptState = "pending", reason?: string): Promise<Claim> {
    const entity = { partitionKey: planId, rowKey: `${cycle}|${ownerId}`, state, milestoneIds: JSON.stringify(milestoneIds), recipient, createdAt: new Date().toISOString(), ...(reason ? { reason } : {}) };
    try {
      const response = await this.table.createEntity(entity);
      return { claimed: true, etag: response.etag ?? "" };
    } catch (error) {
      if (!(error instanceof RestError) || error.statusCode !== 409) throw error;
      const existing = await this.get(planId, cycle, ownerId);
      if (!existing) throw new PlanTrackerError("storage", `prompt ${cycle}|${ownerId} conflicted but cannot be read`);
      return { claimed: false, existing };
    }
  }

  /** Records the outcome of sending, conditional on the ETag of the claim. */
  async mark(planId: string, cycle: string, ownerId: string, etag: string, outcome: { state: PromptState; askedOn?: string; activityId?: string; reason?: string; teamsStatus?: number }): Promise<void> {
    const entity = {
      partitionKey: planId,
      rowKey: `${cycle}|${ownerId}`,
      state: outcome.state,
      ...(outcome.state === "sent" ? { sentAt: new Date().toISOString(), askedOn: outcome.askedOn } : {}),
      ...(outcome.activityId ? { activityId: outcome.activityId } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      ...(outcome.teamsStatus ? { teamsStatus: outcome.teamsStatus } : {}),
    };
    await this.table.updateEntity(entity, "Merge", { etag });
  }

  /**
   * Claims a reminder or escalation of a prompt, conditional on the ETag the caller read:
   * the new ETag when it is ours to send, undefined when someone else changed the record first.
   */
  async claimFollowUp(planId: string, cycle: string, ownerId: string, etag: string, kind: FollowUpKind, on: string, to?: string[]): Promise<string | undefined> {
    const entity = { partitionKey: planId, rowKey: `${cycle}|${ownerId}`, [kind]: "pending", [`${kind}On`]: on, ...(to ? { escalatedTo: to.join(",") } : {}) };
    try {
      return (await this.table.updateEntity(entity, "Merge", { etag })).etag;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 412) return undefined;
      throw error;
    }
  }

  async markFollowUp(planId: string, cycle: string, ownerId: string, etag: string, kind: FollowUpKind, state: Exclude<FollowUpState, "pending">): Promise<void> {
    await this.table.updateEntity({ partitionKey: planId, rowKey: `${cycle}|${ownerId}`, [kind]: state }, "Merge", { etag });
  }

  async get(planId: string, cycle: string, ownerId: string): Promise<StoredPrompt | undefined> {
    try {
      const row = rowSchema.safeParse(await this.table.getEntity(planId, `${cycle}|${ownerId}`));
      if (!row.success) throw new PlanTrackerError("storage", `prompt row ${cycle}|${ownerId} is damaged`);
      return toPrompt(row.data);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every prompt of a cycle: one single-partition range query. */
  async listCycle(planId: string, cycle: string): Promise<StoredPrompt[]> {
    return this.list(odata`PartitionKey eq ${planId} and RowKey ge ${`${cycle}|`} and RowKey lt ${`${cycle}}`}`);
  }

  /** Every prompt of this cycle and those after `cycle` (who has gone, from the latest cycles): one single-partition range query. */
  async listSince(planId: string, cycle: string): Promise<StoredPrompt[]> {
    return this.list(odata`PartitionKey eq ${planId} and RowKey ge ${`${cycle}|`}`);
  }

  private async list(filter: string): Promise<StoredPrompt[]> {
    const prompts: StoredPrompt[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = rowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `prompt row ${String(entity.rowKey)} is damaged`);
      prompts.push(toPrompt(row.data));
    }
    return prompts;
  }
}

/** What the due-prompt computation needs to know: who was asked about what this cycle. */
export function asPromptRecords(prompts: StoredPrompt[]): PromptRecord[] {
  return prompts.filter((p) => p.state !== "failed" && p.state !== "pending").map((p) => ({ ownerId: p.ownerId, cycle: p.cycle, milestoneIds: p.milestoneIds }));
}


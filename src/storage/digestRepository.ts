import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import type { DigestSnapshot } from "../domain/digest";
import { PlanTrackerError } from "../errors";
import type { ConversationRef } from "../teams/conversationReference";
import { readStoredReference } from "./storedReference";

/**
 * The digests table, one partition per plan:
 * - `channel|<board>`: the conversation a board's digest is posted to, set by `digest here for <board>`;
 * - `digest|<board>|<meeting date>`: one row per board meeting, inserted conditionally before
 *   the digest is posted (so it is posted once) and marked posted with the snapshot of what
 *   it said, which the next digest compares with.
 */
export const DIGEST_STATES = ["pending", "posted", "failed"] as const;
export type DigestState = (typeof DIGEST_STATES)[number];

/** Azure Tables keeps a string property under 64 KiB (32K UTF-16 characters): a snapshot is stored in parts. */
const PART_CHARS = 30_000;
const MAX_PARTS = 30;

const channelRowSchema = z.looseObject({
  etag: z.string(),
  tenantId: z.string(),
  conversationId: z.string(),
  reference: z.string(),
  registeredBy: z.string(),
  registeredAt: z.string(),
  name: z.string().optional(),
});

const digestRowSchema = z.looseObject({
  rowKey: z.string(),
  etag: z.string(),
  state: z.enum(DIGEST_STATES),
  asOf: z.string(),
  createdAt: z.string(),
  postedAt: z.string().optional(),
  reason: z.string().optional(),
  snapshotParts: z.number().int().min(0).max(MAX_PARTS).optional(),
});

const snapshotSchema = z.object({ asOf: z.string(), actions: z.record(z.string(), z.string()), milestones: z.record(z.string(), z.string()) });

export interface BoardChannel {
  boardId: string;
  tenantId: string;
  conversationId: string;
  /** The channel's name as Teams gave it, for people reading `boards`. */
  name?: string;
  reference: ConversationRef;
  registeredBy: string;
  registeredAt: string;
}

export interface StoredDigest {
  boardId: string;
  meeting: string;
  state: DigestState;
  asOf: string;
  postedAt?: string;
  reason?: string;
  etag: string;
}

export type DigestClaim = { claimed: true; etag: string } | { claimed: false; existing: StoredDigest };

const digestKey = (boardId: string, meeting: string) => `digest|${boardId}|${meeting}`;

function toDigest(row: z.output<typeof digestRowSchema>): StoredDigest {
  const [, boardId = "", meeting = ""] = row.rowKey.split("|");
  return { boardId, meeting, state: row.state, asOf: row.asOf, postedAt: row.postedAt, reason: row.reason, etag: row.etag };
}

export class DigestRepository {
  constructor(private readonly table: TableClient) {}

  /** Makes a conversation a board's digest channel (replacing any other), conditional on the ETag read. */
  async registerChannel(planId: string, channel: BoardChannel): Promise<BoardChannel | undefined> {
    const rowKey = `channel|${channel.boardId}`;
    const previous = await this.readChannel(planId, rowKey);
    const entity = { partitionKey: planId, rowKey, tenantId: channel.tenantId, conversationId: channel.conversationId, reference: JSON.stringify(channel.reference), registeredBy: channel.registeredBy, registeredAt: channel.registeredAt, ...(channel.name ? { name: channel.name } : {}) };
    try {
      if (previous) await this.table.updateEntity(entity, "Replace", { etag: previous.etag });
      else await this.table.createEntity(entity);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) {
        throw new PlanTrackerError("conflict", `the digest channel of ${channel.boardId} was changed at the same moment; try again`, [], { cause: error });
      }
      throw error;
    }
    return previous ? previous.channel : undefined;
  }

  async channels(planId: string): Promise<Map<string, BoardChannel>> {
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"channel|"} and RowKey lt ${"channel}"}`;
    const channels = new Map<string, BoardChannel>();
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = channelRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `digest channel row ${String(entity.rowKey)} is damaged`);
      const boardId = String(entity.rowKey).slice("channel|".length);
      channels.set(boardId, toChannel(boardId, row.data));
    }
    return channels;
  }

  /** Inserts the meeting's digest record if nobody has: the caller then owns posting it. */
  async claim(planId: string, boardId: string, meeting: string, asOf: string): Promise<DigestClaim> {
    try {
      const response = await this.table.createEntity({ partitionKey: planId, rowKey: digestKey(boardId, meeting), state: "pending", asOf, createdAt: new Date().toISOString() });
      return { claimed: true, etag: response.etag ?? "" };
    } catch (error) {
      if (!(error instanceof RestError) || error.statusCode !== 409) throw error;
      const existing = await this.get(planId, boardId, meeting);
      if (!existing) throw new PlanTrackerError("storage", `digest ${boardId} ${meeting} conflicted but cannot be read`);
      return { claimed: false, existing };
    }
  }

  /** Records the outcome, with the snapshot of what a posted digest said; conditional on the claim's ETag. */
  async mark(planId: string, boardId: string, meeting: string, etag: string, outcome: { state: "posted"; asOf: string; snapshot: DigestSnapshot } | { state: "failed"; reason: string }): Promise<void> {
    const base = { partitionKey: planId, rowKey: digestKey(boardId, meeting), state: outcome.state };
    if (outcome.state === "failed") {
      await this.table.updateEntity({ ...base, reason: outcome.reason }, "Merge", { etag });
      return;
    }
    const text = JSON.stringify(outcome.snapshot);
    const parts = Math.ceil(text.length / PART_CHARS);
    if (parts > MAX_PARTS) throw new PlanTrackerError("storage", `the snapshot of digest ${boardId} ${meeting} is too large to store (${text.length} characters)`);
    const chunks = Object.fromEntries(Array.from({ length: parts }, (_, i) => [`snapshot${i}`, text.slice(i * PART_CHARS, (i + 1) * PART_CHARS)]));
    await this.table.updateEntity({ ...base, asOf: outcome.asOf, postedAt: new Date().toISOString(), snapshotParts: parts, ...chunks }, "Merge", { etag });
  }

  async get(planId: string, boardId: string, meeting: string): Promise<StoredDigest | undefined> {
    try {
      const row = digestRowSchema.safeParse(await this.table.getEntity(planId, digestKey(boardId, meeting)));
      if (!row.success) throw new PlanTrackerError("storage", `digest row ${boardId} ${meeting} is damaged`);
      return toDigest(row.data);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every digest recorded for a board, oldest meeting first: one single-partition range query. */
  async list(planId: string, boardId: string): Promise<StoredDigest[]> {
    return (await this.rows(planId, boardId)).map(({ row }) => toDigest(row));
  }

  /** The snapshot of the latest digest posted for a board before a meeting (or ever): what "changed since" compares with. */
  async previousSnapshot(planId: string, boardId: string, beforeMeeting?: string): Promise<DigestSnapshot | undefined> {
    const posted = (await this.rows(planId, boardId)).filter(({ row }) => row.state === "posted" && (beforeMeeting === undefined || toDigest(row).meeting < beforeMeeting));
    const latest = posted.at(-1);
    if (!latest) return undefined;
    const parts = latest.row.snapshotParts ?? 0;
    const text = Array.from({ length: parts }, (_, i) => latest.entity[`snapshot${i}`]).join("");
    const parsed = snapshotSchema.safeParse(JSON.parse(text || "null"));
    if (!parsed.success) throw new PlanTrackerError("storage", `the snapshot of digest ${latest.row.rowKey} is damaged`);
    return parsed.data as DigestSnapshot;
  }

  private async rows(planId: string, boardId: string) {
    const from = `digest|${boardId}|`;
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${from} and RowKey lt ${`digest|${boardId}}`}`;
    const rows: { row: z.output<typeof digestRowSchema>; entity: Record<string, unknown> }[] = [];
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const row = digestRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `digest row ${String(entity.rowKey)} is damaged`);
      rows.push({ row: row.data, entity });
    }
    return rows;
  }

  private async readChannel(planId: string, rowKey: string) {
    try {
      const row = channelRowSchema.safeParse(await this.table.getEntity(planId, rowKey));
      if (!row.success) throw new PlanTrackerError("storage", `digest channel row ${rowKey} is damaged`);
      return { etag: row.data.etag, channel: toChannel(rowKey.slice("channel|".length), row.data) };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

function toChannel(boardId: string, row: z.output<typeof channelRowSchema>): BoardChannel {
  return { boardId, tenantId: row.tenantId, conversationId: row.conversationId, name: row.name, reference: readStoredReference(row.reference, `digest channel row ${boardId}`), registeredBy: row.registeredBy, registeredAt: row.registeredAt };
}

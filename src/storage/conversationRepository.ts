import { odata, RestError, type TableClient } from "@azure/data-tables";
import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

const rowSchema = z.looseObject({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  reference: z.string(),
  scope: z.string(),
  installed: z.boolean(),
  updatedAt: z.string(),
});

export interface StoredConversation {
  tenantId: string;
  conversationId: string;
  scope: string;
  installed: boolean;
  reference: Partial<ConversationReference>;
}

/** Azure Tables keys may not contain / \ # ?; Teams conversation ids can contain some of them. */
const keyOf = (text: string) => encodeURIComponent(text).replace(/%/g, "~");
/**
 * Each tenant's head row: changed in the same transaction as every installation record,
 * so one point read tells whether the tenant's installations changed. A raw "|" never
 * appears in an encoded key, so no conversation can have this key.
 */
const HEAD_KEY = "|head";
const RECORD_ATTEMPTS = 30;

/**
 * The conversations table: where the bot is installed, with the conversation
 * reference needed to message it later. PartitionKey = tenant; RowKey = conversation
 * id, or `user|<aadObjectId>` for a user's personal chat.
 */
export class ConversationRepository {
  /** Installed users per tenant, as of the tenant head's ETag they were read under. */
  private readonly installed = new Map<string, { etag: string; users: Set<string> }>();

  constructor(private readonly table: TableClient) {}

  /**
   * Records an installation (or its removal) with a write conditional on the row's
   * ETag; when two events race, the loser reads the row again and applies its event.
   */
  async record(tenantId: string, rowKey: string, conversation: { scope: string; installed: boolean; reference: Partial<ConversationReference> }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryRecord(tenantId, rowKey, conversation);
      } catch (error) {
        // Installs in one tenant all change its head: many at once (a rollout) take turns, spread by a random wait.
        if (attempt >= RECORD_ATTEMPTS || !(error instanceof PlanTrackerError) || error.code !== "conflict") throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt, 10)));
      }
    }
  }

  private async tryRecord(tenantId: string, rowKey: string, conversation: { scope: string; installed: boolean; reference: Partial<ConversationReference> }): Promise<void> {
    const entity = {
      partitionKey: keyOf(tenantId),
      rowKey: keyOf(rowKey),
      reference: JSON.stringify(conversation.reference),
      scope: conversation.scope,
      installed: conversation.installed,
      updatedAt: new Date().toISOString(),
    };
    const [current, head] = await Promise.all([this.read(tenantId, rowKey), this.headEtag(tenantId)]);
    const headEntity = { partitionKey: keyOf(tenantId), rowKey: HEAD_KEY, updatedAt: entity.updatedAt };
    try {
      await this.table.submitTransaction([
        current ? ["update", entity, "Replace", { etag: current.etag }] : ["create", entity],
        head ? ["update", headEntity, "Replace", { etag: head }] : ["create", headEntity],
      ]);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `the installation record of ${rowKey} changed at the same moment`, [], { cause: error });
      }
      throw error;
    }
  }

  /**
   * Azure AD object ids of the users who have the bot installed in a personal chat: one
   * point read of the tenant's head, and the query only when the head has changed.
   */
  async installedUsers(tenantId: string): Promise<Set<string>> {
    const etag = (await this.headEtag(tenantId)) ?? "none";
    const held = this.installed.get(tenantId);
    if (held?.etag === etag) return held.users;
    const users = new Set([...(await this.personalChats(tenantId))].filter(([, chat]) => chat.installed).map(([aad]) => aad));
    this.installed.set(tenantId, { etag, users });
    return users;
  }

  private async headEtag(tenantId: string): Promise<string | undefined> {
    try {
      return (await this.table.getEntity(keyOf(tenantId), HEAD_KEY)).etag;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every user's personal chat with the bot in a tenant, by Azure AD object id: one single-partition range query. */
  async personalChats(tenantId: string): Promise<Map<string, StoredConversation>> {
    const from = keyOf("user|");
    const filter = odata`PartitionKey eq ${keyOf(tenantId)} and RowKey ge ${from} and RowKey lt ${`${from}~`}`;
    const chats = new Map<string, StoredConversation>();
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = rowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `conversation row ${String(entity.rowKey)} is damaged`);
      const rowKey = decodeURIComponent(row.data.rowKey.replace(/~/g, "%"));
      chats.set(rowKey.slice("user|".length), { tenantId, conversationId: rowKey, scope: row.data.scope, installed: row.data.installed, reference: JSON.parse(row.data.reference) as Partial<ConversationReference> });
    }
    return chats;
  }

  /** Teams (channels) of a tenant where the bot is installed: a way to reach members who have no personal chat with it yet. */
  async teamInstalls(tenantId: string): Promise<StoredConversation[]> {
    const filter = odata`PartitionKey eq ${keyOf(tenantId)} and scope eq ${"channel"} and installed eq ${true}`;
    const teams: StoredConversation[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = rowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `conversation row ${String(entity.rowKey)} is damaged`);
      teams.push({ tenantId, conversationId: decodeURIComponent(row.data.rowKey.replace(/~/g, "%")), scope: row.data.scope, installed: true, reference: JSON.parse(row.data.reference) as Partial<ConversationReference> });
    }
    return teams;
  }

  async get(tenantId: string, rowKey: string): Promise<StoredConversation | undefined> {
    const row = await this.read(tenantId, rowKey);
    if (!row) return undefined;
    return {
      tenantId,
      conversationId: rowKey,
      scope: row.scope,
      installed: row.installed,
      reference: JSON.parse(row.reference) as Partial<ConversationReference>,
    };
  }

  private async read(tenantId: string, rowKey: string) {
    try {
      const parsed = rowSchema.safeParse(await this.table.getEntity(keyOf(tenantId), keyOf(rowKey)));
      if (!parsed.success) throw new PlanTrackerError("storage", `conversation row ${rowKey} is damaged`);
      return parsed.data;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

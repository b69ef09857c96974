import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";
import type { ConversationRef } from "../teams/conversationReference";
import { readStoredReference } from "./storedReference";

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
  reference: ConversationRef;
}

/** Azure Tables keys may not contain / \ # ?; Teams conversation ids can contain some of them. */
const keyOf = (text: string) => encodeURIComponent(text).replace(/%/g, "~");

/**
 * The conversations table: where the bot is installed, with the conversation
 * reference needed to message it later. PartitionKey = tenant; RowKey = conversation
 * id, or `user|<aadObjectId>` for a user's personal chat.
 */
export class ConversationRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Records an installation (or its removal) with a write conditional on the row's
   * ETag; when two events race, the loser reads the row again and applies its event.
   */
  async record(tenantId: string, rowKey: string, conversation: { scope: string; installed: boolean; reference: ConversationRef }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryRecord(tenantId, rowKey, conversation);
      } catch (error) {
        if (attempt >= 3 || !(error instanceof PlanTrackerError) || error.code !== "conflict") throw error;
      }
    }
  }

  private async tryRecord(tenantId: string, rowKey: string, conversation: { scope: string; installed: boolean; reference: ConversationRef }): Promise<void> {
    const entity = {
      partitionKey: keyOf(tenantId),
      rowKey: keyOf(rowKey),
      reference: JSON.stringify(conversation.reference),
      scope: conversation.scope,
      installed: conversation.installed,
      updatedAt: new Date().toISOString(),
    };
    const current = await this.read(tenantId, rowKey);
    try {
      if (current) await this.table.updateEntity(entity, "Replace", { etag: current.etag });
      else await this.table.createEntity(entity);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `the installation record of ${rowKey} changed at the same moment`, [], { cause: error });
      }
      throw error;
    }
  }

  /** Azure AD object ids of the users who have the bot installed in a personal chat. */
  async installedUsers(tenantId: string): Promise<Set<string>> {
    return new Set([...(await this.personalChats(tenantId))].filter(([, chat]) => chat.installed).map(([aad]) => aad));
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
      chats.set(rowKey.slice("user|".length), { tenantId, conversationId: rowKey, scope: row.data.scope, installed: row.data.installed, reference: readStoredReference(row.data.reference, `conversation row ${rowKey}`) });
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
      const conversationId = decodeURIComponent(row.data.rowKey.replace(/~/g, "%"));
      teams.push({ tenantId, conversationId, scope: row.data.scope, installed: true, reference: readStoredReference(row.data.reference, `conversation row ${conversationId}`) });
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
      reference: readStoredReference(row.reference, `conversation row ${rowKey}`),
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

import { odata, RestError, type TableClient } from "@azure/data-tables";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { TeamMembership } from "../domain/gonePeople";
import { PlanTrackerError } from "../errors";

/** Azure Tables keys may not contain / \ # ?; the conversations table encodes the same way. */
const keyOf = (text: string) => encodeURIComponent(text).replace(/%/g, "~");
const STATE = "m|";
const HISTORY = "h|";
const RECORD_ATTEMPTS = 10;

const membershipSchema = z.object({ teamId: z.string().min(1), state: z.enum(["in", "removed"]), at: z.string().min(1) });
const teamsSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: "custom", message: `not JSON: ${String(error)}` });
      return z.NEVER;
    }
  })
  .pipe(z.array(membershipSchema));
const rowSchema = z.looseObject({
  rowKey: z.string(),
  etag: z.string(),
  teams: z.string(),
});

/**
 * The memberships table: which teams (where the bot is installed) Teams said a user was added
 * to or removed from (`conversationUpdate` with membersAdded / membersRemoved), so `people` can
 * mark as gone someone removed from every such team. PartitionKey = tenant; RowKey =
 * `m|<aadObjectId>` (the latest word per team, as JSON) and `h|<aadObjectId>|<time>|<n>` (one
 * history row per change, written in the same ETag-conditional transaction). Keys hold the
 * Azure AD object id, so `forget` deletes a person's rows here with the rest of their identity.
 */
export class MembershipRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Records that Teams said `aadObjectId` is in, or was removed from, a team. Nothing is written
   * when that is already the latest word for the team; a race with another write is retried
   * from a fresh read.
   */
  async record(tenantId: string, aadObjectId: string, change: TeamMembership): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryRecord(tenantId, aadObjectId, change);
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS || !(error instanceof PlanTrackerError) || error.code !== "conflict") throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  private async tryRecord(tenantId: string, aadObjectId: string, change: TeamMembership): Promise<boolean> {
    const partitionKey = keyOf(tenantId);
    const rowKey = `${STATE}${keyOf(aadObjectId)}`;
    const current = await this.read(partitionKey, rowKey);
    const teams = new Map((current?.teams ?? []).map((m) => [m.teamId, m]));
    const previous = teams.get(change.teamId);
    if (previous?.state === change.state) return false;
    teams.set(change.teamId, change);
    const entity = { partitionKey, rowKey, teams: JSON.stringify([...teams.values()]), updatedAt: change.at };
    const history = {
      partitionKey,
      rowKey: `${HISTORY}${keyOf(aadObjectId)}|${change.at}|${randomBytes(4).toString("hex")}`,
      teamId: change.teamId,
      state: change.state,
      previous: previous?.state ?? "unknown",
      at: change.at,
    };
    try {
      await this.table.submitTransaction([current ? ["update", entity, "Replace", { etag: current.etag }] : ["create", entity], ["create", history]]);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `the team membership record of ${aadObjectId} changed at the same moment`, [], { cause: error });
      }
      throw error;
    }
    return true;
  }

  /** Every user of a tenant Teams has said anything about: Azure AD object id → the latest word per team. One range query. */
  async list(tenantId: string): Promise<Map<string, TeamMembership[]>> {
    const filter = odata`PartitionKey eq ${keyOf(tenantId)} and RowKey ge ${STATE} and RowKey lt ${"m}"}`;
    const members = new Map<string, TeamMembership[]>();
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = this.parse(entity);
      members.set(decodeURIComponent(row.rowKey.slice(STATE.length).replace(/~/g, "%")), row.teams);
    }
    return members;
  }

  private async read(partitionKey: string, rowKey: string) {
    try {
      return this.parse(await this.table.getEntity(partitionKey, rowKey));
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private parse(entity: unknown): { rowKey: string; etag: string; teams: TeamMembership[] } {
    const row = rowSchema.safeParse(entity);
    const teams = row.success ? teamsSchema.safeParse(row.data.teams) : undefined;
    if (!row.success || !teams?.success) throw new PlanTrackerError("storage", `membership row ${String((entity as { rowKey?: unknown }).rowKey)} is damaged`);
    return { rowKey: row.data.rowKey, etag: row.data.etag, teams: teams.data };
  }
}

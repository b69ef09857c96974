import { randomUUID } from "node:crypto";
import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";
import { HeldPerPlan, type PlanHeads } from "./heldPerPlan";

/**
 * The admins table: who administers each plan, by Azure AD object id.
 * PartitionKey = plan id.
 *   list               the plan's admins (a JSON array), replaced conditionally on its ETag
 *   h|<at>|<uuid>      one history row per change (who was added or removed, by whom, when),
 *                      written in the same transaction as the list
 * A plan without a list row has the seed admins (PLAN_ADMIN_IDS); the first change writes
 * the list with the seed and the change, so the seed is only ever a starting point.
 */
const LIST_KEY = "list";
const listRowSchema = z.looseObject({ etag: z.string(), ids: z.string() });
const idsSchema = z.array(z.string().min(1).max(128));
const historyRowSchema = z.looseObject({ change: z.enum(["add", "remove"]), aadObjectId: z.string(), by: z.string(), at: z.string() });

export interface AdminChange {
  change: "add" | "remove";
  aadObjectId: string;
  by: string;
  at: string;
}

export class AdminRepository {
  private readonly held: HeldPerPlan<{ ids: string[]; etag?: string }>;

  constructor(
    private readonly table: TableClient,
    /** PLAN_ADMIN_IDS: every plan's admins until its first change. */
    private readonly seed: readonly string[],
    /** Kept on the same rule as links: while the plan head's access tag this process read is unchanged, at most a minute. */
    private readonly heads?: PlanHeads,
  ) {
    this.held = new HeldPerPlan(heads, (planId) => this.read(planId));
  }

  /** PLAN_ADMIN_IDS: the admins of a plan not stored yet (who may import a new plan). */
  seeded(): readonly string[] {
    return this.seed;
  }

  /** A plan's admins now: from the held list while the plan's head is unchanged, else one point read. */
  async list(planId: string): Promise<string[]> {
    return (await this.held.get(planId)).ids;
  }

  async isAdmin(planId: string, aadObjectId: string | undefined): Promise<boolean> {
    return aadObjectId !== undefined && aadObjectId !== "" && (await this.list(planId)).includes(aadObjectId);
  }

  private async read(planId: string): Promise<{ ids: string[]; etag?: string }> {
    try {
      const row = listRowSchema.safeParse(await this.table.getEntity(planId, LIST_KEY));
      const ids = row.success ? idsSchema.safeParse(JSON.parse(row.data.ids)) : undefined;
      if (!row.success || !ids?.success) throw new PlanTrackerError("storage", `the admin list of plan ${planId} is damaged`);
      return { ids: ids.data, etag: row.data.etag };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return { ids: [...this.seed] };
      throw error;
    }
  }

  /** Adds an admin; adding one who is already an admin writes nothing. */
  async add(planId: string, aadObjectId: string, by: string): Promise<"added" | "already"> {
    return (await this.change(planId, "add", aadObjectId, by)) ? "added" : "already";
  }

  /** Removes an admin; the last admin of a plan is never removed (refused, nothing written). */
  async remove(planId: string, aadObjectId: string, by: string): Promise<"removed" | "not-admin"> {
    return (await this.change(planId, "remove", aadObjectId, by)) ? "removed" : "not-admin";
  }

  private async change(planId: string, change: "add" | "remove", aadObjectId: string, by: string): Promise<boolean> {
    // Read now, not from the held list: the write is conditional on the row as it is stored.
    const stored = await this.read(planId);
    const has = stored.ids.includes(aadObjectId);
    if (change === "add" ? has : !has) return false;
    const ids = change === "add" ? [...stored.ids, aadObjectId] : stored.ids.filter((id) => id !== aadObjectId);
    if (ids.length === 0) throw new PlanTrackerError("invalid-input", `${aadObjectId} is the last admin of plan ${planId}, so they cannot be removed; add another admin first`);
    const at = new Date().toISOString();
    const list = { partitionKey: planId, rowKey: LIST_KEY, ids: JSON.stringify(ids) };
    try {
      await this.table.submitTransaction([
        stored.etag ? ["update", list, "Replace", { etag: stored.etag }] : ["create", list],
        ["create", { partitionKey: planId, rowKey: `h|${at}|${randomUUID()}`, change, aadObjectId, by, at }],
      ]);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `the admins of plan ${planId} changed at the same moment; nothing was written, try again`, [], { cause: error });
      }
      throw error;
    } finally {
      this.held.forget(planId);
    }
    // Admins are in their own table: the plan's head is raised, so every instance reads them again on its next turn.
    await this.heads?.touch(planId);
    return true;
  }

  /** Every change to a plan's admins, oldest first. */
  async history(planId: string): Promise<AdminChange[]> {
    const changes: AdminChange[] = [];
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"h|"} and RowKey lt ${"h}"}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = historyRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `admin history row ${String(entity.rowKey)} of plan ${planId} is damaged`);
      changes.push({ change: row.data.change, aadObjectId: row.data.aadObjectId, by: row.data.by, at: row.data.at });
    }
    return changes;
  }
}

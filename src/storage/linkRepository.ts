import { odata, RestError, type TableClient, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";
import { HeldPerPlan, type PlanHeads } from "./heldPerPlan";

/**
 * The links table: which Teams user (Azure AD object id) is which plan person.
 * PartitionKey = plan id. Two rows per link, written in one transaction:
 *   p|<personId>   the person's link (for `people`)
 *   u|<aadObjectId> the user's person (for "who is asking?", one point read)
 *   c|<personId>|<aadObjectId> an email match that was refused because the person or the
 *                   user was already linked (for admins, in `people`)
 * Relinking a person or a user updates the rows it replaces, conditional on their ETags.
 */
const personRowSchema = z.looseObject({
  rowKey: z.string(),
  etag: z.string(),
  aadObjectId: z.string(),
  teamsName: z.string(),
  method: z.enum(["email", "manual"]),
  linkedBy: z.string(),
  linkedAt: z.string(),
  /** The Teams tenant the user was linked in: where their personal chat is. */
  tenantId: z.string().optional(),
});
const userRowSchema = z.looseObject({ rowKey: z.string(), etag: z.string(), personId: z.string() });
const conflictRowSchema = z.looseObject({ rowKey: z.string(), aadObjectId: z.string(), teamsName: z.string(), tenantId: z.string(), linkedTo: z.string(), at: z.string() });

/** An email match refused because it would have replaced an existing link. */
export interface LinkConflict {
  personId: string;
  aadObjectId: string;
  teamsName: string;
  tenantId: string;
  /** Who holds the link now: the person's Teams user, or the person this user is already linked to. */
  linkedTo: string;
  at: string;
}

export interface PersonLink {
  personId: string;
  aadObjectId: string;
  teamsName: string;
  tenantId?: string;
  method: "email" | "manual";
  linkedBy: string;
  linkedAt: string;
}

const toLink = (row: z.output<typeof personRowSchema>): PersonLink => ({ ...row, personId: row.rowKey.slice(2), tenantId: row.tenantId || undefined });

export class LinkRepository {
  /** A plan's links as of the plan head this process last read: one query when the head has changed, none when it has not. A link written raises the head, so every instance reads them again. */
  private readonly held: HeldPerPlan<{ list: PersonLink[]; byUser: Map<string, PersonLink>; byPerson: Map<string, PersonLink> }>;

  constructor(
    private readonly table: TableClient,
    private readonly heads?: PlanHeads,
  ) {
    this.held = new HeldPerPlan(heads, async (planId) => {
      const list = await this.readAll(planId);
      return { list, byUser: new Map(list.map((link) => [link.aadObjectId, link])), byPerson: new Map(list.map((link) => [link.personId, link])) };
    });
  }

  /** Every link of a plan. */
  async list(planId: string): Promise<PersonLink[]> {
    return (await this.held.get(planId)).list;
  }

  /** Every link of a plan: one single-partition query. */
  private async readAll(planId: string): Promise<PersonLink[]> {
    const links: PersonLink[] = [];
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"p|"} and RowKey lt ${"p}"}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = personRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `link row ${String(entity.rowKey)} of plan ${planId} is damaged`);
      if (row.data.aadObjectId === "") continue; // unlinked
      links.push(toLink(row.data));
    }
    return links;
  }

  /** A plan person's link, if they are linked. */
  async linkOf(planId: string, personId: string): Promise<PersonLink | undefined> {
    if (this.heads?.headSeen(planId) !== undefined) return (await this.held.get(planId)).byPerson.get(personId);
    const row = await this.read(planId, `p|${personId}`, personRowSchema);
    return row && row.aadObjectId !== "" ? toLink(row) : undefined;
  }

  /** The plan person a Teams user is linked to, if any: from the held links, or one point read before the plan was read. */
  async personFor(planId: string, aadObjectId: string): Promise<string | undefined> {
    if (this.heads?.headSeen(planId) !== undefined) return (await this.held.get(planId)).byUser.get(aadObjectId)?.personId;
    const row = await this.read(planId, `u|${aadObjectId}`, userRowSchema);
    return row && row.personId !== "" ? row.personId : undefined;
  }

  /** Links a person to a Teams user, replacing either's previous link. */
  async link(planId: string, personId: string, user: { aadObjectId: string; name: string; tenantId?: string }, method: "email" | "manual", linkedBy: string): Promise<void> {
    const personKey = `p|${personId}`;
    const userKey = `u|${user.aadObjectId}`;
    const [personRow, userRow] = await Promise.all([this.read(planId, personKey, personRowSchema), this.read(planId, userKey, userRowSchema)]);
    const actions: TransactionAction[] = [];
    const write = (rowKey: string, entity: Record<string, unknown>, etag: string | undefined) =>
      actions.push(etag ? ["update", { partitionKey: planId, rowKey, ...entity }, "Replace", { etag }] : ["create", { partitionKey: planId, rowKey, ...entity }]);
    // The user this person was linked to before no longer points at them.
    if (personRow && personRow.aadObjectId !== "" && personRow.aadObjectId !== user.aadObjectId) {
      const previous = await this.read(planId, `u|${personRow.aadObjectId}`, userRowSchema);
      if (previous) write(previous.rowKey, { personId: "" }, previous.etag);
    }
    // The person this user was linked to before is no longer linked.
    if (userRow && userRow.personId !== "" && userRow.personId !== personId) {
      const previous = await this.read(planId, `p|${userRow.personId}`, personRowSchema);
      if (previous) write(previous.rowKey, { aadObjectId: "", teamsName: "", method: previous.method, linkedBy, linkedAt: new Date().toISOString() }, previous.etag);
    }
    write(personKey, { aadObjectId: user.aadObjectId, teamsName: user.name, tenantId: user.tenantId ?? "", method, linkedBy, linkedAt: new Date().toISOString() }, personRow?.etag);
    write(userKey, { personId }, userRow?.etag);
    await this.commit(planId, personId, actions);
  }

  /** Writes a link's rows in one transaction, conditional on the rows as read, and makes every instance read links again. */
  private async commit(planId: string, personId: string, actions: TransactionAction[]): Promise<void> {
    try {
      await this.table.submitTransaction(actions);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `the link of ${personId} changed at the same moment; nothing was written, try again`, [], { cause: error });
      }
      throw error;
    } finally {
      this.held.forget(planId);
    }
    // Links are in their own table: the plan's head is raised after they land, so every instance's next look reads them again.
    await this.heads?.touch(planId);
  }

  /**
   * Links a person to a user only if neither is linked yet (an email match must never replace a
   * link): "taken" names who holds it, and nothing is written. Conditional on the rows as read.
   */
  async linkIfFree(planId: string, personId: string, user: { aadObjectId: string; name: string; tenantId?: string }, linkedBy: string): Promise<{ linked: true } | { linked: false; linkedTo: string; forgotten?: true }> {
    // A person an admin has had forgotten is linked again only by hand (README, *Leavers*).
    if (await this.wasForgotten(planId, personId)) return { linked: false, linkedTo: "", forgotten: true };
    const personKey = `p|${personId}`;
    const userKey = `u|${user.aadObjectId}`;
    const [personRow, userRow] = await Promise.all([this.read(planId, personKey, personRowSchema), this.read(planId, userKey, userRowSchema)]);
    if (personRow && personRow.aadObjectId !== "" && personRow.aadObjectId !== user.aadObjectId) return { linked: false, linkedTo: `${personRow.teamsName} (${personRow.aadObjectId})` };
    if (userRow && userRow.personId !== "" && userRow.personId !== personId) return { linked: false, linkedTo: `plan person ${userRow.personId}` };
    const at = new Date().toISOString();
    const actions: TransactionAction[] = [
      personRow
        ? ["update", { partitionKey: planId, rowKey: personKey, aadObjectId: user.aadObjectId, teamsName: user.name, tenantId: user.tenantId ?? "", method: "email", linkedBy, linkedAt: at }, "Replace", { etag: personRow.etag }]
        : ["create", { partitionKey: planId, rowKey: personKey, aadObjectId: user.aadObjectId, teamsName: user.name, tenantId: user.tenantId ?? "", method: "email", linkedBy, linkedAt: at }],
      userRow ? ["update", { partitionKey: planId, rowKey: userKey, personId }, "Replace", { etag: userRow.etag }] : ["create", { partitionKey: planId, rowKey: userKey, personId }],
    ];
    await this.commit(planId, personId, actions);
    return { linked: true };
  }

  /**
   * Records that a person's Teams identity was forgotten (`forget`): who did it and when, and the
   * pseudonym their history now carries. Its presence keeps email matching from linking them again.
   */
  async recordForgotten(planId: string, personId: string, record: { pseudonym: string; by: string; byName: string; at: string }): Promise<void> {
    await this.table.createEntity({ partitionKey: planId, rowKey: `f|${personId}|${record.at}`, ...record });
  }

  async wasForgotten(planId: string, personId: string): Promise<boolean> {
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${`f|${personId}|`} and RowKey lt ${`f|${personId}}`}`;
    const page = await this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } }).byPage({ maxPageSize: 1 }).next();
    return !page.done && page.value.length > 0;
  }

  /** Remembers a refused email match for admins; the same person and user are recorded once. */
  async recordConflict(planId: string, conflict: Omit<LinkConflict, "at">): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: planId, rowKey: `c|${conflict.personId}|${conflict.aadObjectId}`, aadObjectId: conflict.aadObjectId, teamsName: conflict.teamsName, tenantId: conflict.tenantId, linkedTo: conflict.linkedTo, at: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 409)) throw error; // 409: already reported
    }
  }

  /** Refused email matches of a plan, for `people`. */
  async conflicts(planId: string): Promise<LinkConflict[]> {
    const found: LinkConflict[] = [];
    const filter = odata`PartitionKey eq ${planId} and RowKey ge ${"c|"} and RowKey lt ${"c}"}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = conflictRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `link conflict row ${String(entity.rowKey)} of plan ${planId} is damaged`);
      found.push({ ...row.data, personId: row.data.rowKey.split("|")[1] ?? "" });
    }
    return found;
  }

  private async read<T extends z.ZodType>(planId: string, rowKey: string, schema: T): Promise<z.output<T> | undefined> {
    try {
      const parsed = schema.safeParse(await this.table.getEntity(planId, rowKey));
      if (!parsed.success) throw new PlanTrackerError("storage", `link row ${rowKey} of plan ${planId} is damaged`);
      return parsed.data;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

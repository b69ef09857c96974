import { odata, type TableClient } from "@azure/data-tables";
import type { BackupTables } from "./backupTables";

/**
 * Which rows of a table belong to one plan's export (`export --plan`):
 *   catalog        the plan's row (RowKey = plan id);
 *   bindings       the rows naming the plan (conversations bound to it, people's choice of it, and their history);
 *   conversations  the personal chats of the plan's linked people (`user|<aadObjectId>` in their
 *                  tenant's partition) and each such tenant's head row;
 *   memberships    what Teams said of the plan's linked people's team memberships (`m|<aadObjectId>`
 *                  and its history `h|<aadObjectId>|…` in their tenant's partition);
 *   every other    the plan's partition (PartitionKey = plan id): the plan and its history
 *                  (plans), links, prompts, digests and digest channels, backups of nothing else,
 *                  and any table a later feature partitions by plan.
 * A query per partition; each yields the rows page by page.
 */
export interface RowQuery {
  table: string;
  filters: string[];
}

const conversationKey = (text: string) => encodeURIComponent(text).replace(/%/g, "~");

export async function planQueries(tables: BackupTables, names: string[], planId: string): Promise<RowQuery[]> {
  const people = await linkedPeople(tables.table("links"), planId, names.includes("links"));
  return names.map((table) => {
    if (table === "catalog") return { table, filters: [odata`RowKey eq ${planId}`] };
    if (table === "bindings") return { table, filters: [odata`planId eq ${planId}`] };
    if (table === "conversations") {
      const filters: string[] = [];
      for (const tenantId of [...new Set(people.map((p) => p.tenantId))].sort()) {
        filters.push(odata`PartitionKey eq ${conversationKey(tenantId)} and RowKey eq ${"|head"}`);
        for (const person of people.filter((p) => p.tenantId === tenantId)) filters.push(odata`PartitionKey eq ${conversationKey(tenantId)} and RowKey eq ${conversationKey(`user|${person.aadObjectId}`)}`);
      }
      return { table, filters };
    }
    if (table === "memberships") {
      return {
        table,
        filters: people.flatMap((person) => {
          const [tenant, user] = [conversationKey(person.tenantId), conversationKey(person.aadObjectId)];
          return [odata`PartitionKey eq ${tenant} and RowKey eq ${`m|${user}`}`, odata`PartitionKey eq ${tenant} and RowKey ge ${`h|${user}|`} and RowKey lt ${`h|${user}|~`}`];
        }),
      };
    }
    return { table, filters: [odata`PartitionKey eq ${planId}`] };
  });
}

async function linkedPeople(links: TableClient, planId: string, exists: boolean): Promise<{ aadObjectId: string; tenantId: string }[]> {
  if (!exists) return [];
  const people: { aadObjectId: string; tenantId: string }[] = [];
  for await (const row of links.listEntities<{ aadObjectId?: unknown; tenantId?: unknown }>({ queryOptions: { filter: odata`PartitionKey eq ${planId} and RowKey ge ${"p|"} and RowKey lt ${"p}"}`, select: ["aadObjectId", "tenantId"] } })) {
    if (typeof row.aadObjectId === "string" && row.aadObjectId !== "" && typeof row.tenantId === "string" && row.tenantId !== "") people.push({ aadObjectId: row.aadObjectId, tenantId: row.tenantId });
  }
  return people;
}

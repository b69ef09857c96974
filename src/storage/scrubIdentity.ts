import { odata, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
import type { BackupTables } from "../backup/backupTables";
import type { PlanRepository } from "./planRepository";

/** The conversations table's key encoding (conversationRepository.ts): an id as it appears in a key there. */
const conversationKey = (text: string) => encodeURIComponent(text).replace(/%/g, "~");

/** Of a partition's state rows, one transaction's worth with the plan's head (Azure's limit is 100). */
const STATE_ROWS_PER_TRANSACTION = 99;

export interface ScrubReport {
  deleted: number;
  rewritten: number;
}

/**
 * Removes one Teams identity (an Azure AD object id) from every Plan Tracker table, whatever
 * feature wrote it: a row whose keys hold it (the user's link, personal chat, admin row, a refused
 * email match) is deleted, and so is the person's link row; anywhere else (history's actor, a
 * recorded review's author, a prompt's recipient, a stored reference) the id is replaced by
 * `pseudonym`. Each write is conditional on the row's ETag; a plan's state rows are rewritten with
 * its head raised, so every instance reads them again, and a tenant's installed users are read
 * again too (its head row changes).
 */
export async function scrubIdentity(tables: BackupTables, plans: PlanRepository, aadObjectId: string, pseudonym: string): Promise<ScrubReport> {
  const report: ScrubReport = { deleted: 0, rewritten: 0 };
  const inKeys = [aadObjectId, conversationKey(aadObjectId)];
  const plansToTouch = new Set<string>();
  const tenantsToTouch = new Set<string>();
  let touched: PromiseSettledResult<void>[] = [];
  try {
    for (const name of await tables.names()) {
      const table = tables.table(name);
      const stateRows = new Map<string, Record<string, unknown>[]>();
      const matches: TableEntityResult<Record<string, unknown>>[] = [];
      for await (const entity of table.listEntities<Record<string, unknown>>()) {
        if (Object.entries(entity).some(([key, value]) => key !== "etag" && typeof value === "string" && inKeys.some((id) => value.includes(id)))) matches.push(entity);
      }
      for (const entity of matches) {
        const { partitionKey, rowKey, etag, timestamp: _storeSet, ...properties } = entity;
        const pk = String(partitionKey);
        const rk = String(rowKey);
        if (inKeys.some((id) => pk.includes(id) || rk.includes(id)) || name === "links") {
          await table.deleteEntity(pk, rk, { etag });
          report.deleted++;
          if (name === "links" || name === "admins") plansToTouch.add(pk);
          if (name === "conversations") tenantsToTouch.add(pk);
          continue;
        }
        const rewritten: Record<string, unknown> = { partitionKey: pk, rowKey: rk };
        for (const [key, value] of Object.entries(properties)) rewritten[key] = typeof value === "string" ? value.split(aadObjectId).join(pseudonym) : value;
        if (name === "plans" && rk.startsWith("s|")) {
          stateRows.set(pk, [...(stateRows.get(pk) ?? []), { ...rewritten, etag }]);
          continue;
        }
        await table.updateEntity(rewritten as { partitionKey: string; rowKey: string }, "Replace", { etag });
        report.rewritten++;
        // Admins are kept on the plan's access tag like links (the admins table is partitioned by plan).
        if (name === "admins") plansToTouch.add(pk);
      }
      for (const [planId, rows] of stateRows) {
        for (let i = 0; i < rows.length; i += STATE_ROWS_PER_TRANSACTION) {
          const chunk = rows.slice(i, i + STATE_ROWS_PER_TRANSACTION);
          await plans.submitWithHead(planId, (revision) => chunk.map(({ etag, ...row }): TransactionAction => ["update", { ...(row as { partitionKey: string; rowKey: string }), revision }, "Replace", { etag: etag as string }]), `plan ${planId} changed while a person was being forgotten; run forget again`);
          report.rewritten += chunk.length;
        }
      }
      if (name === "conversations") {
        for (const tenant of tenantsToTouch) {
          for await (const head of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenant} and RowKey eq ${"|head"}` } })) {
            await table.updateEntity({ partitionKey: tenant, rowKey: "|head", updatedAt: new Date().toISOString() }, "Replace", { etag: head.etag });
          }
        }
      }
    }
  } finally {
    // Even when a later table failed: links or admins already changed must not stay held by other instances.
    touched = await Promise.allSettled([...plansToTouch].map((planId) => plans.touchHead(planId)));
  }
  const failed = touched.find((touch): touch is PromiseRejectedResult => touch.status === "rejected");
  if (failed) throw failed.reason;
  return report;
}

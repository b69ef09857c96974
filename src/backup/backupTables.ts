import type { TableClient } from "@azure/data-tables";

/**
 * Plan Tracker's tables as a backup sees them: every table under TABLE_PREFIX except the leases
 * (a lease is a moment's claim, never state worth restoring). Built in the composition root from a
 * TableServiceClient, so that tables added by later features are in every backup without a change here.
 */
export interface BackupTables {
  /** The tables in the store, by name without TABLE_PREFIX, sorted; the lease table left out. */
  names(): Promise<string[]>;
  /** A client for one table (by name without TABLE_PREFIX); creating it is the caller's choice. */
  table(name: string): TableClient;
}

/** The one table a backup leaves out. */
export const LEASE_TABLE = "leases";

/** Table names as Plan Tracker makes them: TABLE_PREFIX and a lowercase word. */
export function backupTableNames(prefix: string, storeNames: Iterable<string>): string[] {
  const names: string[] = [];
  for (const name of storeNames) {
    if (!name.startsWith(prefix)) continue;
    const suffix = name.slice(prefix.length);
    if (/^[a-z]+$/.test(suffix) && suffix !== LEASE_TABLE) names.push(suffix);
  }
  return names.sort();
}

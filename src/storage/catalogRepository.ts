import { odata, RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

const PARTITION = "plans";

const catalogRowSchema = z.looseObject({ rowKey: z.string(), etag: z.string(), title: z.string(), importedAt: z.string() });
export interface CatalogEntry {
  id: string;
  title: string;
  importedAt: string;
}

/** The catalog table: one row per stored plan, so plans are listed without scanning the plans table. */
export class CatalogRepository {
  constructor(private readonly table: TableClient) {}

  async list(): Promise<CatalogEntry[]> {
    const entries: CatalogEntry[] = [];
    const filter = odata`PartitionKey eq ${PARTITION}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = catalogRowSchema.safeParse(entity);
      if (!row.success) throw new PlanTrackerError("storage", `catalog row ${String(entity.rowKey)} is damaged`);
      entries.push({ id: row.data.rowKey, title: row.data.title, importedAt: row.data.importedAt });
    }
    return entries;
  }

  /** Adds the plan, or updates its title conditionally on the ETag read: what changed in the catalog. */
  async record(id: string, title: string, importedAt: string): Promise<"added" | "retitled" | "unchanged"> {
    try {
      const current = catalogRowSchema.parse(await this.table.getEntity(PARTITION, id));
      if (current.title === title) return "unchanged";
      await this.table.updateEntity({ partitionKey: PARTITION, rowKey: id, title, importedAt }, "Merge", { etag: current.etag });
      return "retitled";
    } catch (error) {
      if (!(error instanceof RestError) || error.statusCode !== 404) throw error;
      try {
        await this.table.createEntity({ partitionKey: PARTITION, rowKey: id, title, importedAt });
        return "added";
      } catch (createError) {
        // Another process recorded the same plan first: that is the outcome we wanted.
        if (!(createError instanceof RestError) || createError.statusCode !== 409) throw createError;
        return "unchanged";
      }
    }
  }
}

import { randomUUID } from "node:crypto";
import { RestError, type TableClient } from "@azure/data-tables";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

/**
 * The bindings table: which plan a conversation serves, and which plan a person in several
 * plans chose for their personal chat.
 *   PartitionKey "conversation", RowKey = the conversation id (URI-encoded: Teams ids hold
 *     characters a RowKey may not): { planId, by, at }, replaced conditionally on its ETag
 *   PartitionKey "choice", RowKey = the user's aadObjectId: { planId, at }
 *   RowKey h|<at>|<uuid> in either partition: every binding and choice written, with who and
 *     when, in the same transaction as the row it records (an encoded id never holds "|")
 */
const rowSchema = z.looseObject({ etag: z.string(), planId: z.string().min(1) });

const key = (id: string) => encodeURIComponent(id);

export class BindingRepository {
  constructor(private readonly table: TableClient) {}

  /** The plan a team channel or group chat is bound to, if any: one point read. */
  async planOf(conversationId: string): Promise<string | undefined> {
    return (await this.read("conversation", key(conversationId)))?.planId;
  }

  /** The plan a person chose for their personal chat (`plan <id>`), if any. */
  async choiceOf(aadObjectId: string): Promise<string | undefined> {
    return (await this.read("choice", key(aadObjectId)))?.planId;
  }

  /** Binds a conversation to a plan, replacing its binding conditionally on the ETag read. */
  async bind(conversationId: string, planId: string, by: string): Promise<{ previous?: string }> {
    return this.write("conversation", key(conversationId), planId, by, `conversation ${conversationId}`);
  }

  /** Records the plan a person chose for their personal chat. */
  async choose(aadObjectId: string, planId: string): Promise<void> {
    await this.write("choice", key(aadObjectId), planId, aadObjectId, `the plan choice of ${aadObjectId}`);
  }

  private async write(partitionKey: string, rowKey: string, planId: string, by: string, what: string): Promise<{ previous?: string }> {
    const current = await this.read(partitionKey, rowKey);
    if (current?.planId === planId) return { previous: planId };
    const at = new Date().toISOString();
    const entity = { partitionKey, rowKey, planId, by, at };
    const history = { partitionKey, rowKey: `h|${at}|${randomUUID()}`, subject: decodeURIComponent(rowKey), planId, previous: current?.planId ?? "", by, at };
    try {
      await this.table.submitTransaction([current ? ["update", entity, "Replace", { etag: current.etag }] : ["create", entity], ["create", history]]);
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new PlanTrackerError("conflict", `${what} changed at the same moment; nothing was written, try again`, [], { cause: error });
      }
      throw error;
    }
    return { previous: current?.planId };
  }

  private async read(partitionKey: string, rowKey: string): Promise<z.output<typeof rowSchema> | undefined> {
    try {
      const row = rowSchema.safeParse(await this.table.getEntity(partitionKey, rowKey));
      if (!row.success) throw new PlanTrackerError("storage", `binding row ${partitionKey}/${rowKey} is damaged`);
      return row.data;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

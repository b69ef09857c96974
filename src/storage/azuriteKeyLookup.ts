/**
 * Makes the embedded Azurite find an entity by its keys in time that does not grow with its
 * partition, as Azure Tables does.
 *
 * Azurite 3.35 finds an entity (every point read, insert, update, merge and delete) with
 * LokiJS `findOne({ PartitionKey, RowKey })`. LokiJS uses a binary index only for the first
 * property of such a query and scans what that returns for the second, so each operation
 * reads the whole partition: importing 20,000 milestones into one plan's partition took
 * 200–335 s, and a point read of the plan's head grew with the plan. Asking for the
 * rarer key first (both are indexed; a binary search says how many rows each matches)
 * gives the same entity, since the two conditions are simply AND-ed, from a handful of rows.
 *
 * This reaches into Azurite's internals (`metadataStore.getEntityCollection`), which is
 * why its version is pinned; if they are not where expected, starting the store fails
 * (tableServer.ts), so a new Azurite cannot quietly bring the scan back.
 */

interface LokiCollection {
  adaptiveBinaryIndices?: boolean;
  binaryIndices?: Record<string, unknown>;
  calculateRange(op: "$eq", property: string, value: unknown): [number, number];
  findOne(query: Record<string, unknown>): unknown;
}

interface EntityStore {
  getEntityCollection(...args: unknown[]): LokiCollection;
}

const PATCHED = Symbol("planTrackerKeyLookup");

export function lookUpEntitiesByRarerKey(server: unknown): boolean {
  const store = (server as { metadataStore?: Partial<EntityStore> }).metadataStore;
  if (!store || typeof store.getEntityCollection !== "function") return false;
  const getEntityCollection = store.getEntityCollection.bind(store);
  store.getEntityCollection = (...args: unknown[]) => withRarerKeyFirst(getEntityCollection(...args));
  return true;
}

export function withRarerKeyFirst(collection: LokiCollection): LokiCollection {
  const marked = collection as LokiCollection & { [PATCHED]?: true };
  // Only where LokiJS keeps both indexes current on every change (its default), so the counts are of
  // the rows there now. They may count loosely ("1" ties "1.0"), which only changes the order; each key
  // is still matched with ===.
  if (marked[PATCHED] || collection.adaptiveBinaryIndices !== true || !collection.binaryIndices?.PartitionKey || !collection.binaryIndices.RowKey) return collection;
  const findOne = collection.findOne.bind(collection);
  // An own property: LokiJS serialises collections with JSON.stringify, which leaves functions out.
  Object.defineProperty(collection, "findOne", {
    value: (query: Record<string, unknown>) => findOne(isKeyQuery(query) ? rarerKeyFirst(collection, query) : query),
    enumerable: false,
  });
  Object.defineProperty(collection, PATCHED, { value: true, enumerable: false });
  return collection;
}

function isKeyQuery(query: Record<string, unknown> | undefined): query is { PartitionKey: string; RowKey: string } {
  if (!query) return false;
  const keys = Object.keys(query);
  return keys.length === 2 && typeof query.PartitionKey === "string" && typeof query.RowKey === "string";
}

function rarerKeyFirst(collection: LokiCollection, query: { PartitionKey: string; RowKey: string }): Record<string, unknown> {
  const matching = (property: "PartitionKey" | "RowKey") => {
    const [from, to] = collection.calculateRange("$eq", property, query[property]);
    return to - from + 1;
  };
  return matching("RowKey") < matching("PartitionKey") ? { RowKey: query.RowKey, PartitionKey: query.PartitionKey } : query;
}

import { strict as assert } from "node:assert";
import { withRarerKeyFirst } from "../../src/storage/azuriteKeyLookup";

/** LokiJS as Azurite 3.35 uses it (its own dependency, no types of its own). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Loki = require("lokijs") as new (name: string) => { addCollection(name: string, options: object): LokiCollection };
interface Entity { PartitionKey: string; RowKey: string; n: number }
interface LokiCollection {
  insert(doc: Entity): void;
  remove(doc: unknown): void;
  find(query: object): Entity[];
  findOne(query: object): Entity | null;
  calculateRange(op: "$eq", property: string, value: unknown): [number, number];
  adaptiveBinaryIndices?: boolean;
  binaryIndices?: Record<string, unknown>;
}

/** A collection made the way Azurite makes one per table, with the queries its findOne is given recorded in order. */
function azuriteCollection(entities: Array<[string, string]>) {
  const collection = new Loki("test").addCollection("devstoreaccount1$plans", { indices: ["PartitionKey", "RowKey"] });
  entities.forEach(([PartitionKey, RowKey], n) => collection.insert({ PartitionKey, RowKey, n }));
  const asked: string[][] = [];
  const findOne = collection.findOne.bind(collection);
  collection.findOne = (query: object) => {
    asked.push(Object.keys(query));
    return findOne(query);
  };
  return { collection: withRarerKeyFirst(collection) as unknown as LokiCollection, asked };
}

const onePlan = (rows: number): Array<[string, string]> => Array.from({ length: rows }, (_, i) => ["plan-a", `s|m|${i}`]);
const manyPlans = (plans: number, rowKey: string): Array<[string, string]> => Array.from({ length: plans }, (_, i) => [`plan-${i}`, rowKey]);

describe("embedded Azurite: an entity is found by its rarer key first", () => {
  const cases: Array<{ name: string; entities: Array<[string, string]>; lookup: [string, string]; first: "RowKey" | "PartitionKey" }> = [
    { name: "a milestone in a big partition: by its row key", entities: onePlan(500), lookup: ["plan-a", "s|m|250"], first: "RowKey" },
    { name: "the head, in every plan's partition, of a small plan: by the partition", entities: [...manyPlans(50, "head"), ["plan-7", "s|m|1"]], lookup: ["plan-7", "head"], first: "PartitionKey" },
    { name: "an absent row in a big partition: by its row key", entities: onePlan(500), lookup: ["plan-a", "s|m|9999"], first: "RowKey" },
    { name: "an absent partition: by the partition (none)", entities: onePlan(50), lookup: ["plan-z", "s|m|1"], first: "PartitionKey" },
    { name: "as many of each: as asked", entities: [["p", "r"]], lookup: ["p", "r"], first: "PartitionKey" },
  ];
  for (const { name, entities, lookup, first } of cases) {
    it(name, () => {
      const { collection, asked } = azuriteCollection(entities);
      const found = collection.findOne({ PartitionKey: lookup[0], RowKey: lookup[1] });
      assert.equal(asked.at(-1)?.[0], first);
      const expected = entities.findIndex(([p, r]) => p === lookup[0] && r === lookup[1]);
      assert.equal(found?.n ?? -1, expected);
    });
  }

  it("finds exactly what the plain query finds, for every key, numeric-looking keys and removals included", () => {
    // Numeric-looking keys sort as numbers in LokiJS's indexes ("1" and "1.0" tie), so they are the case to check.
    const keys = ["1", "1.0", "01", "10", "9", "head", "s|m|1.1", "s|m|1.10", "", " ", "1e3", "1000"];
    const entities: Array<[string, string]> = [];
    for (const p of ["1", "1.0", "plan", "plan-2"]) for (const r of keys) entities.push([p, r]);
    const { collection } = azuriteCollection(entities);
    const removed = collection.find({ RowKey: "10" });
    removed.forEach((doc) => collection.remove(doc));
    for (const p of ["1", "1.0", "plan", "plan-2", "absent"]) {
      for (const r of [...keys, "absent"]) {
        const plain = collection.find({ PartitionKey: p }).filter((doc) => doc.RowKey === r);
        assert.equal(collection.findOne({ PartitionKey: p, RowKey: r })?.n, plain[0]?.n, `${JSON.stringify(p)} / ${JSON.stringify(r)}`);
        assert.ok(plain.length <= 1);
      }
    }
  });

  it("leaves other queries as they are", () => {
    const { collection, asked } = azuriteCollection(onePlan(20));
    collection.findOne({ RowKey: "s|m|3", PartitionKey: "plan-a", n: 3 });
    collection.findOne({ PartitionKey: "plan-a" });
    assert.deepEqual(asked, [["RowKey", "PartitionKey", "n"], ["PartitionKey"]]);
  });

  it("is not applied twice, and not where LokiJS does not keep both indexes current", () => {
    const { collection, asked } = azuriteCollection(onePlan(20));
    withRarerKeyFirst(collection as never);
    collection.findOne({ PartitionKey: "plan-a", RowKey: "s|m|3" });
    assert.equal(asked.length, 1);
    const oneIndex = new Loki("test").addCollection("t", { indices: ["PartitionKey"] });
    const lazyIndexes = new Loki("test").addCollection("t", { indices: ["PartitionKey", "RowKey"], adaptiveBinaryIndices: false });
    for (const plain of [oneIndex, lazyIndexes]) {
      assert.equal(withRarerKeyFirst(plain as never), plain);
      assert.ok(!Object.getOwnPropertyNames(plain).includes("findOne"));
    }
  });
});

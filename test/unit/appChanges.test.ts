import { strict as assert } from "node:assert";
import { expandCard } from "../../src/cards/cards";
import { importDryRunCard } from "../../src/cards/importCard";
import { reconcileWithApp, valueAt, withValueAt, type AppChange } from "../../src/storage/appChanges";
import { cardProblems } from "../support/cardCheck";

const marker = (field: string[], value: unknown): AppChange => ({ field, value, by: "aad-ada", byName: "Ada", at: "2026-11-29T10:00:00.000Z", source: "teams", reason: "left" });
const meta = { id: "p", qis: [{ id: "a1-qi1", owner: "claire" }, { id: "a1-qi2", owner: "claire" }] };

describe("changed in the app since the last import (appChanges.ts)", () => {
  it("reads and writes a path through lists by id, keeping everything else", () => {
    assert.equal(valueAt(meta, ["qis", "a1-qi2", "owner"]), "claire");
    assert.deepEqual(withValueAt(meta, ["qis", "a1-qi2", "owner"], "rose"), { id: "p", qis: [{ id: "a1-qi1", owner: "claire" }, { id: "a1-qi2", owner: "rose" }] });
    assert.equal(withValueAt(meta, ["qis", "gone", "owner"], "rose"), undefined, "a path into a list item that is not there");
    assert.deepEqual(withValueAt({ a: 1, owner: "x" }, ["owner"], undefined), { a: 1 });
  });

  const cases: { name: string; file: unknown; overwrite: boolean; doc: unknown; kept: number; conflicts: ("app" | "file")[] }[] = [
    { name: "a file that would undo the change: the app's value is kept", file: { id: "1.1", lead: "claire" }, overwrite: false, doc: { id: "1.1", lead: "rose" }, kept: 1, conflicts: ["app"] },
    { name: "with overwrite the file wins and the marker goes", file: { id: "1.1", lead: "claire" }, overwrite: true, doc: { id: "1.1", lead: "claire" }, kept: 0, conflicts: ["file"] },
    { name: "a file that agrees settles the marker", file: { id: "1.1", lead: "rose" }, overwrite: false, doc: { id: "1.1", lead: "rose" }, kept: 0, conflicts: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = reconcileWithApp("action", "1.1", c.file, [marker(["lead"], "rose")], c.overwrite);
      assert.deepEqual(result.doc, c.doc);
      assert.equal(result.markers.length, c.kept);
      assert.deepEqual(result.conflicts.map((x) => x.kept), c.conflicts);
    });
  }

  it("compares lists whole: owners in another order are another value", () => {
    const result = reconcileWithApp("milestone", "1.1.1", { id: "1.1.1", owners: ["b", "a"] }, [marker(["owners"], ["a", "b"])], false);
    assert.deepEqual(result.doc, { id: "1.1.1", owners: ["a", "b"] });
  });
});

describe("the Teams import dry run card with fields changed in the app", () => {
  it("lists them, says the app's value is kept and how to have the file win", () => {
    const reply = importDryRunCard("somerset-app.json", { planId: "somerset-app", newPlan: false, added: [], changed: [], removed: [], statusesKept: [], conflicts: [{ kind: "action", id: "1.1", field: "lead", appValue: "rose-firth", fileValue: "claire-merchant-jones", byName: "Ada", at: "2026-11-29T10:00:00.000Z", kept: "app" }] }, { target: "somerset-app", fileName: "somerset-app.json", url: "https://contoso-my.sharepoint.com/x.json", sha256: "a".repeat(64), expectedHead: "h" });
    const card = expandCard(reply);
    assert.deepEqual(cardProblems(card), []);
    const text = JSON.stringify(card);
    assert.match(text, /Changed in the app since the last import[^"]*the app's value is kept[^"]*plan-tracker import --overwrite/);
    assert.match(text, /action 1\.1 lead: app rose-firth \(Ada\), file claire-merchant-jones/);
  });
});

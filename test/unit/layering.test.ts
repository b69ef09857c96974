import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PROJECT_ROOT } from "../support/paths";

/**
 * The layers, read from the source: domain → storage → app → bot/cli, with cards beside
 * domain. A scan of import statements, so a new file cannot quietly point an arrow upward.
 */
const SRC = resolve(PROJECT_ROOT, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

interface Import {
  file: string;
  /** The imported module: a package name, or a path from src/ ("domain/plan", "storage/linkRepository"). */
  target: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const found: Import[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?"([^"]+)";/gms)) {
    const specifier = match[2]!;
    const target = specifier.startsWith(".") ? relative(SRC, resolve(file, "..", specifier)).replace(/\\/g, "/") : specifier;
    found.push({ file: relative(SRC, file).replace(/\\/g, "/"), target, typeOnly: Boolean(match[1]) });
  }
  return found;
}

const all = sources(SRC).flatMap(importsOf);
const from = (folder: string) => all.filter((i) => i.file.startsWith(`${folder}/`));
const show = (imports: Import[]) => imports.map((i) => `${i.file} → ${i.target}`).join("\n");

describe("layering", () => {
  it("finds the imports it checks", () => {
    assert.ok(from("bot").some((i) => i.target === "storage/linkRepository"), "the scan sees bot/services.ts's storage types");
    assert.ok(from("app").some((i) => i.target.startsWith("cards/")), "the scan sees app's card imports");
  });

  it("no module in src/app/ imports from src/bot/", () => {
    assert.equal(show(from("app").filter((i) => i.target.startsWith("bot/"))), "");
  });

  it("src/domain/ imports no other layer", () => {
    assert.equal(show(from("domain").filter((i) => /^(app|bot|cards|cli|storage|import|tools)\//.test(i.target) || i.target === "index")), "");
  });

  it("src/cards/ depends only on src/domain/ (and the templating library, loaded when first used: src/deferredModule.ts), not on Teams", () => {
    assert.equal(show(from("cards").filter((i) => !i.target.startsWith("domain/") && !i.target.startsWith("cards/") && !i.target.startsWith("node:") && i.target !== "adaptivecards-templating" && i.target !== "deferredModule")), "");
  });

  it("no file in src/bot/ imports storage, except the types its services are made of (src/bot/services.ts)", () => {
    const storage = from("bot").filter((i) => i.target.startsWith("storage/"));
    assert.equal(show(storage.filter((i) => i.file !== "bot/services.ts" || !i.typeOnly)), "");
  });

  it("command and button handlers and the table do not touch a Teams SDK: it sits behind the Teams seam (src/teams/)", () => {
    assert.equal(show(from("bot").filter((i) => /^(botbuilder|botframework-|@microsoft\/agents-)/.test(i.target))), "");
  });

  it("src/storage/ does not import app, bot, cards or cli", () => {
    assert.equal(show(from("storage").filter((i) => /^(app|bot|cards|cli)\//.test(i.target))), "");
  });
});

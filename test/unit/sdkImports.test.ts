import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { PROJECT_ROOT as ROOT } from "../support/paths";

/** Every TypeScript file of the product, the tests and the benchmarks, relative to the repository. */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path.split(sep).join("/")] : [];
  });
}

/** The modules a file imports (static imports, re-exports, dynamic imports and require). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) found.push(match[1]!);
  return found;
}

const SDK_PACKAGES = [
  { name: "botbuilder", folder: "src/teams/botbuilder/", imports: (module: string) => /^(botbuilder|botframework-)/.test(module) },
  { name: "the Agents SDK", folder: "src/teams/agents/", imports: (module: string) => module.startsWith("@microsoft/agents-") },
];

describe("each SDK is imported only by its own folder of the Teams seam", () => {
  const files = ["src", "test", "bench"].flatMap(sourceFiles);

  it("finds the files it checks, and the imports in them", () => {
    assert.ok(files.includes("src/teams/botbuilder/runtime.ts") && files.includes("src/teams/agents/runtime.ts"));
    assert.ok(importsOf("src/teams/botbuilder/runtime.ts").includes("botbuilder-core"));
    assert.ok(importsOf("src/teams/agents/runtime.ts").includes("@microsoft/agents-hosting"));
  });

  for (const sdk of SDK_PACKAGES) {
    it(`no file outside ${sdk.folder} imports ${sdk.name}`, () => {
      const outside = files.filter((file) => !file.startsWith(sdk.folder) && importsOf(file).some(sdk.imports));
      assert.deepEqual(outside, []);
    });
  }

  it("botbuilder's own dependencies that the bot imports directly are the copies botbuilder uses (one of each in the lockfile)", () => {
    // runtime.ts takes CloudAdapter from botbuilder/lib and TurnContext from botbuilder-core: a second, nested
    // botbuilder-core (botbuilder bumped alone) would give the adapter one TurnContext and the bot another.
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    const botbuilder = lock.packages["node_modules/botbuilder"]!;
    for (const name of ["botbuilder-core", "botframework-connector"]) {
      const copies = Object.keys(lock.packages).filter((path) => path.endsWith(`node_modules/${name}`));
      assert.deepEqual(copies, [`node_modules/${name}`], name);
      assert.equal(lock.packages[`node_modules/${name}`]!.version, botbuilder.dependencies?.[name], `${name} is the version botbuilder asks for`);
    }
  });

  it("removing botbuilder is deleting its folder and its line in createRuntime.ts", () => {
    const mentions = files.filter((file) => !file.startsWith("src/teams/botbuilder/") && importsOf(file).some((module) => module.includes("/botbuilder/")));
    assert.deepEqual(mentions, ["src/teams/createRuntime.ts"]);
    const lines = readFileSync(join(ROOT, "src/teams/createRuntime.ts"), "utf8").split("\n").filter((line) => line.includes("./botbuilder/"));
    assert.equal(lines.length, 1, "one line names the botbuilder implementation");
  });
});

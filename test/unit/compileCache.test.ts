import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/paths";

const cacheApi = nodeModule as { enableCompileCache?: unknown; getCompileCacheDir?: () => string | undefined };

describe("Node's compile cache", () => {
  it("is on once the first module of an entry point has loaded, where Node has one (22.1 and later); nothing happens on Node 20", async () => {
    await import("../../src/compileCache.js");
    if (typeof cacheApi.enableCompileCache === "function") {
      assert.equal(typeof cacheApi.getCompileCacheDir?.(), "string", `Node ${process.version} has a compile cache, but it is off`);
    } else {
      assert.equal(cacheApi.getCompileCacheDir, undefined);
    }
  });

  for (const entry of ["src/index.ts", "src/cli/main.ts", "src/storage/tableServerProcess.ts"]) {
    it(`${entry} imports it before anything else`, () => {
      const firstImport = /^import\s+[^;]*;/m.exec(readFileSync(join(PROJECT_ROOT, entry), "utf8"))?.[0];
      assert.match(firstImport ?? "", /^import "\.\.?\/(\.\.\/)?compileCache";$/);
    });
  }
});

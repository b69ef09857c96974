#!/usr/bin/env node
"use strict";
// The CLI runs the compiled TypeScript; `npm ci` builds it (the "prepare" script).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const entry = join(__dirname, "..", "dist", "src", "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write("plan-tracker: not built yet; run `npm run build` in the project folder\n");
  process.exit(1);
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });

#!/usr/bin/env node
// The CLI runs from its esbuild bundle (start-up matters in CI); the bundle is built, not committed.
"use strict";
const path = require("path");
const fs = require("fs");

const bundle = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(bundle)) {
    process.stderr.write("nhi-guard: the CLI is not built: run `npm run build` in the nhi-guard package\n");
    process.exit(2);
}
require(bundle).run(process.argv.slice(2));

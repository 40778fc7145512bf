/**
 * The bench's TypeScript entry points (the gate's modules in harness.ts, the pack's registry in
 * kinds.ts) bundled as scripts/build.js bundles the CLI: node20, CommonJS, packages left external
 * so they resolve to the project's installed copies. Returns the loaded bundle.
 */
"use strict";
const path = require("path");

function bundleAndLoad(entry, outfile) {
    require("esbuild").buildSync({ entryPoints: [entry], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", logLevel: "warning" });
    return require(path.resolve(outfile));
}

module.exports = { bundleAndLoad };

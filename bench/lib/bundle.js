/**
 * The bench's TypeScript entry points (the gate's modules in harness.ts, the pack's registry in
 * kinds.ts) bundled as scripts/build.js bundles the CLI: node20, CommonJS, packages left external
 * so they resolve to the project's installed copies. Returns the loaded bundle.
 */
"use strict";
const path = require("path");

/** The pack's externals in scripts/build.js: it may load only @pulumi/policy and @pulumi/pulumi. */
const PACK_EXTERNALS = ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/pulumi/*", "@pulumi/policy/*"];

/** A pack entry point bundled as scripts/build.js bundles the served pack, so what is measured is what is served. */
function bundlePack(entry, outfile) {
    require("esbuild").buildSync({ entryPoints: [entry], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", external: PACK_EXTERNALS, logLevel: "warning" });
}

function bundleAndLoad(entry, outfile) {
    require("esbuild").buildSync({ entryPoints: [entry], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", logLevel: "warning" });
    return require(path.resolve(outfile));
}

module.exports = { bundleAndLoad, bundlePack };

/**
 * The bench's own bundles, built with scripts/build.js's settings (node20, CommonJS):
 * - `bundleAndLoad`: a TypeScript entry point (the gate's modules in harness.ts, the pack's registry
 *   in kinds.ts) with every package left external, so they resolve to the project's installed
 *   copies; returns the loaded bundle.
 * - `bundlePack`: a pack entry point with the served pack's externals, so what is measured is
 *   what is served.
 */
"use strict";
const path = require("path");
const { PACK_EXTERNALS } = require("../../scripts/build");

const COMMON = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning" };

function bundlePack(entry, outfile) {
    require("esbuild").buildSync({ ...COMMON, entryPoints: [entry], outfile, external: PACK_EXTERNALS });
}

function bundleAndLoad(entry, outfile) {
    require("esbuild").buildSync({ ...COMMON, entryPoints: [entry], outfile, packages: "external" });
    return require(path.resolve(outfile));
}

module.exports = { bundleAndLoad, bundlePack };

#!/usr/bin/env node
// Builds bin/plugin.js, what the Pulumi CLI runs. `pulumi package add <repo>/provider` clones the
// repository and runs `npm install` in this folder only, so this runs as its `prepare` step with
// nothing but this folder's node_modules: the components and the contract (../components,
// ../contract) are bundled in, resolving their packages here (`nodePaths`), and the Pulumi SDKs
// stay external so there is one @pulumi/pulumi (run-plugin's) and each cloud SDK loads from here.
// The plugin is plain JavaScript: run-plugin's ts-node (type-checking, with the consumer's
// tsconfig) never sees TypeScript.
"use strict";
const path = require("path");

async function buildPlugin() {
    const esbuild = require("esbuild");
    await esbuild.build({
        entryPoints: [path.join(__dirname, "plugin.ts")],
        outfile: path.join(__dirname, "bin", "plugin.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        external: ["@pulumi/*"],
        // The schema and `construct` key components by class name: keep the names esbuild would rename.
        keepNames: true,
        nodePaths: [path.join(__dirname, "node_modules")],
        // Bundled from TypeScript: keep stack traces pointing at the components' source lines.
        sourcemap: "inline",
        logLevel: "warning",
    });
}

if (require.main === module) {
    buildPlugin().catch((e) => {
        console.error(`nhi-guard provider: build failed: ${e.message}`);
        process.exit(1);
    });
}
module.exports = { buildPlugin };

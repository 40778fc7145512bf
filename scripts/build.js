#!/usr/bin/env node
// Builds what runs as JavaScript: the policy pack (one bundle, so `pulumi policy publish` and the
// CLI start it without ts-node and without resolving dozens of modules) and the nhi-guard CLI.
// Type checking is `npm run typecheck`'s job; esbuild only strips types, which takes well under a second.
"use strict";
const path = require("path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");

/** The pack may load only what its own package.json installs: @pulumi/policy and @pulumi/pulumi. */
const PACK_EXTERNALS = ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/pulumi/*", "@pulumi/policy/*"];

async function buildPack() {
    await esbuild.build({
        entryPoints: [path.join(root, "policy-packs/nhi-guard/src/index.ts")],
        outfile: path.join(root, "policy-packs/nhi-guard/dist/index.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        external: PACK_EXTERNALS,
        sourcemap: "linked",
        logLevel: "warning",
        metafile: true,
    }).then((result) => {
        // A cloud SDK in the pack would cost start-up on every preview and break publishing.
        const cloudSdk = Object.keys(result.metafile.inputs).find((f) => /node_modules\/@pulumi\/(aws|gcp|azure-native|azuread|github)\//.test(f));
        if (cloudSdk) throw new Error(`the policy pack must not bundle a cloud SDK, but it includes ${cloudSdk}`);
        // zod is the components' schema library; in the pack it only added ~100 ms to every start.
        const zod = Object.keys(result.metafile.inputs).find((f) => /node_modules\/zod\//.test(f));
        if (zod) throw new Error(`the policy pack must not bundle zod (import limits from contract/limits.ts, not declaration.ts), but it includes ${zod}`);
    });
}

async function buildCli() {
    await esbuild.build({
        entryPoints: [path.join(root, "cli/main.ts")],
        outfile: path.join(root, "dist/cli/main.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        // The program's own @pulumi/pulumi is loaded at run time from the program's folder; the
        // TypeScript compiler and gRPC are large and already installed.
        packages: "external",
        sourcemap: "linked",
        logLevel: "warning",
    });
}

async function main() {
    const only = process.argv[2];
    const fs = require("fs");
    const jobs = [];
    if (!only || only === "pack") jobs.push(buildPack());
    if ((!only || only === "cli") && fs.existsSync(path.join(root, "cli/main.ts"))) jobs.push(buildCli());
    await Promise.all(jobs);
}

if (require.main === module) {
    main().catch((e) => {
        console.error(`build failed: ${e.message}`);
        process.exit(1);
    });
}
module.exports = { buildPack, buildCli };

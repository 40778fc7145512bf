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

/** What a consumer's compiler must never be sent to: zod's declaration files, and any cloud SDK's types from the root entry point. */
const SHIPPED_TYPES_MUST_NOT_IMPORT = [/^zod(\/|$)/];
const CLOUD_SDK_TYPES = /^@pulumi\/(aws|gcp|azure-native|azuread|github)(\/|$)/;

/** Every module specifier a declaration file imports or re-exports. */
function declarationImports(text) {
    const specifiers = [];
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g)) {
        specifiers.push(m[1] ?? m[2] ?? m[3]);
    }
    return specifiers;
}

/**
 * The declaration files a consumer's `tsc` loads from `entry`, following relative imports, with the
 * package specifiers each one imports. (A consumer compiles these without `skipLibCheck` under
 * Pulumi's template tsconfig, so whatever they import must resolve in the consumer's project.)
 */
function declarationGraph(entry) {
    const fs = require("fs");
    const seen = new Map();
    const queue = [entry];
    while (queue.length) {
        const file = queue.pop();
        if (seen.has(file)) continue;
        const imports = declarationImports(fs.readFileSync(file, "utf8"));
        seen.set(file, imports.filter((s) => !s.startsWith(".")));
        for (const s of imports.filter((s) => s.startsWith("."))) {
            const base = path.resolve(path.dirname(file), s);
            const next = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
            if (!next) throw new Error(`${path.relative(root, file)} imports ${s}, which has no declaration file`);
            queue.push(next);
        }
    }
    return seen;
}

/**
 * What in the declaration files under `dist` would break a consumer's compile: zod's types from
 * any entry point, and any cloud SDK's types from the root one (each cloud's entry point may import
 * its own SDK's).
 */
function shippedTypeProblems(dist) {
    const problems = [];
    const rel = (file) => path.relative(dist, file);
    for (const [file, packages] of declarationGraph(path.join(dist, "components/index.d.ts"))) {
        for (const p of packages) {
            if (SHIPPED_TYPES_MUST_NOT_IMPORT.some((re) => re.test(p))) problems.push(`${rel(file)} imports ${p}`);
            if (CLOUD_SDK_TYPES.test(p)) problems.push(`${rel(file)} imports ${p} (reachable from the root entry point, which must compile without that SDK installed)`);
        }
    }
    for (const entry of ["components/aws", "components/gcp", "components/azure", "components/github", "contract"]) {
        for (const [file, packages] of declarationGraph(path.join(dist, entry, "index.d.ts"))) {
            for (const p of packages) if (SHIPPED_TYPES_MUST_NOT_IMPORT.some((re) => re.test(p))) problems.push(`${rel(file)} imports ${p}`);
        }
    }
    return [...new Set(problems)];
}

/**
 * The typed component library (`main`/`exports` of package.json): tsc emits JavaScript and
 * declarations for contract/ and components/, then the declarations are checked for what would
 * break a consumer's compile.
 */
async function buildLib() {
    const fs = require("fs");
    const { execFileSync } = require("child_process");
    for (const dir of ["dist/components", "dist/contract"]) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
    try {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        throw new Error(`tsc -p tsconfig.build.json failed:\n${String(e.stdout || "")}${String(e.stderr || "")}`.trim());
    }
    const problems = shippedTypeProblems(path.join(root, "dist"));
    if (problems.length) throw new Error(`the shipped declaration files would not compile in a consumer's project:\n  ${problems.join("\n  ")}`);
}

async function main() {
    const only = process.argv[2];
    const fs = require("fs");
    const jobs = [];
    if (!only || only === "all" || only === "pack") jobs.push(buildPack());
    if ((!only || only === "all" || only === "cli") && fs.existsSync(path.join(root, "cli/main.ts"))) jobs.push(buildCli());
    // The library needs a full type check (seconds): only for `npm pack`, not on every `npm ci`.
    if (only === "lib" || only === "all") jobs.push(buildLib());
    await Promise.all(jobs);
}

if (require.main === module) {
    main().catch((e) => {
        console.error(`build failed: ${e.message}`);
        process.exit(1);
    });
}
module.exports = { PACK_EXTERNALS, buildPack, buildCli, buildLib, declarationGraph, shippedTypeProblems };

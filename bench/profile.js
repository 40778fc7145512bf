#!/usr/bin/env node
/**
 * Where the nhi-guard pack spends its time: the pack's own handlers (@pulumi/policy's Analyze and
 * AnalyzeStack RPC functions, captured from `serve` without listening, as tests/helpers/pack.ts
 * does) driven in-process with the gate's requests on the benchmark's generated estate, under the
 * V8 CPU profiler. Prints self and inclusive time per function (file:function), and keeps the
 * .cpuprofile in bench/.work/ for a flame view (Chrome DevTools, speedscope).
 *
 * With `--cold`, it also times Analyze per request the way it runs served. Served, between two
 * requests the process runs the gRPC, http2 and protobuf work of the next one, which leaves the
 * pack's code and data out of the CPU caches: the same handler took 125 µs a request served and
 * 58 µs here. Sweeping a buffer the size of the caches (`--sweep-mb`, 8) before each request
 * reproduces that. The table compares the handler with every policy disabled (what the empty pack
 * costs), with no-op validations (what null-policies costs) and with nhi-guard's own, each warm
 * (no sweep) and cold. It also times each resource policy cold, so a change's served effect shows
 * here in seconds rather than in a noisy served run.
 *
 *   node bench/profile.js [--stack 10000] [--analyze 10000] [--pack policy-packs/nhi-guard/src/pack.ts]
 *                         [--workload estate|identity|identity-large] [--cold] [--sweep-mb 8]
 */
"use strict";
const fs = require("fs");
const path = require("path");
const inspector = require("inspector");
const { parseArgs } = require("util");
const { generateExport } = require("./lib/generate");
const { bundleAndLoad, bundlePack } = require("./lib/bundle");

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, "..");
const WORK = path.join(BENCH, ".work");
// The in-process pack bundle lives under the root's node_modules so that its external
// `@pulumi/policy` resolves to the copy the served pack uses; from bench/.work it resolved to
// bench/node_modules (awsguard's), so the request cache patched a module the handlers never call.
const INPROC = path.join(ROOT, "node_modules/.cache/nhi-guard-bench/pack-inproc.js");
const { values: argv } = parseArgs({
    options: {
        stack: { type: "string", default: "10000" },
        analyze: { type: "string", default: "10000" },
        pack: { type: "string", default: path.join(ROOT, "policy-packs/nhi-guard/src/pack.ts") },
        top: { type: "string", default: "30" },
        workload: { type: "string", default: "estate" },
        cold: { type: "boolean", default: false },
        "sweep-mb": { type: "string", default: "8" },
    },
});

/** How each resource policy's validation runs: as written, returning at once (null-policies), and its time so far. */
const validationMode = { noop: false, timing: false, ns: new Map() };

/** Wraps the pack's resource validations so the cold run can make them no-ops or time each one. */
function instrument(policies) {
    for (const p of policies) {
        const validate = p.validateResource;
        if (typeof validate !== "function") continue;
        p.validateResource = function (args, report) {
            if (validationMode.noop) return undefined;
            if (!validationMode.timing) return validate.call(this, args, report);
            const t0 = process.hrtime.bigint();
            try {
                return validate.call(this, args, report);
            } finally {
                validationMode.ns.set(p.name, (validationMode.ns.get(p.name) ?? 0n) + (process.hrtime.bigint() - t0));
            }
        };
    }
    return policies;
}

function bundle() {
    fs.mkdirSync(WORK, { recursive: true });
    // The pack bundled as scripts/build.js bundles it (same externals), so the profile shows the
    // code that is served; `sourceMapper` maps the frames back to the TypeScript files.
    bundlePack(path.resolve(argv.pack), INPROC);
}

/** @pulumi/policy's handlers, resolved from the project root as the served pack resolves them. */
function captureHandlers() {
    const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [path.join(ROOT, "policy-packs/nhi-guard")] }));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
    const proto = grpc.Server.prototype;
    const { addService, bindAsync } = proto;
    let captured;
    proto.addService = (_s, impl) => (captured = impl);
    proto.bindAsync = () => undefined;
    try {
        const { serve } = require(require.resolve("@pulumi/policy/server", { paths: [policyDir] }));
        const { PACK_NAME, packArgs } = require(INPROC);
        const args = packArgs();
        if (argv.cold) args.policies = instrument(args.policies);
        serve(PACK_NAME, "0.0.0", "advisory", args);
    } finally {
        proto.addService = addService;
        proto.bindAsync = bindAsync;
    }
    return (method, request) => new Promise((resolve, reject) => captured[method]({ request }, (err, resp) => (err ? reject(err) : resolve(resp))));
}

function post(session, method, params) {
    return new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
}

/**
 * The bundle's line -> source file, from the `// <path>` comment esbuild writes before each module,
 * so the report names the pack's TypeScript files rather than lines of a bundle.
 */
function sourceMapper(bundleFile) {
    const marks = [];
    fs.readFileSync(bundleFile, "utf8").split("\n").forEach((l, i) => {
        const m = /^\/\/ ((?:policy-packs|components|contract)\/\S+\.ts)$/.exec(l);
        if (m) marks.push([i, m[1]]);
    });
    return (line) => {
        let file = "pack bundle";
        for (const [at, f] of marks) if (at <= line) file = f;
        return file;
    };
}
let toSource = () => "pack bundle";

/** Self and inclusive milliseconds per function, recursion counted once per stack. */
function summarise(profile) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const selfMs = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
        const id = profile.samples[i];
        selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
    const keyOf = (n) => {
        const f = n.callFrame;
        let file = f.url ? f.url.replace(/^file:\/\//, "").replace(ROOT + "/", "") : "(native)";
        if (file.endsWith("pack-inproc.js")) return `${toSource(f.lineNumber)} ${f.functionName || "(anonymous)"}`;
        return `${file}:${f.lineNumber + 1} ${f.functionName || "(anonymous)"}`;
    };
    const self = new Map();
    const incl = new Map();
    let total = 0;
    for (const [id, ms] of selfMs) {
        total += ms;
        const n = byId.get(id);
        const k = keyOf(n);
        self.set(k, (self.get(k) ?? 0) + ms);
        const seen = new Set();
        for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
            const key = keyOf(byId.get(cur));
            if (seen.has(key)) continue;
            seen.add(key);
            incl.set(key, (incl.get(key) ?? 0) + ms);
        }
    }
    return { total, self, incl };
}

async function main() {
    bundle();
    const h = bundleAndLoad(path.join(BENCH, "lib/harness.ts"), path.join(WORK, "harness.js"));
    toSource = sourceMapper(INPROC);
    const call = captureHandlers();
    // What the CLI sends before analysing: GetAnalyzerInfo, then Configure with the schema defaults.
    const info = h.decodeAnalyzerInfo(await call("getAnalyzerInfo", new h.Empty()));
    await call("configure", h.configureRequest(info, {}));

    const stackSize = Number(argv.stack);
    const analyzeSize = Number(argv.analyze);
    const doc = JSON.parse(JSON.stringify(generateExport(Math.max(stackSize, analyzeSize), { seed: 7, workload: argv.workload })));
    const plan = h.planAudit(doc, "generated");
    const stackReq = h.analyzeStackRequest(plan.analyzeStack.slice(0, stackSize));
    const analyzeReqs = plan.analyze.slice(0, analyzeSize).map((x) => h.analyzeRequest(x));

    // Warm up both paths once so the profile shows steady state, not compilation.
    await call("analyzeStack", h.analyzeStackRequest(plan.analyzeStack.slice(0, 500)));
    for (const r of analyzeReqs.slice(0, 500)) await call("analyze", r);

    const session = new inspector.Session();
    session.connect();
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: 200 });
    const results = {};
    for (const [what, run] of [
        ["AnalyzeStack", async () => void (await call("analyzeStack", stackReq))],
        ["Analyze", async () => {
            for (const r of analyzeReqs) await call("analyze", r);
        }],
    ]) {
        await post(session, "Profiler.start");
        const t0 = process.hrtime.bigint();
        await run();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const { profile } = await post(session, "Profiler.stop");
        const file = path.join(WORK, `nhi-guard-${what}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        results[what] = { ms, file, ...summarise(profile) };
    }
    session.disconnect();
    const cold = argv.cold ? await coldAnalyze(h, call, info, plan.analyze.slice(0, analyzeSize)) : [];

    const top = Number(argv.top);
    const lines = [];
    for (const [what, r] of Object.entries(results)) {
        const n = what === "AnalyzeStack" ? stackSize : analyzeSize;
        lines.push(`\n## ${what}: ${n} resources, ${r.ms.toFixed(0)} ms wall in-process (profile: ${path.relative(ROOT, r.file)})`);
        lines.push(`\nSelf time, top ${top}:\n`);
        lines.push("| ms | share | function |", "|---:|---:|---|");
        for (const [k, ms] of [...r.self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`| ${ms.toFixed(0)} | ${((ms / r.total) * 100).toFixed(1)}% | \`${k}\` |`);
        lines.push(`\nInclusive time of pack and @pulumi/policy functions, top ${top}:\n`);
        lines.push("| ms | share | function |", "|---:|---:|---|");
        for (const [k, ms] of [...r.incl].filter(([k]) => /^(policy-packs|components|contract)\/|@pulumi\/policy/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
            lines.push(`| ${ms.toFixed(0)} | ${((ms / r.total) * 100).toFixed(1)}% | \`${k}\` |`);
        }
    }
    process.stdout.write([...lines, ...cold].join("\n") + "\n");
}

/**
 * Analyze per request, warm and with the caches swept before each request (see the header), for the
 * handler with every policy disabled, with no-op validations and with the pack's own. Requests are
 * decoded from bytes for every call, as gRPC does, so no request-keyed cache is ever warm.
 */
async function coldAnalyze(h, call, info, resources) {
    const bytes = resources.map((x) => h.analyzeRequest(x).serializeBinary());
    const decode = h.analyzeRequest(resources[0]).constructor.deserializeBinary;
    const sweep = new Float64Array((Number(argv["sweep-mb"]) * (1 << 20)) / 8);
    let sink = 0;
    const pass = async (swept) => {
        let ns = 0n;
        for (const b of bytes) {
            const request = decode(b);
            if (swept) for (let i = 0; i < sweep.length; i += 8) sink += sweep[i];
            const t0 = process.hrtime.bigint();
            await call("analyze", request);
            ns += process.hrtime.bigint() - t0;
        }
        return Number(ns) / bytes.length / 1000;
    };
    const disabled = Object.fromEntries(info.policies.map((p) => [p.name, "disabled"]));
    const rows = [];
    for (const [label, config, noop] of [
        ["every policy disabled (the empty pack's cost)", disabled, false],
        ["no-op validations (null-policies' cost)", {}, true],
        ["nhi-guard", {}, false],
    ]) {
        await call("configure", h.configureRequest(info, config));
        validationMode.noop = noop;
        await pass(false);
        const warm = await pass(false);
        await pass(true);
        validationMode.timing = label === "nhi-guard";
        const cold = await pass(true);
        validationMode.timing = false;
        rows.push(`| ${label} | ${warm.toFixed(1)} | ${cold.toFixed(1)} | ${(cold / warm).toFixed(1)}x |`);
    }
    validationMode.noop = false;
    await call("configure", h.configureRequest(info, {}));
    sweep[0] = sink;
    const perPolicy = [...validationMode.ns]
        .sort((a, b) => Number(b[1] - a[1]))
        .map(([name, ns]) => `| \`${name}\` | ${(Number(ns) / bytes.length / 1000).toFixed(1)} |`);
    return [
        `\n## Analyze per request, warm and cold: ${bytes.length} resources, caches swept (${argv["sweep-mb"]} MB) before each cold request\n`,
        "| handler | warm µs | cold µs | cold / warm |",
        "|---|---:|---:|---:|",
        ...rows,
        "\nnhi-guard's resource policies, cold, µs a request (the first to ask reads the resource's facts for all):\n",
        "| policy | µs |",
        "|---|---:|",
        ...perPolicy,
    ];
}

main().catch((e) => {
    process.stderr.write(`profile: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
});

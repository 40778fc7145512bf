#!/usr/bin/env node
/**
 * `npm run bench`: nhi-guard's pack and gate against the floor (an empty @pulumi/policy pack) and
 * the peer (@pulumi/awsguard), in one run, contenders interleaved round by round, so that the
 * machine's drift (other jobs on its 2 cores, thermal state, page cache) hits every contender alike.
 * Targets are ratios within a round, never absolute times. Writes bench/RESULTS.md; exits 1 when a
 * target is missed, 2 when the benchmark itself could not run.
 *
 *   node bench/run.js [--rounds 7] [--analyze 10000] [--in-flight 16] [--stack 1000,10000,50000]
 *                     [--audit 10000] [--preview 1000] [--gate-rounds 1] [--out FILE] [--quick] [--no-profile]
 *                     [--floor-tools 300] [--floor-rounds 3] [--no-floor] [--only floor]
 *                     [--workload estate|identity|identity-large]
 *
 * `--only floor` measures only `preview` against its floor (bench/lib/floor-section.js) and puts
 * that section into the existing results file in place of the previous one.
 * `--workload` picks what the generated requests hold (bench/lib/generate.js): the mixed estate
 * (default), every resource an AI tool's role (`identity`), or those roles next to large Lambda and
 * ECS inputs (`identity-large`). `--gate-rounds 0` skips the gate section.
 * `--quick` is for development: one round, small sizes, results in bench/.work/.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { parseArgs } = require("util");
const { generateExport } = require("./lib/generate");
const { writeProgram } = require("./lib/program");
const { cpuMs, cmdline, watchTree } = require("./lib/proc");
const { checkPackDependencies } = require("./lib/deps");
const { stats, ratios, fmt, table } = require("./lib/stats");
const { measureFloor, renderFloor, spliceFloor } = require("./lib/floor-section");
const { patchedPackCopy } = require("./lib/upstream");
const { oneCheckPack } = require("./lib/oneCheck");
const { bundleAndLoad } = require("./lib/bundle");

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, "..");
const WORK = path.join(BENCH, ".work");
// Under the root's node_modules, so a patched @pulumi/policy copy resolves its dependencies to the
// very copies the served nhi-guard pack uses (bench/lib/upstream.js).
const UPSTREAM = path.join(ROOT, "node_modules/.cache/nhi-guard-bench/upstream");

const { values: argv } = parseArgs({
    options: {
        rounds: { type: "string" },
        analyze: { type: "string" },
        "in-flight": { type: "string" },
        stack: { type: "string" },
        audit: { type: "string" },
        preview: { type: "string" },
        "gate-rounds": { type: "string" },
        out: { type: "string" },
        quick: { type: "boolean", default: false },
        "no-build": { type: "boolean", default: false },
        "no-profile": { type: "boolean", default: false },
        "floor-tools": { type: "string" },
        "floor-rounds": { type: "string" },
        "no-floor": { type: "boolean", default: false },
        only: { type: "string" },
        workload: { type: "string" },
    },
});
const quick = argv.quick;
const num = (v, d) => (v === undefined ? d : Number(v));
const cfg = {
    rounds: num(argv.rounds, quick ? 1 : 7),
    analyze: num(argv.analyze, quick ? 500 : 10000),
    inFlight: num(argv["in-flight"], 16),
    stackSizes: (argv.stack ?? (quick ? "200,1000" : "1000,10000,50000")).split(",").map(Number),
    audit: num(argv.audit, quick ? 500 : 10000),
    preview: num(argv.preview, quick ? 20 : 1000),
    workload: argv.workload ?? "estate",
    out: path.resolve(argv.out ?? (quick ? path.join(WORK, "RESULTS.md") : path.join(BENCH, "RESULTS.md"))),
};
// The gate section has no targets and costs minutes per round (a 1,000-component preview loads
// @pulumi/aws under ts-node three times over), so it runs once unless asked for more.
cfg.gateRounds = num(argv["gate-rounds"], 1);
// Preview against its floor: a program small enough to run several interleaved rounds.
cfg.floorTools = num(argv["floor-tools"], quick ? 20 : 300);
cfg.floorRounds = num(argv["floor-rounds"], quick ? 1 : 3);
if (argv.only !== undefined && argv.only !== "floor") throw new Error("`--only` takes `floor`");
const RSS_SIZE = cfg.stackSizes.includes(10000) ? 10000 : cfg.stackSizes[Math.min(1, cfg.stackSizes.length - 1)];

const CONTENDERS = [
    { name: "nhi-guard", dir: path.join(ROOT, "policy-packs/nhi-guard") },
    { name: "empty", dir: path.join(BENCH, "packs/empty") },
    { name: "awsguard", dir: path.join(BENCH, "packs/awsguard") },
    // nhi-guard's policies by name and kind, each returning at once: what @pulumi/policy itself
    // spends per policy, so a gap to the floor can be told apart from the pack's own work.
    { name: "null-policies", dir: path.join(BENCH, "packs/null-policies"), packOnly: true },
    // The nhi-guard pack on a copy of @pulumi/policy with the proposed upstream change
    // (bench/lib/upstream.js): what the pack would cost once @pulumi/policy shares per-request work.
    { name: "nhi-guard@upstream", dir: path.join(UPSTREAM, "nhi-guard"), upstream: path.join(ROOT, "policy-packs/nhi-guard"), packOnly: true },
    // nhi-guard with only its first resource policy running, which reads each resource's facts
    // (bench/lib/oneCheck.js): what reading a role once and one check cost served.
    { name: "nhi-guard@one-check", dir: path.join(ROOT, "node_modules/.cache/nhi-guard-bench/one-check"), oneCheck: path.join(ROOT, "policy-packs/nhi-guard"), packOnly: true },
];
const FLOOR = "empty";
const SUBJECT = "nhi-guard";

const log = (...a) => process.stderr.write(a.join(" ") + "\n");
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Contenders in a different order each round (ABC, BCA, CAB, ...): interleaved, and none always first. */
const orderFor = (round, xs) => xs.map((_, i) => xs[(i + round) % xs.length]);

function prepare() {
    if (argv.only !== "floor" && !fs.existsSync(path.join(BENCH, "node_modules", "@pulumi", "awsguard"))) {
        log("installing bench dependencies (npm ci --prefix bench) ...");
        const r = spawnSync("npm", ["ci", "--prefix", BENCH, "--no-audit", "--no-fund"], { stdio: "inherit" });
        if (r.status !== 0) throw new Error("`npm ci --prefix bench` failed");
    }
    fs.mkdirSync(WORK, { recursive: true });
    if (!argv["no-build"]) {
        // Measure the pack and CLI as they are in the tree now, not a stale bundle.
        const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.js")], { stdio: "inherit", cwd: ROOT });
        if (r.status !== 0) throw new Error("`node scripts/build.js` failed");
    }
    // The null-policies pack mirrors nhi-guard's policy names and kinds as they are in the tree now.
    const { kinds } = bundleAndLoad(path.join(BENCH, "lib/kinds.ts"), path.join(WORK, "kinds.js"));
    fs.writeFileSync(path.join(BENCH, "packs/null-policies/kinds.json"), JSON.stringify(kinds, null, 1) + "\n");
    for (const c of CONTENDERS) if (c.upstream) patchedPackCopy(c.upstream, c.dir);
    for (const c of CONTENDERS) if (c.oneCheck) oneCheckPack(c.oneCheck, c.dir);
    return bundleAndLoad(path.join(BENCH, "lib/harness.ts"), path.join(WORK, "harness.js"));
}

/** One unary call with a request already serialized, so request building stays out of the timing. */
function unary(client, method, bytes) {
    return new Promise((resolve, reject) => {
        client.makeUnaryRequest(method, (b) => b, (b) => b, bytes, { deadline: new Date(Date.now() + 600000) }, (err, resp) => (err ? reject(err) : resolve(resp)));
    });
}

function loadInputs(h, size, seed) {
    const doc = JSON.parse(JSON.stringify(generateExport(size, { seed, workload: cfg.workload })));
    const plan = h.planAudit(doc, `generated-${size}`);
    return { doc, plan };
}

async function packRound(h, contender, data) {
    const AnalyzeResponse = h.analyzerpb.AnalyzeResponse;
    const M = h.analyzerGrpc.AnalyzerService;
    const host = await h.PackHost.start(contender.dir, { dryRun: false, project: "estate", stack: "bench", callTimeoutMs: 600000 });
    const r = { startupMs: host.startupMs, startRssKB: host.peakRssKB, stack: {} };
    try {
        const info = await host.configure({});
        r.policies = info.policies.length;
        r.version = info.version;
        // PackHost keeps its client private; the timing needs it to send pre-serialized bytes.
        const client = host.client;
        const countDiagnostics = (bufs) => bufs.reduce((n, b) => n + AnalyzeResponse.deserializeBinary(b).getDiagnosticsList().length, 0);

        let cpu0 = cpuMs(host.pid);
        let t0 = now();
        const seq = [];
        for (const b of data.analyze) seq.push(await unary(client, M.analyze.path, b));
        r.seqMs = now() - t0;
        r.seqCpuMs = cpuMs(host.pid) - cpu0;
        r.diagnostics = countDiagnostics(seq);

        cpu0 = cpuMs(host.pid);
        t0 = now();
        let next = 0;
        const worker = async () => {
            while (next < data.analyze.length) await unary(client, M.analyze.path, data.analyze[next++]);
        };
        await Promise.all(Array.from({ length: cfg.inFlight }, worker));
        r.parMs = now() - t0;
        r.parCpuMs = cpuMs(host.pid) - cpu0;

        for (const [i, size] of cfg.stackSizes.entries()) {
            const bytes = data.stacks.get(size);
            // The first AnalyzeStack of the process also compiles the stack policies: a warm-up
            // call on the smallest size keeps that one-off cost out of the linearity ratio.
            if (i === 0) await unary(client, M.analyzeStack.path, bytes);
            cpu0 = cpuMs(host.pid);
            t0 = now();
            const resp = await unary(client, M.analyzeStack.path, bytes);
            r.stack[size] = { ms: now() - t0, cpuMs: cpuMs(host.pid) - cpu0, rssKB: host.peakRssKB, diagnostics: countDiagnostics([resp]) };
        }
        r.rssAtKB = r.stack[RSS_SIZE]?.rssKB;
    } finally {
        await host.stop();
    }
    return r;
}

/** The real CLI, end to end, with its process tree watched: the gate process and the pack apart. */
function runCli(args) {
    return new Promise((resolve, reject) => {
        const t0 = now();
        const child = spawn(process.execPath, [path.join(ROOT, "bin/nhi-guard.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
        const watch = watchTree(child.pid, (pid) => (pid === child.pid ? "gate" : /run-policy-pack/.test(cmdline(pid)) ? "pack" : "other"));
        child.on("exit", (code) => {
            const wallMs = now() - t0;
            const by = watch.stop();
            if (code !== 0 && code !== 1) return reject(new Error(`nhi-guard ${args[0]} exited ${code}: ${err.trim().split("\n").pop()}`));
            resolve({ wallMs, code, gate: by.gate, pack: by.pack, summary: out.trim().split("\n").pop() });
        });
    });
}

function runPhases(command, target, packDir) {
    const outFile = path.join(WORK, `phases-${command}.json`);
    const r = spawnSync(process.execPath, [path.join(BENCH, "lib/phases.js"), path.join(WORK, "harness.js"), command, target, packDir, outFile], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`phases ${command} failed: ${(r.stderr || "").trim().split("\n").slice(-3).join(" ")}`);
    return JSON.parse(fs.readFileSync(outFile, "utf8"));
}

function versionOf(name, fromDir) {
    try {
        return require(require.resolve(`${name}/package.json`, { paths: [fromDir] })).version;
    } catch {
        return "?";
    }
}

/** Preview against the floor on a generated program of its own size, removed afterwards (tsconfig includes bench/**). */
async function floorSection() {
    const dir = writeProgram(path.join(WORK, `preview-floor-${cfg.floorTools}`), cfg.floorTools);
    try {
        const runs = await measureFloor({ root: ROOT, programDir: dir, packDir: CONTENDERS[0].dir, outFile: path.join(WORK, "report-floor.json"), rounds: cfg.floorRounds, log });
        return renderFloor(runs, { tools: cfg.floorTools, rounds: cfg.floorRounds });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function onlyFloor() {
    prepare();
    const section = await floorSection();
    const existing = fs.existsSync(cfg.out) ? fs.readFileSync(cfg.out, "utf8") : "# nhi-guard benchmark results\n";
    const line = `| ${section.target.label} | ${section.target.value} | ${section.target.ok ? "met" : "**MISSED**"} | ${section.target.detail} |`;
    // The target row too: replaced if a previous run left one, else added at the end of the table.
    let text = spliceFloor(existing, section.markdown.replace("<!-- floor:start -->\n", `<!-- floor:start -->\n_Measured on ${new Date().toISOString()} by \`npm run bench -- --only floor\`; the other sections are from the run dated above._\n\n`));
    const row = /^\| preview vs floor .*\|$/m;
    if (row.test(text)) text = text.replace(row, line);
    else text = text.replace(/(\| target \| measured \| status \| bound \|\n\|---\|---\|---\|---\|\n(?:\|.*\|\n)*)/, `$1${line}\n`);
    fs.mkdirSync(path.dirname(cfg.out), { recursive: true });
    fs.writeFileSync(cfg.out, text);
    process.stdout.write(section.markdown);
    log(`\nwrote ${path.relative(process.cwd(), cfg.out)}; ${section.target.label}: ${section.target.value} (${section.target.ok ? "met" : "MISSED"})`);
    return section.target.ok ? 0 : 1;
}

async function main() {
    if (argv.only === "floor") return onlyFloor();
    const started = new Date();
    const h = prepare();

    log(`generating inputs: Analyze ${cfg.analyze}, AnalyzeStack ${cfg.stackSizes.join("/")}, audit ${cfg.audit}, preview ${cfg.preview} components`);
    const data = { analyze: [], stacks: new Map() };
    const a = loadInputs(h, cfg.analyze, 7);
    data.analyze = a.plan.analyze.map((x) => Buffer.from(h.analyzeRequest(x).serializeBinary()));
    const typeMix = new Map();
    for (const x of a.plan.analyze) typeMix.set(x.type, (typeMix.get(x.type) ?? 0) + 1);
    const catalogued = new Set(h.catalogueTokens().map((t) => t.token.toLowerCase()));
    const nhiShare = a.plan.analyze.filter((x) => catalogued.has(x.type.toLowerCase())).length / a.plan.analyze.length;
    const stackBytes = {};
    for (const size of cfg.stackSizes) {
        const s = loadInputs(h, size, 7);
        const bytes = Buffer.from(h.analyzeStackRequest(s.plan.analyzeStack).serializeBinary());
        data.stacks.set(size, bytes);
        stackBytes[size] = bytes.length;
    }
    const exportFile = path.join(WORK, `export-${cfg.audit}.json`);
    fs.writeFileSync(exportFile, JSON.stringify(generateExport(cfg.audit, { seed: 7 })));
    const programDir = writeProgram(path.join(WORK, `preview-${cfg.preview}`), cfg.preview);

    // 1-3: the three packs, interleaved.
    const pack = Object.fromEntries(CONTENDERS.map((c) => [c.name, []]));
    for (let round = 0; round < cfg.rounds; round++) {
        for (const c of orderFor(round, CONTENDERS)) {
            const r = await packRound(h, c, data);
            pack[c.name].push(r);
            log(`round ${round + 1}/${cfg.rounds} ${c.name}: start ${fmt(r.startupMs)} ms, Analyze ${fmt(r.seqMs)} ms seq / ${fmt(r.parMs)} ms x${cfg.inFlight}, ` +
                cfg.stackSizes.map((s) => `stack ${s}: ${fmt(r.stack[s].ms)} ms`).join(", ") + `, rss ${fmt(r.rssAtKB / 1024)} MB`);
        }
    }

    // 4: the gate end to end, through the real CLI, with each pack; then phase timings of nhi-guard's.
    // The explanatory contenders (packOnly) stay out of the gate section: it costs minutes each.
    const gateContenders = CONTENDERS.filter((c) => !c.packOnly);
    const gate = { audit: {}, preview: {} };
    const phases = { audit: [], preview: [] };
    for (const c of gateContenders) (gate.audit[c.name] = []), (gate.preview[c.name] = []);
    for (let round = 0; round < cfg.gateRounds; round++) {
        for (const c of orderFor(round, gateContenders)) {
            const out = path.join(WORK, `report-${c.name}.json`);
            const au = await runCli(["audit", exportFile, "--policy-pack", c.dir, "--format", "json", "--output", out, "--quiet"]);
            gate.audit[c.name].push(au);
            const pr = await runCli(["preview", programDir, "--policy-pack", c.dir, "--format", "json", "--output", out, "--quiet"]);
            gate.preview[c.name].push(pr);
            log(`gate round ${round + 1}/${cfg.gateRounds} ${c.name}: audit ${fmt(au.wallMs)} ms (${au.summary}), preview ${fmt(pr.wallMs)} ms (${pr.summary})`);
        }
        phases.audit.push(runPhases("audit", exportFile, CONTENDERS[0].dir));
        phases.preview.push(runPhases("preview", programDir, CONTENDERS[0].dir));
    }

    // tsconfig.json includes bench/**/*.ts, so a generated 1,000-component program left behind
    // would slow everyone's `npm run typecheck`: it only exists while the benchmark runs.
    // (rmSync unlinks the node_modules/@pulumi symlink without following it.)
    fs.rmSync(programDir, { recursive: true, force: true });

    // 6: preview against the floor.
    const floor = argv["no-floor"] ? undefined : await floorSection();

    const deps = checkPackDependencies(path.join(ROOT, "policy-packs/nhi-guard"));

    const env = {
        date: started.toISOString(),
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? "?",
        memGB: os.totalmem() / 2 ** 30,
        load: os.loadavg(),
        node: process.version,
        commit: spawnSync("git", ["log", "-1", "--format=%h %s"], { cwd: ROOT, encoding: "utf8" }).stdout.trim(),
        packDirty: spawnSync("git", ["status", "--porcelain", "--", "policy-packs/nhi-guard", "contract"], { cwd: ROOT, encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean).length,
        versions: Object.fromEntries(
            CONTENDERS.map((c) => [c.name, { pulumi: versionOf("@pulumi/pulumi", c.dir), policy: versionOf("@pulumi/policy", c.dir), grpc: versionOf("@grpc/grpc-js", path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [c.dir] }))) }]),
        ),
        awsguard: versionOf("@pulumi/awsguard", path.join(BENCH, "packs/awsguard")),
        awsSdk: versionOf("@pulumi/aws", path.join(BENCH, "node_modules/@pulumi/awsguard")),
        policies: Object.fromEntries(CONTENDERS.map((c) => [c.name, pack[c.name][0]?.policies])),
        typeMix: [...typeMix.entries()].sort((x, y) => y[1] - x[1]),
        nhiShare,
        stackBytes,
        elapsedS: (Date.now() - started.getTime()) / 1000,
    };
    let { markdown, misses } = require("./lib/report").render({ cfg, env, pack, gate, phases, deps, FLOOR, SUBJECT, RSS_SIZE, floorSection: floor });
    // A missed pack target comes with where the pack's time goes, for whoever fixes it.
    if (misses.some((m) => !/cloud provider SDK|preview vs floor/.test(m)) && !argv["no-profile"]) {
        log("profiling the nhi-guard pack in-process (bench/profile.js) ...");
        const analyze = String(Math.min(cfg.analyze, 10000));
        const stack = String(Math.min(Math.max(...cfg.stackSizes), 10000));
        // A missed Analyze target also gets the cold-cache timing: served costs, per policy.
        const cold = misses.some((m) => /Analyze throughput/.test(m)) ? ["--cold"] : [];
        const p = spawnSync(process.execPath, [path.join(BENCH, "profile.js"), "--stack", stack, "--analyze", analyze, "--top", "15", "--workload", cfg.workload, ...cold], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
        markdown +=
            "\n## Profile of the nhi-guard pack (a target was missed)\n\n" +
            "`node bench/profile.js`: the pack's @pulumi/policy handlers driven in-process with the same generated requests, under the V8 sampling profiler " +
            "(bundle lines mapped back to their TypeScript files; the `.cpuprofile` files stay in bench/.work/).\n" +
            (p.status === 0 ? p.stdout : `\nthe profiler failed: ${(p.stderr || "").trim().split("\n").pop()}\n`);
    }
    fs.mkdirSync(path.dirname(cfg.out), { recursive: true });
    fs.writeFileSync(cfg.out, markdown);
    process.stdout.write(markdown);
    log(`\nwrote ${path.relative(process.cwd(), cfg.out)}${misses.length ? `; ${misses.length} target(s) missed: ${misses.join("; ")}` : "; all targets met"}`);
    return misses.length ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        log(`bench: ${e && e.stack ? e.stack : e}`);
        process.exit(2);
    },
);

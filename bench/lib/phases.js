"use strict";
/**
 * Runs one gate command in this process through the gate's own `runGate`, and records where the
 * time goes. The gate prints no phase timings, so they are taken at the seams it already has: the
 * `pending` promise (program run or export parse), `PackHost.start`/`stop` (wrapped here, not
 * edited), and the progress callbacks (first/last Analyze answer, end of AnalyzeStack).
 *
 * Usage: node phases.js <harness.js> <audit|preview> <export.json|program dir> <packDir> <out.json>
 */
const fs = require("fs");
const { cpuMs, statusKB } = require("./proc");

async function main() {
    const [harnessFile, command, target, packDir, outFile] = process.argv.slice(2);
    const h = require(harnessFile);
    const now = () => Number(process.hrtime.bigint()) / 1e6;
    const t = { start: now() };
    const cpu0 = process.cpuUsage();
    const gateCpu = () => {
        const c = process.cpuUsage(cpu0);
        return (c.user + c.system) / 1000;
    };
    const pack = { startMs: NaN, cpuMs: NaN, peakRssKB: NaN };

    const start = h.PackHost.start;
    h.PackHost.start = async (...args) => {
        const t0 = now();
        const host = await start.apply(h.PackHost, args);
        t.packReady = now();
        pack.startMs = t.packReady - t0;
        const stop = host.stop.bind(host);
        host.stop = async () => {
            t.stopping = now();
            pack.cpuMs = cpuMs(host.pid);
            pack.peakRssKB = host.peakRssKB;
            await stop();
        };
        return host;
    };

    let target_, pending, config, dryRun;
    let inputCpu = NaN;
    const settled = (p) =>
        p.then((v) => {
            t.inputReady = now();
            inputCpu = gateCpu();
            return v;
        });
    if (command === "audit") {
        const text = fs.readFileSync(target, "utf8");
        const plan = h.planAudit(JSON.parse(text), target);
        const input = { command: "audit", ...plan };
        target_ = input;
        pending = settled(Promise.resolve(input));
        dryRun = false;
    } else {
        const plan = h.planPreview(target, "dev");
        target_ = plan;
        config = plan.config;
        pending = settled(plan.run());
        dryRun = true;
    }
    let resources = 0;
    const progress = {
        update(done, total) {
            if (done === 1) t.firstAnalyzed = now();
            if (done === total) t.lastAnalyzed = now();
            resources = total;
        },
        done() {
            t.stackAnalyzed ??= now();
        },
    };
    const report = await h.runGate(target_, pending, { packDirs: [packDir], userConfig: {}, dryRun, config, progress });
    t.gateReturned = now();
    const text = h.reporterFor("json").render(report, { color: false, strict: false });
    t.rendered = now();
    const out = {
        command,
        resources,
        analyzeResources: resources,
        stackResources: report.resources,
        violations: report.counts.mandatory + report.counts.advisory,
        reportBytes: text.length,
        ms: {
            total: t.rendered - t.start,
            // The input (program run / export parse) and the pack start overlap.
            input: t.inputReady - t.start,
            packStart: pack.startMs,
            waitForPack: Math.max(0, t.packReady - t.inputReady),
            // Configure, then the first Analyze answers.
            configure: t.firstAnalyzed - Math.max(t.inputReady, t.packReady),
            analyze: t.lastAnalyzed - t.firstAnalyzed,
            analyzeStack: t.stackAnalyzed - t.lastAnalyzed,
            stopPack: t.gateReturned - t.stopping,
            report: t.rendered - t.gateReturned,
        },
        cpuMs: { gate: gateCpu(), gateInput: inputCpu, pack: pack.cpuMs },
        peakRssKB: { gate: statusKB(process.pid, "VmHWM"), pack: pack.peakRssKB },
    };
    fs.writeFileSync(outFile, JSON.stringify(out));
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`phases: ${e && e.stack ? e.stack : e}\n`);
        process.exit(3);
    },
);

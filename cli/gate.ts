/**
 * The part of a deployment the gate reproduces: every pack is served and configured, each resource
 * goes to Analyze (in engine order), then the whole stack to AnalyzeStack. Any failure on the way
 * is an AnalysisError naming the step: a gate that could not ask must not answer "clean".
 */
import * as path from "path";
import { AnalyzerInfo, AnalyzerInput, PolicyPackConfig } from "./analyzer/protocol";
import { PackHost, PackHostError } from "./analyzer/packHost";
import { checkPolicyConfig } from "./config";
import { AnalysisError } from "./errors";
import { Progress } from "./progress";
import { NotAnalysed, ReceivedDiagnostic, Report, ReportSource, ResourceLocation, buildReport } from "./report/model";
import { relativeTo, repositoryRoot } from "./preview/sourceLocations";

export interface GateInput {
    command: Report["command"];
    project: string;
    stack: string;
    /** What Analyze sees, in the order the engine would send it. */
    analyze: AnalyzerInput[];
    /** What AnalyzeStack sees (outputs, or their preview approximation). */
    analyzeStack: AnalyzerInput[];
    /** Other stacks' resources in `analyzeStack` as context (`--with-export`): findings on them are not this stack's. */
    contextUrns?: ReadonlySet<string>;
    notes: string[];
    /** Preview's deployment view: resource URN -> URNs whose modelled outputs its inputs rest on. */
    restsOn?: Record<string, string[]>;
    /** Where findings without a source location are shown: a path relative to the working directory. */
    source?: ReportSource;
    /** Preview: the user's line that declares each resource, by URN. */
    locations?: Map<string, ResourceLocation>;
    /** Resources whose contents no policy could see (multi-language components). */
    notAnalysed?: NotAnalysed[];
}

/** Report paths are relative to the repository the file is in, whatever the working directory (SARIF needs that). */
function fromRepositoryRoot(source: ReportSource | undefined): ReportSource | undefined {
    if (!source || source.kind === "stdin") return source;
    const file = path.resolve(source.file);
    return { ...source, file: relativeTo(repositoryRoot(path.dirname(file)), file) };
}

export interface GateOptions {
    packDirs: string[];
    userConfig: PolicyPackConfig;
    /** Where `userConfig` came from; when given, it is checked against the packs' config schemas. */
    configFile?: string;
    /** Preview (unknowns possible) or audit of deployed state. */
    dryRun: boolean;
    /** Stack config for `PULUMI_CONFIG`. */
    config?: Record<string, string>;
    progress?: Progress;
}

/** Analyze calls kept in flight at once: the pack's policies are independent per resource. */
const IN_FLIGHT = 8;

/**
 * `pending` is the program run or export parse; the packs start while it works (each costs about
 * a second). If it fails, its error wins: bad input is reported as such, whatever the packs did.
 */
export async function runGate(target: { project: string; stack: string }, pending: Promise<GateInput>, opts: GateOptions): Promise<Report> {
    const hosts: PackHost[] = [];
    try {
        const starting = Promise.allSettled(
            opts.packDirs.map((dir) => PackHost.start(dir, { project: target.project, stack: target.stack, dryRun: opts.dryRun, config: opts.config })),
        );
        const [prepared, started] = await Promise.all([Promise.allSettled([pending]), starting]);
        for (const s of started) if (s.status === "fulfilled") hosts.push(s.value);
        if (prepared[0].status === "rejected") throw prepared[0].reason;
        const input = prepared[0].value;
        const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failed) throw failed.reason;

        // Config is checked against the packs' own schemas first: a typo is bad input, not a finding per resource.
        if (opts.configFile) checkPolicyConfig(opts.userConfig, await Promise.all(hosts.map((h) => h.getAnalyzerInfo())), opts.configFile);
        const infos: AnalyzerInfo[] = [];
        for (const host of hosts) infos.push(await host.configure(opts.userConfig));

        const received: ReceivedDiagnostic[] = [];
        // Counted, not listed: on a large stack most policies do not apply to most resources.
        const notApplicable: Record<string, number> = {};
        const countNotApplicable = (list: { policyName: string }[]) => {
            for (const n of list) notApplicable[n.policyName] = (notApplicable[n.policyName] ?? 0) + 1;
        };
        const total = input.analyze.length;
        const perResource: ReceivedDiagnostic[][] = new Array(total);
        let next = 0;
        let done = 0;
        const worker = async () => {
            while (next < total) {
                const i = next++;
                const r = input.analyze[i];
                const results = await Promise.all(hosts.map((h) => h.analyze(r)));
                for (const res of results) countNotApplicable(res.notApplicable);
                perResource[i] = results.flatMap((res) => res.diagnostics.map((diagnostic) => ({ diagnostic, requestUrn: r.urn })));
                opts.progress?.update(++done, total);
            }
        };
        await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, total) }, worker));
        for (const d of perResource) received.push(...d);

        for (const host of hosts) {
            const res = await host.analyzeStack(input.analyzeStack);
            const own = input.contextUrns ? res.diagnostics.filter((d) => !input.contextUrns!.has(d.urn)) : res.diagnostics;
            received.push(...own.map((diagnostic) => ({ diagnostic, requestUrn: "" })));
        }
        opts.progress?.done();

        return buildReport(received, {
            command: input.command,
            stack: input.stack,
            project: input.project,
            packs: infos,
            resources: total,
            notes: input.notes,
            stackUrns: input.analyzeStack.map((r) => r.urn),
            source: fromRepositoryRoot(input.source),
            locations: input.locations,
            notAnalysed: input.notAnalysed,
            restsOn: input.restsOn,
            notApplicable,
        });
    } catch (e) {
        opts.progress?.done();
        if (e instanceof PackHostError) throw new AnalysisError(`could not analyse: ${e.message}`);
        throw e;
    } finally {
        await Promise.all(hosts.map((h) => h.stop().catch(() => undefined)));
    }
}

/**
 * The gate's report: what every format renders. Built from the packs' diagnostics by sorting each
 * into what it means for a deployment (a violation, an exemption, a check that could not run).
 * The JSON form of this type is a public, versioned schema (docs/report-schema.md).
 */
import { AnalyzerInfo, Diagnostic, EnforcementLevel, Severity, severityName } from "../analyzer/protocol";

export const REPORT_VERSION = 1;

/** A line of the user's code: `file` relative to the repository root, forward slashes; 1-based line and column. */
export interface SourceLocation {
    file: string;
    line: number;
    column?: number;
}

/**
 * Where a finding about a resource is shown. `location` is the line of the user's program that
 * made the resource: its own declaration, or, for a child of a component, the line that
 * constructed the outermost component (the line a pull request adds or changes, where GitHub
 * shows the alert). `declaredAt` is the child's own declaration inside a component of the
 * repository, when that is another line.
 */
export interface ResourceLocation {
    location?: SourceLocation;
    declaredAt?: SourceLocation;
}

/**
 * A resource whose contents the gate could not analyse, e.g. a multi-language component (awsx >= 1,
 * eks >= 3) whose children its provider creates at deployment: the pack never sees them.
 */
export interface NotAnalysed extends ResourceLocation {
    urn: string;
    type: string;
    name: string;
    reason: string;
}

export interface Violation {
    policy: string;
    policyPack: string;
    policyPackVersion: string;
    /** The resource the violation is about (a resource policy's own resource, or the URN a stack policy named). */
    urn: string;
    /** Where the resource is declared (preview of a program; absent for audit and for resources no user line made). */
    location?: SourceLocation;
    declaredAt?: SourceLocation;
    /** `mandatory` or `advisory` (`remediate` counts as mandatory, as in the engine). */
    enforcementLevel: "mandatory" | "advisory";
    /** What is wrong and the fix, without the policy description the pack prefixes. */
    message: string;
    description: string;
    severity?: Severity;
    remediation?: string;
    /** URNs whose modelled outputs (preview's deployment view) this resource's inputs depend on. */
    restsOn?: string[];
}

export interface Exemption extends ResourceLocation {
    policy: string;
    policyPack: string;
    urn: string;
    message: string;
}

/** A policy @pulumi/policy could not run because a value it read is unknown until the update. */
export interface Unverified extends ResourceLocation {
    policy: string;
    policyPack: string;
    urn: string;
    reason: string;
    /** As for violations: the finding may change once these resources' real outputs exist. */
    restsOn?: string[];
}

/**
 * A change to what an identity can do, compared with a deployed stack (`preview --baseline`): see
 * policy-packs/nhi-guard/src/capabilities.ts for the kinds and how each is derived.
 */
export interface AccessChange extends ResourceLocation {
    kind: string;
    /** The identity's URN without stack and project, as `driftApprovals` names it. */
    identity: string;
    name: string;
    tool: string | null;
    /** The identity's URN in this run; absent for a removed identity. */
    urn?: string;
    before: unknown;
    after: unknown;
    summary: string;
}

export interface Report {
    version: typeof REPORT_VERSION;
    command: "preview" | "audit";
    stack: string;
    project: string;
    policyPacks: { name: string; version: string }[];
    violations: Violation[];
    exemptions: { applied: Exemption[]; expired: Exemption[] };
    unverified: Unverified[];
    /** Resources whose contents were not analysed (with `--strict`, a failure). */
    notAnalysed: NotAnalysed[];
    /** Limits of this run the reader must know (e.g. secrets that could not be decrypted). */
    notes: string[];
    /** Per policy, how many resources it said it does not apply to (Analyze's `notApplicable`); not listed one by one. */
    notApplicable?: Record<string, number>;
    /** Access changes against the deployed stack; present only when a baseline was given (`preview --baseline`). */
    changes?: AccessChange[];
    counts: { mandatory: number; advisory: number; exemptionsApplied: number; exemptionsExpired: number; unverified: number; notAnalysed: number };
    /** Resources analysed (each sent to Analyze once). */
    resources: number;
    /** Not in the JSON report: what the packs declared (SARIF rules), and where findings are located. */
    packInfos: AnalyzerInfo[];
    source: ReportSource;
}

/**
 * The file a finding without a source location is shown against: the program's main file for
 * preview, the export file for audit; relative to the repository root (see `ReportContext.source`).
 */
export interface ReportSource {
    kind: "program" | "export" | "stdin";
    file: string;
}

/** A diagnostic together with the resource it came back for (empty for stack policies). */
export interface ReceivedDiagnostic {
    diagnostic: Diagnostic;
    requestUrn: string;
}

const UNVERIFIED = /^can't run policy '([^']*)' from policy pack '([^']*)' during preview: ([\s\S]*)$/;
const EXEMPTED = /^Exempted:/;
const EXEMPTION_EXPIRED = /^Exemption expired:/;
/** A pack's own "could not verify" finding (e.g. a stack policy that met an unknown), by convention. */
const PACK_UNVERIFIED = /^Unverified:\s*/;

/** @pulumi/policy sends "<description>\n<message>" for a reported violation; the message is what the user needs. */
export function violationText(d: Diagnostic): string {
    if (d.description && d.message.startsWith(`${d.description}\n`)) return d.message.slice(d.description.length + 1);
    return d.message;
}

export interface ReportContext {
    command: Report["command"];
    stack: string;
    project: string;
    packs: AnalyzerInfo[];
    resources: number;
    notes?: string[];
    /** Every URN sent to AnalyzeStack: a stack diagnostic naming no URN of them is the root stack's (else the first's), as in the engine. */
    stackUrns: string[];
    /** Its `file` relative to the repository root, as SARIF consumers resolve it. */
    source?: ReportSource;
    /** Preview: where each resource (by URN) is declared. */
    locations?: Map<string, ResourceLocation>;
    notAnalysed?: NotAnalysed[];
    /** Preview's deployment view: resource URN -> URNs whose modelled outputs its inputs depend on. */
    restsOn?: Record<string, string[]>;
    notApplicable?: Record<string, number>;
}

/** The one wording every format uses for a finding that rests on modelled outputs. */
export function restsOnText(urns: string[]): string {
    return `rests on modelled outputs of ${urns.join(", ")}`;
}

export function buildReport(received: ReceivedDiagnostic[], ctx: ReportContext): Report {
    const policyOf = new Map(ctx.packs.flatMap((pack) => pack.policies.map((p) => [`${pack.name}/${p.name}`, p] as const)));
    const knownUrns = new Set(ctx.stackUrns);
    // A stack policy's finding without a URN (or naming one not in the stack) is the stack's, as the
    // engine attributes it: the root stack resource, else the first resource sent.
    const rootUrn = ctx.stackUrns.find((u) => u.split("::")[2] === "pulumi:pulumi:Stack") ?? ctx.stackUrns[0];
    const at = (urn: string): ResourceLocation => {
        const l = ctx.locations?.get(urn);
        return { ...(l?.location ? { location: l.location } : {}), ...(l?.declaredAt ? { declaredAt: l.declaredAt } : {}) };
    };
    const restsOn = (urn: string) => (ctx.restsOn?.[urn]?.length ? { restsOn: ctx.restsOn[urn] } : {});
    const report: Report = {
        version: REPORT_VERSION,
        command: ctx.command,
        stack: ctx.stack,
        project: ctx.project,
        policyPacks: ctx.packs.map((p) => ({ name: p.name, version: p.version })),
        violations: [],
        exemptions: { applied: [], expired: [] },
        unverified: [],
        notAnalysed: ctx.notAnalysed ?? [],
        notes: ctx.notes ?? [],
        counts: { mandatory: 0, advisory: 0, exemptionsApplied: 0, exemptionsExpired: 0, unverified: 0, notAnalysed: 0 },
        resources: ctx.resources,
        packInfos: ctx.packs,
        // Sorted: the count arrives in whatever order the concurrent Analyze calls finish.
        ...(ctx.notApplicable && Object.keys(ctx.notApplicable).length ? { notApplicable: Object.fromEntries(Object.entries(ctx.notApplicable).sort(([a], [b]) => a.localeCompare(b))) } : {}),
        source: ctx.source ?? { kind: "stdin", file: "stdin" },
    };

    for (const { diagnostic: d, requestUrn } of received) {
        if (d.enforcementLevel === "disabled") continue;
        const urn = requestUrn || (knownUrns.has(d.urn) ? d.urn : (rootUrn ?? d.urn));
        const text = violationText(d);
        const level: Violation["enforcementLevel"] = d.enforcementLevel === "advisory" ? "advisory" : "mandatory";
        if (level === "advisory") {
            const unknown = UNVERIFIED.exec(d.message);
            if (unknown) {
                report.unverified.push({ policy: d.policyName, policyPack: d.policyPackName, urn, ...at(urn), reason: unknown[3].trim(), ...restsOn(urn) });
                continue;
            }
            if (PACK_UNVERIFIED.test(text)) {
                report.unverified.push({ policy: d.policyName, policyPack: d.policyPackName, urn, ...at(urn), reason: text.replace(PACK_UNVERIFIED, ""), ...restsOn(urn) });
                continue;
            }
            if (EXEMPTED.test(text)) {
                report.exemptions.applied.push({ policy: d.policyName, policyPack: d.policyPackName, urn, ...at(urn), message: text });
                continue;
            }
            if (EXEMPTION_EXPIRED.test(text)) {
                report.exemptions.expired.push({ policy: d.policyName, policyPack: d.policyPackName, urn, ...at(urn), message: text });
                continue;
            }
        }
        const info = policyOf.get(`${d.policyPackName}/${d.policyName}`);
        report.violations.push({
            policy: d.policyName,
            policyPack: d.policyPackName,
            policyPackVersion: d.policyPackVersion,
            urn,
            ...at(urn),
            enforcementLevel: level,
            message: text,
            description: d.description,
            severity: severityName(d.severity) ?? info?.severity,
            remediation: info?.remediationSteps,
            ...restsOn(urn),
        });
    }
    report.counts = {
        mandatory: report.violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: report.violations.filter((v) => v.enforcementLevel === "advisory").length,
        exemptionsApplied: report.exemptions.applied.length,
        exemptionsExpired: report.exemptions.expired.length,
        unverified: report.unverified.length,
        notAnalysed: report.notAnalysed.length,
    };
    return report;
}

/** Whether the pack's `nhi-approved-drift` holds this change back until an approval is recorded. */
export function needsApproval(report: Report, change: AccessChange): boolean {
    return !!change.urn && report.violations.some((v) => v.policy === "nhi-approved-drift" && v.urn === change.urn && v.message.includes(`kind: "${change.kind}"`));
}

/** `index.ts:12`, as editors and terminals make it clickable. */
export const lineText = (l: SourceLocation) => `${l.file}:${l.line}`;

/** Not-analysed resources by type, in first-seen order: every format lists them this way. */
export function notAnalysedByType(list: NotAnalysed[]): { type: string; reason: string; resources: NotAnalysed[] }[] {
    const groups = new Map<string, { type: string; reason: string; resources: NotAnalysed[] }>();
    for (const n of list) {
        const g = groups.get(n.type) ?? { type: n.type, reason: n.reason, resources: [] };
        g.resources.push(n);
        groups.set(n.type, g);
    }
    return [...groups.values()];
}

/**
 * 1 when a deployment would be blocked: a mandatory violation, or (strict) a check that could not
 * run or a resource whose contents could not be analysed.
 */
export function reportFails(report: Report, strict: boolean): boolean {
    return report.counts.mandatory > 0 || (strict && (report.counts.unverified > 0 || report.counts.notAnalysed > 0));
}

export type { EnforcementLevel };

/**
 * Turns an nhi-guard policy into a @pulumi/policy one. Every check runs through here, which gives
 * them all the same behaviour: config read with defaults and validated, exemptions applied (and
 * listed), and fail-closed errors: a check that throws must not abort the Analyze RPC (the whole
 * preview would fail with a stack trace) nor pass silently; it reports that the resource could not
 * be analysed. Values unknown at preview are marked by the readers per part (`contract/unknowns.ts`),
 * so checks on known parts report and checks on unknown parts say `Unverified:` (which the gate
 * lists, and `--strict` fails on). @pulumi/policy's `UnknownValueError` is still passed through for
 * a value no reader marks: it makes that one policy advisory for the resource, never a violation.
 */
import { isUnknownValueError, unknownReason } from "./unknown";
import {
    type Policy,
    type PolicyResource,
    type ReportViolation,
    type ResourceValidationArgs,
    type StackValidationArgs,
} from "@pulumi/policy";
import { lookup } from "../../../contract/catalogue";
import type { ResourceFacts } from "../../../contract/facts";
import { configSchemaFor, readConfig, type PolicyConfig } from "./config";
import { decide, exemptedMessage, readExemptions, type ExemptionSet } from "./exemptions";
import { owaspNhi, OWASP_NHI_REFERENCE } from "./frameworks";
import type { NhiPolicy, ResourceCheck, StackCheck } from "./policy";
import { describeFailure, redactCredentials } from "./redact";
import { hasToolAnnotation, nameOfUrn, underGovernedComponent } from "./scope";
import { factsOnce } from "./requestCache";
import { unknownPaths } from "../../../contract/unknowns";
import { StackIndex, type StackEntry } from "./stackIndex";

/** The diagnostic shape @pulumi/policy's reportViolation also accepts (server.js), to set the level per finding. */
interface Diagnostic {
    message: string;
    urn?: string;
    enforcementLevel?: "advisory";
}

/** Prefix of a stack policy's advisory for a resource it could not read at preview; the gate lists these as unverified. */
export const UNVERIFIED_PREFIX = "Unverified:";

/** Findings go through the exemptions; notes (config problems) do not. */
class Reporter {
    constructor(
        private readonly violation: ReportViolation,
        private readonly exemptions: ExemptionSet,
        private readonly now: Date,
    ) {}

    finding(urn: string, name: string, message: string, reportUrn?: string): void {
        const outcome = decide(this.exemptions, urn, name, this.now);
        if (outcome.applied) {
            this.emit({ message: exemptedMessage(outcome.applied, message), urn: reportUrn, enforcementLevel: "advisory" });
            return;
        }
        this.emit({ message, urn: reportUrn });
        for (const note of outcome.notes) this.emit({ message: note, urn: reportUrn, enforcementLevel: "advisory" });
    }

    note(message: string, urn?: string): void {
        this.emit({ message, urn });
    }

    advisory(message: string, urn?: string): void {
        this.emit({ message, urn, enforcementLevel: "advisory" });
    }

    private emit(d: Diagnostic): void {
        // Last line of defence: a message built from inputs never carries a credential-shaped value.
        d.message = redactCredentials(d.message);
        (this.violation as unknown as (d: Diagnostic) => void)(d);
    }
}

/** The inputs behind an unknown `tool` annotation, when that is all that makes the entry an AI tool's. */
function toolUnknownOnly(entry: StackEntry): string[] | undefined {
    const reading = entry.facts?.annotations;
    if (reading?.values.tool !== undefined || reading?.problems.some((p) => p.field === "tool")) return undefined;
    const paths = unknownPaths(entry.facts?.unknown, "tool");
    return paths.length ? paths : undefined;
}

function unverifiedMessage(subject: string, reason: string, policy: string, verify?: string): string {
    return `${UNVERIFIED_PREFIX} ${subject}: ${reason}; ${verify ?? `\`${policy}\` checks it again once the value is known (at update, or with \`nhi-guard audit\`)`}`;
}

function failureMessage(what: string, policy: string, error: unknown): string {
    return `${what} could not be analysed (${describeFailure(error)}), so \`${policy}\` cannot show it complies; check its inputs, or report the error to the nhi-guard maintainers`;
}

/** What a policy reads from its config: the options, their problems and its exemptions. */
interface Settings {
    config: PolicyConfig;
    problems: readonly string[];
    exemptions: ExemptionSet;
}

/** Whether `b` has exactly the keys `keys` of `a`, each with the same value (===). */
function sameEntries(a: Record<string, unknown>, keys: readonly string[], b: Record<string, unknown>): boolean {
    const bKeys = Object.keys(b);
    if (bKeys.length !== keys.length) return false;
    for (let i = 0; i < keys.length; i++) if (bKeys[i] !== keys[i] || a[keys[i]] !== b[keys[i]]) return false;
    return true;
}

/**
 * A policy's settings, read again only when its config changes: they were read per policy per
 * request. @pulumi/policy's getConfig() builds a fresh object per call, but from the values of the
 * last Configure request, which stay the same objects until the next one; the same keys with the
 * same values (===) are the same config, and the settings are a pure function of it. The reading
 * is shared by every request until then, so what a policy sees of it is frozen.
 */
function settingsReader(def: NhiPolicy, knownPolicies: ReadonlySet<string>): (raw: unknown) => Settings {
    let last: { raw: Record<string, unknown>; keys: string[]; settings: Settings } | undefined;
    return (raw) => {
        const given = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : undefined;
        if (last && given && sameEntries(last.raw, last.keys, given)) return last.settings;
        const { config, problems } = readConfig(def.name, raw, def.options);
        const settings: Settings = {
            config: Object.freeze(config),
            problems: Object.freeze(problems),
            exemptions: readExemptions(config.exemptions, def.name, knownPolicies),
        };
        if (given) last = { raw: given, keys: Object.keys(given), settings };
        return settings;
    };
}

/**
 * One policy's view of one resource. A class rather than an object of closures: one is made per
 * policy and resource (9 per Analyze), and closures made per call left V8 with fresh, unoptimised
 * functions every time. `now` and the reporter are made on first use, since most policies on most
 * resources report nothing and never look at the clock; both share the one instant.
 */
class ResourceRun implements ResourceCheck {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, any>;
    readonly config: PolicyConfig;
    readonly catalogued: ReturnType<typeof lookup>;
    /** Whether facts were asked for, and what they were. */
    read = false;
    private factsValue: ResourceFacts | undefined = undefined;
    /** The inputs behind an unknown `tool` annotation when only that put the resource in scope. */
    private scopeUnknown: string[] | undefined = undefined;
    // What the policy asked and said, to tell "not applicable" from "passed" afterwards.
    outOfScope = false;
    said = false;
    private nowValue: Date | undefined = undefined;
    private reporterValue: Reporter | undefined = undefined;

    constructor(
        private readonly def: NhiPolicy,
        private readonly settings: Settings,
        private readonly violation: ReportViolation,
        args: ResourceValidationArgs,
    ) {
        this.type = args.type;
        this.name = args.name;
        this.urn = args.urn;
        this.props = args.props;
        this.config = settings.config;
        this.catalogued = lookup(args.type);
    }

    get now(): Date {
        return (this.nowValue ??= new Date());
    }

    get reporter(): Reporter {
        return (this.reporterValue ??= new Reporter(this.violation, this.settings.exemptions, this.now));
    }

    facts(): ResourceFacts | undefined {
        if (!this.read) {
            this.factsValue = this.catalogued ? factsOnce(this.catalogued, this.props) : undefined;
            this.read = true;
        }
        return this.factsValue;
    }

    // A grant is an AI tool's by its place in a component; which identity it reaches is the
    // stack policies' question. Reading facts only when needed keeps an unknown policy document
    // of an unrelated grant from turning into an advisory.
    inScope(): boolean {
        if (this.config.scope === "all" || underGovernedComponent(this.urn)) return true;
        if (this.catalogued === undefined || this.catalogued.kind === "grant" || !hasToolAnnotation(this.facts())) {
            this.outOfScope = true;
            return false;
        }
        // In scope only because its `tool` annotation is unknown at preview: what the checks find
        // is reported as unverified, since the resource may be no AI tool's at all.
        const known = this.factsValue?.annotations;
        if (known?.values.tool === undefined && !known?.problems.some((p) => p.field === "tool")) this.scopeUnknown = unknownPaths(this.factsValue?.unknown, "tool");
        return true;
    }

    report(message: string): void {
        this.said = true;
        if (!this.scopeUnknown?.length) return this.reporter.finding(this.urn, this.name, message);
        this.reporter.advisory(unverifiedMessage(this.subject(), `${unknownReason("whether it is an AI tool's", this.scopeUnknown)}; if it is: ${message}`, this.def.name));
    }

    unverified(what: string, paths: readonly string[]): void {
        this.said = true;
        this.reporter.advisory(unverifiedMessage(this.subject(), unknownReason(what, paths), this.def.name));
    }

    private subject(): string {
        return `${this.factsValue?.label ?? this.catalogued?.label ?? this.type} "${this.name}"`;
    }
}

function runResource(def: NhiPolicy, settings: Settings, args: ResourceValidationArgs, report: ReportViolation): void {
    const check = new ResourceRun(def, settings, report, args);
    const { catalogued } = check;
    // Reported on catalogued resources only: once per NHI is loud enough to be fixed.
    if (catalogued) for (const p of settings.problems) check.reporter.note(p);
    try {
        def.validateResource!(check);
    } catch (e) {
        if (isUnknownValueError(e)) throw e;
        check.reporter.finding(args.urn, args.name, failureMessage(`${catalogued?.label ?? args.type} "${args.name}"`, def.name, e));
        return;
    }
    // Pulumi Cloud's compliance view counts a silent policy as passed; say when it did not apply.
    if (check.said) return;
    if (check.outOfScope) {
        notApplicable(args, catalogued ? `not an AI tool's ${catalogued.label} (no \`tool\` annotation, no nhi-guard component); config \`scope: all\` checks every one` : `nhi-guard reads no facts from ${args.type}`);
    } else if (check.read && check.facts() === undefined) {
        notApplicable(args, `nhi-guard reads no facts from ${args.type}`);
    }
}

/** Most reasons kept per `notApplicable` function: one per resource type or catalogued label, so a few dozen in practice. */
const MAX_REASONS = 256;

/** What each `notApplicable` function threw, per reason (see notApplicable). */
const thrownFor = new WeakMap<object, Map<string, unknown>>();

/**
 * @pulumi/policy's `notApplicable` throws to end the validation, once per policy and resource that
 * does not apply (8 per uncatalogued resource): the error's construction and its stack trace were
 * most of the cost. @pulumi/policy reads only the error's class and `reason` when it catches it
 * (server.js), so what a function threw for a reason is kept and thrown again for that reason; the
 * first is made without a stack trace (nobody reads it). Keyed by the function itself, so a
 * version that passes a different one (per request, or one that records instead of throwing) is
 * called as before and never given another's error.
 */
function notApplicable(args: ResourceValidationArgs, reason: string): never {
    const fn = args.notApplicable;
    let thrown = thrownFor.get(fn);
    const again = thrown?.get(reason);
    if (again !== undefined) throw again;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return args.notApplicable(reason);
    } catch (e) {
        if (!thrown) thrownFor.set(fn, (thrown = new Map()));
        if (thrown.size >= MAX_REASONS) thrown.clear();
        thrown.set(reason, e);
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

function runStack(def: NhiPolicy, settings: Settings, args: StackValidationArgs, report: ReportViolation): void {
    const { config, problems } = settings;
    const now = new Date();
    const reporter = new Reporter(report, settings.exemptions, now);
    for (const p of problems) reporter.note(p);
    const reportOn = (urn: string, message: string) => reporter.finding(urn, nameOfUrn(urn), message, urn);
    const scopeNoted = new Set<StackEntry>();
    try {
        const index = StackIndex.of(args.resources as PolicyResource[]);
        const check: StackCheck = {
            index,
            config,
            now,
            inScope: (entry: StackEntry) => {
                if (config.scope === "all" || entry.component) return true;
                if (!entry.aiTool) return false;
                // An AI tool only by a `tool` annotation unknown at preview: its AI-tool checks wait for
                // the value (listed once as unverified), since it may be no AI tool's at all.
                const paths = toolUnknownOnly(entry);
                if (!paths) return true;
                if (!scopeNoted.has(entry)) {
                    scopeNoted.add(entry);
                    reporter.advisory(unverifiedMessage(`${entry.label} "${entry.name}"`, `${unknownReason("whether it is an AI tool's", paths)}, so its AI-tool checks wait for the value`, def.name), entry.urn);
                }
                return false;
            },
            report: reportOn,
            unverified: (entry: StackEntry, reason: string, verify?: string) => {
                reporter.advisory(unverifiedMessage(`${entry.label} "${entry.name}"`, reason, def.name, verify), entry.urn);
            },
            unknown: (entry: StackEntry, what: string, paths: readonly string[]) => {
                reporter.advisory(unverifiedMessage(`${entry.label} "${entry.name}"`, unknownReason(what, paths), def.name), entry.urn);
            },
            unreadable: (entry: StackEntry) => {
                if (entry.unknown !== undefined) {
                    reporter.advisory(unverifiedMessage(`${entry.label} "${entry.name}"`, entry.unknown, def.name), entry.urn);
                    return true;
                }
                if (entry.failure !== undefined) {
                    reportOn(entry.urn, `${entry.label} "${entry.name}" could not be analysed (${entry.failure}), so \`${def.name}\` cannot show it complies; check its inputs, or report the error to the nhi-guard maintainers`);
                    return true;
                }
                return false;
            },
        };
        def.validateStack!(check);
    } catch (e) {
        if (isUnknownValueError(e)) throw e;
        reporter.note(failureMessage("The stack", def.name, e));
    }
}

export type PackPolicy = Policy & {
    validateResource?: (args: ResourceValidationArgs, report: ReportViolation) => void;
    validateStack?: (args: StackValidationArgs, report: ReportViolation) => void;
};

/** The @pulumi/policy form of a policy: metadata as the CLI and Pulumi Cloud show it, checks wrapped. */
export function toPackPolicy(def: NhiPolicy, knownPolicies: ReadonlySet<string>): PackPolicy {
    const policy: PackPolicy = {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel,
        severity: def.severity,
        framework: owaspNhi(def.framework),
        tags: [`owasp-nhi:${def.framework}`, ...def.tags],
        remediationSteps: def.remediationSteps,
        configSchema: configSchemaFor(def.options),
        url: OWASP_NHI_REFERENCE,
    };
    const settings = settingsReader(def, knownPolicies);
    if (def.validateResource) policy.validateResource = (args, report) => runResource(def, settings(args.getConfig()), args, report);
    if (def.validateStack) policy.validateStack = (args, report) => runStack(def, settings(args.getConfig()), args, report);
    return policy;
}

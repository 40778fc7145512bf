/**
 * The Analyzer protocol as the Pulumi CLI speaks it: building AnalyzeRequest / AnalyzeStackRequest /
 * ConfigureAnalyzerRequest messages from plain resources, and decoding responses. Used by the gate
 * (over gRPC) and by the tests (in-process against @pulumi/policy's own handlers), so both send
 * byte-for-byte the same requests.
 *
 * The protobuf classes are loaded through @pulumi/pulumi's own resolution so that the Struct class
 * is the same google-protobuf instance the generated messages check against.
 */
import * as path from "path";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const load = (m: string): any => require(require.resolve(m, { paths: [pulumiDir] }));

export const analyzerpb: any = load("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerGrpc: any = load("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const enginepb: any = load("@pulumi/pulumi/proto/engine_pb");
export const engineGrpc: any = load("@pulumi/pulumi/proto/engine_grpc_pb");
export const { Struct } = load("google-protobuf/google/protobuf/struct_pb");
export const { Empty } = load("google-protobuf/google/protobuf/empty_pb");

/** Wire sentinels, as in @pulumi/pulumi/runtime/rpc. */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** What the engine sends for a value that is not known until the update (a computed string). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const secret = (value: unknown) => ({ [SPECIAL_SIG_KEY]: SECRET_SIG, value });
export const isSecretValue = (v: any): boolean => !!v && typeof v === "object" && v[SPECIAL_SIG_KEY] === SECRET_SIG;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVEL_BY_NUMBER: Record<number, EnforcementLevel> = Object.fromEntries(
    Object.entries(analyzerpb.EnforcementLevel as Record<string, number>).map(([k, v]) => [v, k.toLowerCase() as EnforcementLevel]),
);
const NUMBER_BY_LEVEL: Record<string, number> = Object.fromEntries(Object.entries(LEVEL_BY_NUMBER).map(([n, l]) => [l, +n]));

export interface ResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
}

export interface ProviderRef {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
}

/** A resource as the engine describes it to analyzers. `props` are in wire form (secret/unknown sentinels kept). */
export interface AnalyzerInput {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    parent?: string;
    provider?: ProviderRef;
    options?: ResourceOptions;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** Struct.fromJavaScript throws on `undefined`; the engine drops such properties, and so do we. */
export function dropUndefined(v: unknown): unknown {
    if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : dropUndefined(e)));
    if (v && typeof v === "object") {
        const o: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) if (e !== undefined) o[k] = dropUndefined(e);
        return o;
    }
    return v;
}

export const toStruct = (props: unknown) => Struct.fromJavaScript(dropUndefined(props ?? {}));

function options(o: ResourceOptions = {}, parent?: string): any {
    const opts = new analyzerpb.AnalyzerResourceOptions();
    opts.setProtect(!!o.protect);
    opts.setIgnorechangesList(o.ignoreChanges ?? []);
    if (o.deleteBeforeReplace !== undefined) {
        opts.setDeletebeforereplace(o.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(true);
    }
    opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs ?? []);
    opts.setAliasesList(o.aliases ?? []);
    if (parent) opts.setParent(parent);
    return opts;
}

function provider(p?: ProviderRef): any {
    if (!p) return undefined;
    const pr = new analyzerpb.AnalyzerProviderResource();
    pr.setType(p.type);
    pr.setUrn(p.urn);
    pr.setName(p.name);
    pr.setProperties(toStruct(p.props));
    return pr;
}

/**
 * The fields AnalyzeRequest and AnalyzerResource share. Options must be set: @pulumi/policy refuses
 * requests without them ("A more recent version of the Pulumi CLI is required").
 */
function withResource<M>(m: M & Record<string, any>, r: AnalyzerInput): M {
    m.setType(r.type);
    m.setUrn(r.urn);
    m.setName(r.name);
    m.setProperties(toStruct(r.props));
    m.setOptions(options(r.options, r.parent));
    const p = provider(r.provider);
    if (p) m.setProvider(p);
    return m;
}

export function analyzeRequest(r: AnalyzerInput): any {
    return withResource(new analyzerpb.AnalyzeRequest(), r);
}

export function analyzerResource(r: AnalyzerInput): any {
    const m = withResource(new analyzerpb.AnalyzerResource(), r);
    if (r.parent) m.setParent(r.parent); // AnalyzeStack links parents through this field
    m.setDependenciesList(r.dependencies ?? []);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const d = new analyzerpb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        m.getPropertydependenciesMap().set(k, d);
    }
    return m;
}

export function analyzeStackRequest(resources: AnalyzerInput[]): any {
    const m = new analyzerpb.AnalyzeStackRequest();
    m.setResourcesList(resources.map(analyzerResource));
    return m;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    /** Empty for resource policies (the request's URN is meant); set by stack policies. */
    urn: string;
    description: string;
    severity: number;
}

/** A diagnostic's severity by name, or undefined when the pack left it unspecified. */
export const severityName = (n: number): Severity | undefined => SEVERITY_BY_NUMBER[n];

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: { policyName: string; reason: string }[];
}

export function decodeAnalyzeResponse(resp: any): AnalyzeResult {
    return {
        diagnostics: resp.getDiagnosticsList().map((d: any) => ({
            policyName: d.getPolicyname(),
            policyPackName: d.getPolicypackname(),
            policyPackVersion: d.getPolicypackversion(),
            enforcementLevel: LEVEL_BY_NUMBER[d.getEnforcementlevel()] ?? "advisory",
            message: d.getMessage(),
            urn: d.getUrn(),
            description: d.getDescription(),
            severity: typeof d.getSeverity === "function" ? d.getSeverity() : 0,
        })),
        notApplicable: (resp.getNotApplicableList?.() ?? []).map((n: any) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

/** Policy severities by wire number; `unspecified` (0) is left out of reports. */
export type Severity = "low" | "medium" | "high" | "critical";
const SEVERITY_BY_NUMBER: Record<number, Severity | undefined> = { 1: "low", 2: "medium", 3: "high", 4: "critical" };

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    configSchema?: { properties?: Record<string, any>; required?: string[] };
    remediationSteps?: string;
    severity?: Severity;
    /** The primary compliance framework item (`OWASP Non-Human Identities Top 10` 2025 `NHI1`). */
    framework?: { name: string; version: string; reference: string; specification: string };
    /** Further mappings and labels (`owasp-asi:ASI03`, `nist-csf:PR.AA-05`). */
    tags?: string[];
    url?: string;
}

export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
    initialConfig: Record<string, { enforcementLevel?: EnforcementLevel; [k: string]: unknown }>;
}

function decodeFramework(f: any): PolicyInfo["framework"] {
    if (!f || !f.getName()) return undefined;
    return { name: f.getName(), version: f.getVersion(), reference: f.getReference(), specification: f.getSpecification() };
}

export function decodeAnalyzerInfo(info: any): AnalyzerInfo {
    const initialConfig: AnalyzerInfo["initialConfig"] = {};
    info.getInitialconfigMap().forEach((v: any, k: string) => {
        initialConfig[k] = { enforcementLevel: LEVEL_BY_NUMBER[v.getEnforcementlevel()], ...(v.getProperties()?.toJavaScript() ?? {}) };
    });
    return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p: any) => ({
            name: p.getName(),
            displayName: p.getDisplayname(),
            description: p.getDescription(),
            enforcementLevel: LEVEL_BY_NUMBER[p.getEnforcementlevel()] ?? "advisory",
            message: p.getMessage(),
            configSchema: p.getConfigschema()
                ? { properties: p.getConfigschema().getProperties()?.toJavaScript(), required: p.getConfigschema().getRequiredList() }
                : undefined,
            remediationSteps: p.getRemediationSteps?.() || undefined,
            severity: SEVERITY_BY_NUMBER[p.getSeverity?.() ?? 0],
            framework: decodeFramework(p.getFramework?.()),
            tags: p.getTagsList?.()?.length ? [...p.getTagsList()] : undefined,
            url: p.getUrl?.() || undefined,
        })),
        initialConfig,
    };
}

/** User policy config in `--policy-pack-config` form: `{ "all": "mandatory", "<policy>": "advisory" | { enforcementLevel, ...props } }`. */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/**
 * What the CLI sends after GetAnalyzerInfo: for every policy, its own level, then the pack's
 * initial config, then the user's (`all` first, then the policy's own entry), and the properties
 * that come with them.
 */
export function configureRequest(info: AnalyzerInfo, user: PolicyPackConfig = {}): any {
    const req = new analyzerpb.ConfigureAnalyzerRequest();
    const norm = (v: unknown): Record<string, unknown> => (typeof v === "string" ? { enforcementLevel: v } : v && typeof v === "object" ? (v as Record<string, unknown>) : {});
    for (const p of info.policies) {
        const merged: Record<string, unknown> = {
            enforcementLevel: p.enforcementLevel,
            ...norm(info.initialConfig.all),
            ...norm(info.initialConfig[p.name]),
            ...norm(user.all),
            ...norm(user[p.name]),
        };
        const { enforcementLevel, ...props } = merged;
        // Defaults from the policy's JSON schema, as the CLI fills them in before Configure.
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if (props[k] === undefined && s && typeof s === "object" && "default" in s) props[k] = (s as any).default;
        }
        const pc = new analyzerpb.PolicyConfig();
        pc.setEnforcementlevel(NUMBER_BY_LEVEL[String(enforcementLevel)] ?? NUMBER_BY_LEVEL.advisory);
        pc.setProperties(toStruct(props));
        req.getPolicyconfigMap().set(p.name, pc);
    }
    return req;
}

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`). One run; one rule per
 * policy of every pack (from GetAnalyzerInfo, so rules exist for policies that found nothing);
 * one result per violation, and per check that could not run at preview (a note, or an error with
 * `--strict`), and per resource whose contents were not analysed (a warning under a rule of the
 * gate's own, an error with `--strict`). A preview finding is located at the line of the user's
 * program that makes the resource (see `ResourceLocation`; a component child's own declaration is
 * a related location), else at the program's main file (preview) or the export file (audit); URIs
 * are relative to the repository root, as code scanning resolves them. The resource's URN is the
 * logical location, and the fingerprint is policy and URN, so an alert keeps its identity across
 * runs and across edits that move its line.
 */
import { createHash } from "crypto";
import type { Reporter, RenderOptions } from "./formats";
import type { PolicyInfo } from "../analyzer/protocol";
import { Report, ResourceLocation, SourceLocation, restsOnText } from "./model";
import { escapeControl } from "./escape";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const GATE_VERSION: string = require("../../package.json").version;
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Where users find the tool: its package page (the package is published as `nhi-guard`). */
export const INFORMATION_URI = "https://www.npmjs.com/package/nhi-guard";

type Level = "error" | "warning" | "note" | "none";
const LEVEL: Record<string, Level> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "none" };
/** GitHub ranks security alerts by `security-severity` (0-10); these are its own bands' midpoints. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

const fingerprint = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex");

interface RuleRef {
    id: string;
    index: number;
}

/** The gate's own rule for resources it could not analyse; after the packs' rules, so their indices do not move. */
export const NOT_ANALYSED_RULE = "nhi-guard/not-analysed";

function notAnalysedRule(): object {
    const text =
        "Lists resources whose contents the offline gate could not analyse: multi-language components (such as awsx >= 1 or eks >= 3) whose children their provider creates during the deployment.";
    return {
        id: NOT_ANALYSED_RULE,
        name: NOT_ANALYSED_RULE,
        shortDescription: { text: "Resource not analysed by the offline gate" },
        fullDescription: { text },
        help: {
            text: "Run the packs under the real engine (`pulumi preview --policy-pack`) for these resources, or declare the identities they create with resources the gate can expand. `--strict` fails on them.",
        },
        defaultConfiguration: { level: "warning" },
        properties: { tags: ["security"], precision: "high" },
    };
}

/** The gate's own rule for access changes against the deployed stack (`preview --baseline`): notes for the reviewer. */
export const ACCESS_CHANGE_RULE = "nhi-guard/access-change";

function accessChangeRule(): object {
    return {
        id: ACCESS_CHANGE_RULE,
        name: ACCESS_CHANGE_RULE,
        shortDescription: { text: "Access change compared with the deployed stack" },
        fullDescription: {
            text: "Lists what the change does to an identity's access compared with the deployed stack: a new or removed identity, a new or widened grant, declared access raised, a new credential or secret, an expiry pushed out, a trust widened.",
        },
        help: { text: "Review the change. The kinds the `nhi-approved-drift` policy's `approvalRequiredFor` names fail until an approval is recorded in its `driftApprovals`." },
        defaultConfiguration: { level: "note" },
        properties: { tags: ["security"], precision: "high" },
    };
}

function rules(report: Report): { rules: object[]; ref: (pack: string, policy: string) => RuleRef | undefined } {
    const all = report.packInfos.flatMap((pack) => pack.policies.map((p) => ({ pack: pack.name, p })));
    const names = all.map((r) => r.p.name);
    // A policy's name is its rule id unless two packs share it.
    const idOf = (pack: string, name: string) => (names.filter((n) => n === name).length > 1 ? `${pack}/${name}` : name);
    const out = all.map(({ pack, p }) => rule(idOf(pack, p.name), pack, p));
    if (report.notAnalysed.length) out.push(notAnalysedRule());
    const index = new Map(all.map(({ pack, p }, i) => [`${pack}\u0000${p.name}`, { id: idOf(pack, p.name), index: i }]));
    return { rules: out, ref: (pack, policy) => index.get(`${pack}\u0000${policy}`) };
}

function rule(id: string, pack: string, p: PolicyInfo): object {
    const mappings = [...(p.framework ? [`${frameworkSlug(p.framework.name)}:${p.framework.reference}`] : []), ...(p.tags ?? [])];
    const framework = p.framework ? ` Maps to ${p.framework.name} ${p.framework.version} ${p.framework.reference} (${p.framework.specification}).` : "";
    return {
        id,
        name: id,
        shortDescription: { text: escapeControl(p.description || p.name) },
        fullDescription: { text: escapeControl(`${p.description}${framework}`.trim() || p.name) },
        help: { text: escapeControl(p.remediationSteps ?? p.description ?? p.name) },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: LEVEL[p.enforcementLevel] ?? "warning" },
        properties: {
            tags: ["security", ...new Set(mappings)],
            ...(p.severity ? { "security-severity": SECURITY_SEVERITY[p.severity], severity: p.severity } : {}),
            policyPack: pack,
            precision: "high",
        },
    };
}

/** `OWASP Non-Human Identities Top 10` -> `owasp-nhi`, the tag prefix the pack uses for its primary mapping. */
function frameworkSlug(name: string): string {
    return /non-human identities/i.test(name) ? "owasp-nhi" : name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A relative URI reference: each path segment percent-encoded (`#`, `?`, spaces), the slashes kept. */
const uriOf = (file: string) => file.split("/").map(encodeURIComponent).join("/");

const physical = (l: SourceLocation) => ({
    artifactLocation: { uri: uriOf(l.file) },
    region: { startLine: l.line, ...(l.column ? { startColumn: l.column } : {}) },
});

function location(report: Report, urn: string, at: ResourceLocation): object {
    const parts = urn.split("::");
    return {
        physicalLocation: at.location ? physical(at.location) : { artifactLocation: { uri: uriOf(report.source.file) }, region: { startLine: 1 } },
        logicalLocations: [{ fullyQualifiedName: escapeControl(urn), name: escapeControl(parts.slice(3).join("::")), kind: "resource" }],
    };
}

/** A component child's own declaration, shown beside the line that constructed the component. */
const related = (at: ResourceLocation) =>
    at.declaredAt ? { relatedLocations: [{ id: 1, physicalLocation: physical(at.declaredAt), message: { text: "declared here, inside the component" } }] } : {};

export function renderSarif(report: Report, opts: RenderOptions): string {
    const { rules: ruleList, ref } = rules(report);
    const results: object[] = [];
    for (const v of report.violations) {
        const r = ref(v.policyPack, v.policy);
        results.push({
            ruleId: r?.id ?? v.policy,
            ...(r ? { ruleIndex: r.index } : {}),
            level: LEVEL[v.enforcementLevel],
            message: { text: escapeControl(v.restsOn ? `${v.message}\n(${restsOnText(v.restsOn)})` : v.message) },
            locations: [location(report, v.urn, v)],
            ...related(v),
            partialFingerprints: { "nhiGuardFinding/v1": fingerprint(v.policyPack, v.policy, v.urn) },
            properties: { urn: escapeControl(v.urn), enforcementLevel: v.enforcementLevel, policyPack: v.policyPack, ...(v.restsOn ? { restsOn: v.restsOn.map(escapeControl) } : {}) },
        });
    }
    for (const u of report.unverified) {
        const r = ref(u.policyPack, u.policy);
        results.push({
            ruleId: r?.id ?? u.policy,
            ...(r ? { ruleIndex: r.index } : {}),
            level: opts.strict ? "error" : "note",
            message: { text: escapeControl(`Could not be verified at preview: ${u.reason}${u.restsOn ? ` (${restsOnText(u.restsOn)})` : ""}`) },
            locations: [location(report, u.urn, u)],
            ...related(u),
            partialFingerprints: { "nhiGuardFinding/v1": fingerprint(u.policyPack, u.policy, u.urn, "unverified") },
            properties: { urn: escapeControl(u.urn), enforcementLevel: "unverified", policyPack: u.policyPack, ...(u.restsOn ? { restsOn: u.restsOn.map(escapeControl) } : {}) },
        });
    }
    const notAnalysedIndex = ruleList.length - 1;
    for (const n of report.notAnalysed) {
        results.push({
            ruleId: NOT_ANALYSED_RULE,
            ruleIndex: notAnalysedIndex,
            level: opts.strict ? "error" : "warning",
            message: { text: escapeControl(`${n.type} "${n.name}" was not analysed: ${n.reason}`) },
            locations: [location(report, n.urn, n)],
            partialFingerprints: { "nhiGuardFinding/v1": fingerprint("nhi-guard", NOT_ANALYSED_RULE, n.urn) },
            properties: { urn: escapeControl(n.urn), enforcementLevel: "not-analysed", type: escapeControl(n.type) },
        });
    }
    if (report.changes?.length) {
        // After every other rule, so the packs' and not-analysed indices do not move.
        ruleList.push(accessChangeRule());
        const index = ruleList.length - 1;
        for (const ch of report.changes) {
            results.push({
                ruleId: ACCESS_CHANGE_RULE,
                ruleIndex: index,
                level: "note",
                message: { text: escapeControl(`${ch.kind}: ${ch.name}: ${ch.summary}`) },
                locations: [location(report, ch.urn ?? ch.identity, ch)],
                partialFingerprints: { "nhiGuardFinding/v1": fingerprint("nhi-guard", ACCESS_CHANGE_RULE, ch.kind, ch.identity) },
                properties: { identity: escapeControl(ch.identity), kind: ch.kind, tool: ch.tool === null ? null : escapeControl(ch.tool) },
            });
        }
    }
    const sarif = {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "nhi-guard", version: GATE_VERSION, semanticVersion: GATE_VERSION, informationUri: INFORMATION_URI, rules: ruleList } },
                // One category per stack, so code scanning keeps each stack's alerts apart.
                automationDetails: { id: `nhi-guard/${report.project}/${report.stack}/` },
                invocations: [
                    {
                        executionSuccessful: true,
                        toolExecutionNotifications: report.notes.map((n) => ({ level: "warning", message: { text: escapeControl(n) } })),
                    },
                ],
                results,
                properties: {
                    command: report.command,
                    stack: report.stack,
                    project: report.project,
                    policyPacks: report.policyPacks,
                    counts: report.counts,
                    exemptions: report.exemptions,
                },
            },
        ],
    };
    return JSON.stringify(sarif, null, 2) + "\n";
}

export const sarifReporter: Reporter = {
    name: "sarif",
    summary: "SARIF 2.1.0 for GitHub code scanning (upload-sarif)",
    render: renderSarif,
};

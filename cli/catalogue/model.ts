/**
 * The policy catalogue, read from the served pack's GetAnalyzerInfo: @pulumi/policy puts every
 * policy's description, level, severity, framework, tags, remediation and config schema on the
 * wire, so the catalogue describes any CrossGuard pack (`--policy-pack`) exactly as the Pulumi CLI
 * and Pulumi Cloud see it, without importing the pack's modules.
 */
import type { AnalyzerInfo } from "../analyzer/protocol";

export interface CatalogueConfigKey {
    key: string;
    type: string;
    /** JSON text of the default, or null when the schema gives none. */
    default: string | null;
    description: string;
}

export interface CataloguePolicy {
    policyPack: string;
    policyPackVersion: string;
    name: string;
    description: string;
    enforcementLevel: string;
    severity: string | null;
    /** The primary framework item, e.g. `OWASP Non-Human Identities Top 10 2025 NHI1 (Improper Offboarding)`. */
    framework: { name: string; version: string; reference: string; specification: string } | null;
    /** Every framework mapping as `<framework>:<id>` tags (`owasp-nhi:NHI1`, `nist-csf:PR.AA-05`). */
    mappings: string[];
    /** Tags that are not framework mappings. */
    tags: string[];
    remediation: string | null;
    url: string | null;
    config: CatalogueConfigKey[];
}

export interface Catalogue {
    version: 1;
    command: "policies";
    policyPacks: { name: string; version: string; policies: number }[];
    policies: CataloguePolicy[];
}

export function buildCatalogue(infos: AnalyzerInfo[]): Catalogue {
    const policies: CataloguePolicy[] = [];
    for (const info of infos) {
        for (const p of info.policies) {
            const tags = p.tags ?? [];
            policies.push({
                policyPack: info.name,
                policyPackVersion: info.version,
                name: p.name,
                description: p.description,
                enforcementLevel: p.enforcementLevel,
                severity: p.severity ?? null,
                framework: p.framework ?? null,
                mappings: tags.filter((t) => t.includes(":")),
                tags: tags.filter((t) => !t.includes(":")),
                remediation: p.remediationSteps ?? null,
                url: p.url ?? null,
                config: Object.entries(p.configSchema?.properties ?? {}).map(([key, s]: [string, any]) => ({
                    key,
                    type: schemaType(s),
                    default: s && typeof s === "object" && "default" in s ? JSON.stringify(s.default) : null,
                    description: typeof s?.description === "string" ? s.description : "",
                })),
            });
        }
    }
    return { version: 1, command: "policies", policyPacks: infos.map((i) => ({ name: i.name, version: i.version, policies: i.policies.length })), policies };
}

function schemaType(s: any): string {
    if (!s || typeof s !== "object") return "any";
    if (Array.isArray(s.enum)) return s.enum.map((e: unknown) => JSON.stringify(e)).join(" or ");
    const t = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
    if (t === "integer" || t === "number") {
        const range = [s.minimum, s.maximum].every((n) => typeof n === "number") ? ` ${s.minimum}–${s.maximum}` : "";
        return `${t}${range}`;
    }
    if (t === "array" && s.items?.type) return `array of ${s.items.type}`;
    return t;
}

/** `OWASP Non-Human Identities Top 10 2025 NHI1 (Improper Offboarding)`. */
export function frameworkText(f: CataloguePolicy["framework"]): string {
    if (!f) return "";
    return `${f.name}${f.version ? ` ${f.version}` : ""} ${f.reference}${f.specification ? ` (${f.specification})` : ""}`;
}

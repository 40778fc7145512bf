/**
 * `nhi-guard baseline`: adopting the pack in an estate that already has standing, ownerless NHIs.
 * Every mandatory finding that exists today becomes one exemption (policy, URN, reason, approver,
 * expiry), written as policy config that `pulumi preview --policy-pack-config` and the gate's
 * `--config` both read. Exemptions name exact URNs, never patterns: a new resource, or an existing
 * one under a new name, is held to every policy from the first run on. They expire (90 days by
 * default), so the baseline is a deadline, not a permanent waiver.
 */
import type { AnalyzerInfo, PolicyPackConfig } from "../analyzer/protocol";
import type { Report } from "../report/model";

export const DEFAULT_BASELINE_DAYS = 90;
/** A year: longer than the pack's own default lifetime for an NHI would outlive what it exempts. */
export const MAX_BASELINE_DAYS = 365;
/** The exemption list's key in a policy's config (the nhi-guard pack's `exemptions`). */
const EXEMPTIONS = "exemptions";
/** The pack refuses longer `resource` patterns (policy-packs/nhi-guard/src/glob.ts). */
const MAX_RESOURCE_LENGTH = 1024;

export interface BaselineOptions {
    approvedBy: string;
    expires: Date;
    reason: string;
}

export interface BaselineEntry {
    policy: string;
    resource: string;
    reason: string;
    approvedBy: string;
    expires: string;
}

export interface BaselineResult {
    config: PolicyPackConfig;
    added: BaselineEntry[];
    /** Findings already covered by an exemption in force in the existing config (nothing to add). */
    alreadyExempt: number;
    /** Findings whose exemption has expired: renewing it is a decision for a person, not for baseline. */
    expired: { policy: string; urn: string }[];
    /** Findings baseline cannot exempt, with why (a policy without exemptions, a URN a pattern would widen). */
    skipped: { policy: string; urn: string; why: string }[];
}

export function expiryDate(now: Date, days: number): string {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
    return d.toISOString().slice(0, 10);
}

export function defaultReason(now: Date): string {
    return `Existed before nhi-guard was adopted (baseline of ${now.toISOString().slice(0, 10)}); fix before the exemption expires`;
}

const settingsOf = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * Where a new exemption for `policy` takes effect. A policy's settings are merged over `all`'s key
 * by key (as the Pulumi CLI does), so a policy's own `exemptions` list replaces the one under
 * `all`: the entry goes to the policy's own list if it has one, else to `all`'s if that exists
 * (with `policy` naming it), else to a new list of the policy's own.
 */
function listFor(config: PolicyPackConfig, policy: string): unknown[] {
    const own = settingsOf(config[policy]);
    if (Array.isArray(own?.[EXEMPTIONS])) return own![EXEMPTIONS] as unknown[];
    const all = settingsOf(config.all);
    if (Array.isArray(all?.[EXEMPTIONS])) return all![EXEMPTIONS] as unknown[];
    const current = config[policy];
    const settings: Record<string, unknown> = typeof current === "string" ? { enforcementLevel: current } : (own ?? {});
    settings[EXEMPTIONS] = [];
    config[policy] = settings as PolicyPackConfig[string];
    return settings[EXEMPTIONS] as unknown[];
}

/** Policies that take an exemption list in their config schema, by name. */
function exemptablePolicies(infos: AnalyzerInfo[]): Set<string> {
    const names = new Set<string>();
    for (const info of infos) for (const p of info.policies) if (p.configSchema?.properties?.[EXEMPTIONS]?.type === "array") names.add(p.name);
    return names;
}

/**
 * The existing config with one exemption added under each violating policy per resource. Other
 * settings, levels and exemptions are kept as they are; a policy given as a bare level
 * (`"advisory"`) becomes `{ "enforcementLevel": "advisory", "exemptions": [...] }`.
 */
export function buildBaseline(report: Report, existing: PolicyPackConfig, opts: BaselineOptions): BaselineResult {
    const exemptable = exemptablePolicies(report.packInfos);
    const config: PolicyPackConfig = JSON.parse(JSON.stringify(existing));
    const key = (policy: string, urn: string) => `${policy}\u0000${urn}`;
    const expiredKeys = new Set(report.exemptions.expired.map((e) => key(e.policy, e.urn)));
    const seen = new Set<string>();
    const result: BaselineResult = { config, added: [], alreadyExempt: report.exemptions.applied.length, expired: [], skipped: [] };
    const expires = opts.expires.toISOString().slice(0, 10);

    for (const v of report.violations) {
        if (v.enforcementLevel !== "mandatory") continue;
        const k = key(v.policy, v.urn);
        if (seen.has(k)) continue;
        seen.add(k);
        if (expiredKeys.has(k)) {
            result.expired.push({ policy: v.policy, urn: v.urn });
            continue;
        }
        if (!exemptable.has(v.policy)) {
            result.skipped.push({ policy: v.policy, urn: v.urn, why: "the policy takes no exemptions: fix the finding or set its enforcement level" });
            continue;
        }
        if (v.urn.includes("*") || v.urn.length > MAX_RESOURCE_LENGTH) {
            result.skipped.push({ policy: v.policy, urn: v.urn, why: "the URN cannot be named exactly in an exemption: write one by hand" });
            continue;
        }
        const entry: BaselineEntry = { policy: v.policy, resource: v.urn, reason: opts.reason, approvedBy: opts.approvedBy, expires };
        listFor(config, v.policy).push(entry);
        result.added.push(entry);
    }
    return result;
}

/** The policy that compares a stack with the capability baseline (policy-packs/nhi-guard/src/policies/nhi-approved-drift.ts). */
export const DRIFT_POLICY = "nhi-approved-drift";

/**
 * `baseline --capabilities`: the existing config with `nhi-approved-drift.capabilityBaseline` set to
 * what each identity of the deployed stack can do. Everything else is kept: levels, exemptions,
 * gated kinds and recorded approvals (approvals of changes now deployed simply match nothing).
 */
export function buildCapabilityBaseline(existing: PolicyPackConfig, baseline: object): PolicyPackConfig {
    const config: PolicyPackConfig = JSON.parse(JSON.stringify(existing));
    const current = config[DRIFT_POLICY];
    const settings: Record<string, unknown> = typeof current === "string" ? { enforcementLevel: current } : (settingsOf(current) ?? {});
    settings.capabilityBaseline = baseline;
    config[DRIFT_POLICY] = settings as PolicyPackConfig[string];
    return config;
}

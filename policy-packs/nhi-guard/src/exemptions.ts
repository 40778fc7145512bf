/**
 * Exemptions: a named, reasoned, approved and dated exception to one policy for some resources.
 * An applied exemption does not hide the finding: it turns it into an advisory `Exempted:` line, so
 * the gate's report lists every exception in force. An expired one stops applying and says so; an
 * invalid one never applies. As in cdk-nag, the reason has to say something (10 characters at least).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { formatInstant, parseContractDate } from "../../../contract/dates";
import { MAX_PATTERN_LENGTH, matchesResource } from "./glob";
import { oneLine } from "./redact";

export const MIN_REASON_LENGTH = 10;

/** Prefixes of the advisory diagnostics the gate parses. */
export const EXEMPTED_PREFIX = "Exempted:";
export const EXEMPTION_EXPIRED_PREFIX = "Exemption expired:";
export const EXEMPTION_INVALID_PREFIX = "Exemption invalid:";

export const EXEMPTIONS_SCHEMA: PolicyConfigSchema["properties"][string] = {
    type: "array",
    default: [],
    description:
        "Approved exceptions. Each applied exemption is still reported as an advisory `Exempted:` diagnostic; an expired one stops applying and is reported as `Exemption expired:`.",
    items: {
        type: "object",
        required: ["resource", "reason", "approvedBy", "expires"],
        properties: {
            resource: { type: "string", description: "The resource: a URN (starts with `urn:`) or a resource name; `*` and `?` are wildcards." },
            reason: { type: "string", minLength: MIN_REASON_LENGTH, description: `Why the exception is acceptable, at least ${MIN_REASON_LENGTH} characters.` },
            approvedBy: { type: "string", minLength: 1, description: "Who approved it (a person or team)." },
            expires: { type: "string", description: "When it stops applying: UTC `YYYY-MM-DD` (the start of that day) or `YYYY-MM-DDTHH:MM:SSZ`." },
            policy: { type: "string", description: "The policy it applies to; needed when the exemption is given under `all`." },
        },
    },
};

export interface Exemption {
    /** Position in the config list, for messages: `exemptions[2]`. */
    index: number;
    resource: string;
    reason: string;
    approvedBy: string;
    expires: Date;
    policy?: string;
}

export interface InvalidExemption {
    index: number;
    /** The resource pattern when it is usable, so the problem is reported where it was meant to apply. */
    resource?: string;
    problems: string[];
}

export interface ExemptionSet {
    valid: Exemption[];
    invalid: InvalidExemption[];
}

function text(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * Validates the raw entries for one policy. Entries naming another policy are dropped (the same
 * list reaches every policy when given under `all`); `knownPolicies` catches a misspelt name.
 */
export function readExemptions(raw: readonly unknown[], policyName: string, knownPolicies: ReadonlySet<string>): ExemptionSet {
    const valid: Exemption[] = [];
    const invalid: InvalidExemption[] = [];
    raw.forEach((entry, index) => {
        const at = `exemptions[${index}]`;
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
            invalid.push({ index, problems: [`\`${at}\` must be an object with \`resource\`, \`reason\`, \`approvedBy\` and \`expires\``] });
            return;
        }
        const e = entry as Record<string, unknown>;
        const policy = text(e.policy);
        if (e.policy !== undefined && !policy) {
            invalid.push({ index, problems: [`\`${at}.policy\` must name a policy of the pack`] });
            return;
        }
        if (policy && policy !== policyName) {
            if (!knownPolicies.has(policy)) invalid.push({ index, problems: [`\`${at}.policy\` names no policy of this pack; use one of the names \`nhi-guard policies\` lists`] });
            return;
        }
        const problems: string[] = [];
        let resource = text(e.resource);
        if (!resource) problems.push(`\`${at}.resource\` is required: give a URN or a resource name (\`*\` and \`?\` match)`);
        else if (resource.length > MAX_PATTERN_LENGTH) {
            problems.push(`\`${at}.resource\` is longer than ${MAX_PATTERN_LENGTH} characters; name the resource more precisely`);
            resource = undefined;
        } else if (/^\*+$/.test(resource)) {
            // An exemption for everything is disabling the policy: that is the enforcement level's job.
            problems.push(`\`${at}.resource\` matches every resource; name the resources, or set the policy's enforcement level instead`);
        }
        const reason = text(e.reason);
        if (!reason || reason.length < MIN_REASON_LENGTH) problems.push(`\`${at}.reason\` must say why in at least ${MIN_REASON_LENGTH} characters`);
        const approvedBy = text(e.approvedBy);
        if (!approvedBy) problems.push(`\`${at}.approvedBy\` is required: name who approved the exception`);
        const expires = parseContractDate(typeof e.expires === "string" ? e.expires.trim() : e.expires);
        if (!expires) problems.push(`\`${at}.expires\` must be a UTC date \`YYYY-MM-DD\` or date-time \`YYYY-MM-DDTHH:MM:SSZ\``);
        if (problems.length) invalid.push({ index, resource, problems });
        else valid.push({ index, resource: resource!, reason: reason!, approvedBy: approvedBy!, expires: expires!, policy });
    });
    return { valid, invalid };
}

export type ExemptionOutcome =
    | { applied: Exemption; notes: string[] }
    | { applied: undefined; notes: string[] };

/**
 * What the exemptions say about one finding on one resource: the exemption that applies (if any)
 * and the advisory notes to add (expired or invalid exemptions meant for this resource).
 */
export function decide(set: ExemptionSet, urn: string, name: string, now: Date): ExemptionOutcome {
    const notes: string[] = [];
    let applied: Exemption | undefined;
    for (const e of set.valid) {
        if (!matchesResource(e.resource, urn, name)) continue;
        if (e.expires.getTime() > now.getTime()) applied ??= e;
        else notes.push(`${EXEMPTION_EXPIRED_PREFIX} \`exemptions[${e.index}]\` (${describe(e)}) ended ${formatInstant(e.expires)}; the finding stands. Fix the finding, or renew the exemption with a new approval.`);
    }
    if (applied) return { applied, notes: [] };
    for (const i of set.invalid) {
        if (i.resource !== undefined && !safeMatch(i.resource, urn, name)) continue;
        notes.push(`${EXEMPTION_INVALID_PREFIX} it does not apply: ${i.problems.join("; ")}.`);
    }
    return { applied: undefined, notes };
}

function safeMatch(pattern: string, urn: string, name: string): boolean {
    try {
        return matchesResource(pattern, urn, name);
    } catch {
        return true;
    }
}

function describe(e: Exemption): string {
    return `reason "${oneLine(e.reason)}", approved by ${oneLine(e.approvedBy, 100)}`;
}

/** The advisory line for an applied exemption: the finding, then who allowed it, why and until when. */
export function exemptedMessage(e: Exemption, finding: string): string {
    return `${EXEMPTED_PREFIX} ${finding} [\`exemptions[${e.index}]\`: ${describe(e)}, expires ${formatInstant(e.expires)}]`;
}

/**
 * What an nhi-guard policy is: metadata a compliance team can read (description, severity, framework
 * mappings, remediation, config) and checks written against resource facts and the stack index,
 * never against a cloud's type tokens, so a new cloud's readers feed every policy.
 */
import type { EnforcementLevel, Severity } from "@pulumi/policy";
import type { ResourceFacts } from "../../../contract/facts";
import type { OptionName, PolicyConfig } from "./config";
import type { FrameworkTag, OwaspNhiId } from "./frameworks";
import type { StackEntry, StackIndex } from "./stackIndex";

export interface ResourceCheck {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The inputs behind @pulumi/policy's proxy: reading a value unknown at preview throws. */
    readonly props: Record<string, any>;
    readonly config: PolicyConfig;
    readonly now: Date;
    /** The resource's facts (read once), or undefined for types outside the catalogue. */
    facts(): ResourceFacts | undefined;
    /** Whether the resource is an AI tool's (tool annotation or governing component), or config `scope` is `all`. */
    inScope(): boolean;
    /** Reports a finding on this resource: what is wrong and how to fix it. */
    report(message: string): void;
    /**
     * Reports, as an advisory the gate lists as unverified, that `what` (`the trust policy`) is
     * unknown at preview because of the inputs at `paths`; checks on known parts still report.
     */
    unverified(what: string, paths: readonly string[]): void;
}

export interface StackCheck {
    readonly index: StackIndex;
    readonly config: PolicyConfig;
    readonly now: Date;
    /** Whether the entry is an AI tool's, or config `scope` is `all`. */
    inScope(entry: StackEntry): boolean;
    /** Reports a finding on the resource with this URN. */
    report(urn: string, message: string): void;
    /**
     * Reports an entry whose facts could not be read (advisory when a value is unknown at preview,
     * a violation when its reader failed) and returns true; false when its facts are there.
     */
    unreadable(entry: StackEntry): boolean;
    /**
     * Reports, as an advisory the gate lists as unverified, what cannot be judged until a value is
     * known; `verify` replaces that ending when something other than a known value settles it
     * (another stack's export, an attestation).
     */
    unverified(entry: StackEntry, reason: string, verify?: string): void;
    /** `unverified` for a part of the entry's facts: `what` is unknown because of the inputs at `paths`. */
    unknown(entry: StackEntry, what: string, paths: readonly string[]): void;
}

export interface NhiPolicy {
    /** Stable: users name it in config and exemptions. */
    name: string;
    /** One sentence starting "Checks that". */
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** The primary OWASP NHI Top 10 item. */
    framework: OwaspNhiId;
    /** Other mappings: `owasp-asi:ASI03`, `nist-csf:PR.AA-05`, `nist-ai-rmf:GOVERN-1.6`. */
    tags: FrameworkTag[];
    remediationSteps: string;
    /** Config options the checks read; `exemptions` is always available. */
    options: OptionName[];
    validateResource?: (check: ResourceCheck) => void;
    validateStack?: (check: StackCheck) => void;
}

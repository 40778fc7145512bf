/**
 * The frameworks each policy maps to, with the exact IDs and titles of docs/frameworks.md (a copy
 * of the project's reference): compliance teams filter findings by these strings, so a typo is a
 * finding nobody sees. The metadata test checks every ID here against that file.
 */
import type { PolicyComplianceFramework } from "@pulumi/policy";

/** OWASP Non-Human Identities Top 10 (2025): the primary framework of every policy. */
export const OWASP_NHI = {
    NHI1: "Improper Offboarding",
    NHI2: "Secret Leakage",
    NHI3: "Vulnerable Third-Party NHI",
    NHI4: "Insecure Authentication",
    NHI5: "Overprivileged NHI",
    NHI6: "Insecure Cloud Deployment Configurations",
    NHI7: "Long-Lived Secrets",
    NHI8: "Environment Isolation",
    NHI9: "NHI Reuse",
    NHI10: "Human Use of NHI",
} as const;

export type OwaspNhiId = keyof typeof OWASP_NHI;

const OWASP_NHI_REFERENCE = "https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025/";

/** The secondary mappings, as `<framework>:<id>` tags. */
export const TAG_FRAMEWORKS = {
    /** OWASP Top 10 for Agentic Applications (2026). */
    "owasp-asi": ["ASI01", "ASI02", "ASI03", "ASI04", "ASI05", "ASI06", "ASI07", "ASI08", "ASI09", "ASI10"],
    /** NIST Cybersecurity Framework 2.0. */
    "nist-csf": ["PR.AA-01", "PR.AA-02", "PR.AA-03", "PR.AA-04", "PR.AA-05", "ID.AM-02", "ID.AM-04", "ID.AM-08", "GV.RR-02", "GV.SC-07"],
    /** NIST AI Risk Management Framework 1.0; the space of `GOVERN 1.6` becomes `-` so a tag stays one word. */
    "nist-ai-rmf": ["GOVERN-1.4", "GOVERN-1.5", "GOVERN-1.6", "GOVERN-1.7", "GOVERN-2.1", "GOVERN-3.2", "GOVERN-6.1", "MANAGE-2.4", "MANAGE-4.1"],
} as const;

type TagOf<F extends keyof typeof TAG_FRAMEWORKS> = `${F}:${(typeof TAG_FRAMEWORKS)[F][number]}`;
/** A framework tag such as `owasp-asi:ASI03`; the type refuses IDs that do not exist. */
export type FrameworkTag = TagOf<"owasp-asi"> | TagOf<"nist-csf"> | TagOf<"nist-ai-rmf">;

/** @pulumi/policy's framework record for an OWASP NHI item. */
export function owaspNhi(id: OwaspNhiId): PolicyComplianceFramework {
    return { name: "OWASP Non-Human Identities Top 10", version: "2025", reference: id, specification: OWASP_NHI[id] };
}

export { OWASP_NHI_REFERENCE };

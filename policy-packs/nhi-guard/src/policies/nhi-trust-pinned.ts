import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";

/** Trust that names a pattern instead of one subject lets any match act as the identity. */
export const trustPinned: NhiPolicy = {
    name: "nhi-trust-pinned",
    description: "Checks that the trust of every non-human identity names exactly one subject: no wildcard principal, no wildcard in an OIDC subject, an audience set, and a condition on every federation provider.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: "NHI6",
    tags: ["nist-csf:PR.AA-02", "nist-csf:PR.AA-04", "owasp-asi:ASI03"],
    remediationSteps:
        "Pin the trust to one subject: a GitHub OIDC `sub` of `repo:<owner>/<repo>:environment:<environment>` (or the immutable `repo:<owner>@<owner-id>/<repo>@<repo-id>:environment:<environment>` that repositories created or renamed since 2026-07-15 issue; STS's `repository_id` and `environment` claim keys pin it too) with the audience set (`sts.amazonaws.com`, or the provider's), a GCP provider `attributeCondition` naming the repository (or `assertion.repository_id`) and environment, one service principal, a Cognito identity pool by its `aud`. The nhi-guard components build it from `trust`.",
    options: [],
    validateResource: (check) => {
        const facts = check.facts();
        if (!facts || facts.identity?.cloudManaged) return;
        const trust = facts.trust ?? facts.identity?.trust;
        // Problems come from the known part only; what is unknown is listed, never judged.
        const unknown = unknownPaths(facts.unknown, "trust", trust?.unknown);
        for (const problem of trust?.problems ?? []) check.report(`${facts.label} "${check.name}" is not pinned to one subject: ${problem}`);
        if (unknown.length) check.unverified(trust ? "part of its trust" : "its trust", unknown);
    },
};

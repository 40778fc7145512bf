import { ownerProblem } from "../../../../contract/annotations";
import type { NhiPolicy } from "../policy";
import { annotationKey } from "./annotationKeys";
import { unknownPaths } from "../../../../contract/unknowns";

/** An identity nobody owns is never reviewed and never offboarded. */
export const ownerRequired: NhiPolicy = {
    name: "nhi-owner-required",
    description: "Checks that every non-human identity, and every credential that can carry annotations, names an accountable owner.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI1",
    tags: ["nist-csf:GV.RR-02", "nist-csf:ID.AM-08", "nist-ai-rmf:GOVERN-2.1", "nist-ai-rmf:GOVERN-1.6", "owasp-asi:ASI03"],
    remediationSteps:
        "Set the owner annotation to the accountable team slug (`platform-team`) or an e-mail address: the `nhi:owner` tag on AWS and Azure, the `nhi-owner` label or `owner=` in the description on GCP. The nhi-guard components set it from `owner`.",
    options: ["ownerPattern"],
    validateResource: (check) => {
        const facts = check.facts();
        if (!facts?.annotations || (facts.kind !== "identity" && facts.kind !== "credential")) return;
        const unknown = unknownPaths(facts.unknown, "owner");
        if (unknown.length) return check.unverified("its owner", unknown);
        const reading = facts.annotations;
        const where = annotationKey(reading, "owner");
        const what = `${facts.label} "${check.name}"`;
        const readProblems = reading.problems.filter((p) => p.field === "owner");
        for (const p of readProblems) check.report(`${what} has an unreadable owner: ${p.message}; set ${where} once, to a team slug or e-mail address`);
        if (readProblems.length) return;
        const problem = ownerProblem(reading.values.owner, check.config.ownerPattern);
        if (problem) check.report(`${what} has ${problem}; set ${where} to the accountable team slug (\`platform-team\`) or e-mail address`);
    },
};

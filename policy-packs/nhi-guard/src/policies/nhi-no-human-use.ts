import { describe } from "../grants";
import { trustByIdentity } from "../identityTrust";
import type { NhiPolicy } from "../policy";

/**
 * Principals that are people, or that any person in an account can become, as trust subjects
 * name them. Roles, service accounts, services and federated workloads are not listed: only
 * forms whose meaning is fixed by the cloud, so a name alone is never taken for a person.
 */
const HUMAN_PRINCIPALS: { test: RegExp; what: string }[] = [
    { test: /^arn:aws[a-z-]*:iam::\d{12}:user\//, what: "an IAM user" },
    // The account root and a bare account ID trust every principal of the account, people included.
    { test: /^(arn:aws[a-z-]*:iam::\d{12}:root|\d{12})$/, what: "the whole AWS account, its users and console sessions included" },
    // IAM Identity Center permission sets create `AWSReservedSSO_*` roles that people sign in to.
    { test: /^arn:aws[a-z-]*:(iam::\d{12}:role\/(aws-reserved\/sso\.amazonaws\.com\/([^/]+\/)?)?|sts::\d{12}:assumed-role\/)AWSReservedSSO_/, what: "an IAM Identity Center (SSO) role people sign in to" },
    { test: /^arn:aws[a-z-]*:sts::\d{12}:federated-user\//, what: "a federated user session" },
    { test: /^user:/, what: "a Google user" },
    { test: /^group:/, what: "a Google group of people" },
    { test: /^domain:/, what: "every user of a Google Workspace domain" },
];

function humanKind(subject: string): string | undefined {
    return HUMAN_PRINCIPALS.find((h) => h.test.test(subject))?.what;
}

/** An AI tool's identity a person can also act as: its actions are no longer the tool's alone. */
export const noHumanUse: NhiPolicy = {
    name: "nhi-no-human-use",
    description: "Checks that no person can act as an AI tool identity: its trust names no IAM user, account root, SSO role or federated user, and no Google user, group or domain may impersonate its service account.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI10",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-01", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-3.2"],
    remediationSteps:
        "Trust only the AI tool's workload (one GitHub environment's OIDC subject, one service principal) and remove people from the trust: no IAM user, account root or `AWSReservedSSO_*` role in an assume-role policy, no `user:`, `group:` or `domain:` member with `roles/iam.workloadIdentityUser` or `roles/iam.serviceAccountTokenCreator` on its service account. A person who needs the same access gets their own role, with their own audit trail.",
    options: ["scope"],

    validateStack: (check) => {
        for (const { identity, sources, unknown } of trustByIdentity(check.index, (e) => check.inScope(e))) {
            for (const { holder, trust } of sources) {
                for (const subject of trust.subjects) {
                    const what = humanKind(subject);
                    if (!what) continue;
                    const where = holder === identity ? "its trust policy" : describe(holder);
                    check.report(holder.urn, `AI tool identity ${describe(identity)} can be used by a person: ${where} names \`${subject}\`, ${what}; trust only the tool's workload and give people their own identity`);
                }
            }
            // Subjects unknown at preview may be people: unverified, never a finding.
            for (const u of unknown) check.unknown(u.entry, `whether a person can act as AI tool identity ${describe(identity)}`, u.paths);
        }
    },
};

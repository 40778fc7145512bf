import { DAY_MS, formatInstant } from "../../../../contract/dates";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";

/** A key that never expires is a key that leaks eventually; federation needs none. */
export const noLongLivedCredentials: NhiPolicy = {
    name: "nhi-no-long-lived-credentials",
    description: "Checks that no non-human identity gets a credential that never expires, and that credentials which can expire do so within the allowed lifetime.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: "NHI7",
    tags: ["nist-csf:PR.AA-01", "owasp-asi:ASI03", "nist-ai-rmf:MANAGE-2.4"],
    remediationSteps:
        "Replace static keys, service-account keys and login profiles with federated trust (GitHub OIDC, workload identity federation, managed identities). Where a credential is unavoidable, give it an end date within `maxCredentialDays` (default 90) and rotate it before then.",
    options: ["maxCredentialDays"],
    validateResource: (check) => {
        const facts = check.facts();
        const credential = facts?.credential;
        if (!facts || !credential) return;
        const what = `${credential.kind} "${check.name}"`;
        const max = check.config.maxCredentialDays;
        const unknown = unknownPaths(facts.unknown, "credential");
        if (unknown.length && !credential.longLived) return check.unverified("when it expires", unknown);
        if (credential.problem) {
            check.report(`${what} cannot be verified to expire: ${credential.problem}`);
            return;
        }
        // One finding per credential: an unrestricted key is the worse form of the same long-lived key.
        const unrestricted = credential.unrestricted ? `, and it is unrestricted (any API, any caller): ${credential.unrestricted}` : "";
        if (credential.longLived) {
            check.report(`${what} is a long-lived credential that never expires; use federated trust (OIDC or workload identity) instead of a static credential${unrestricted}`);
            return;
        }
        if (credential.lifetimeDays !== undefined && credential.lifetimeDays > max) {
            check.report(`${what} stays valid for ${credential.lifetimeDays} days, more than ${max}; set its lifetime to at most ${max} days and rotate it`);
        }
        if (credential.expiresAt) {
            const limit = check.now.getTime() + max * DAY_MS;
            if (credential.expiresAt.getTime() > limit) {
                check.report(`${what} expires at ${formatInstant(credential.expiresAt)}, more than ${max} days away; set its end date to ${formatInstant(new Date(limit))} or earlier and rotate it`);
            }
        } else if (credential.lifetimeDays === undefined) {
            check.report(`${what} sets no end date, so it never expires; set one within ${max} days and rotate it`);
        }
    },
};

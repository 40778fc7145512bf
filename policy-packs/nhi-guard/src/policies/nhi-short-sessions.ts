import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";

/** A stolen session token is only as dangerous as it is long. */
export const shortSessions: NhiPolicy = {
    name: "nhi-short-sessions",
    description: "Checks that sessions and tokens issued to an AI tool's identity last no longer than the allowed session length.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: "NHI7",
    tags: ["nist-csf:PR.AA-01", "owasp-asi:ASI03"],
    remediationSteps:
        "Lower the session length to at most `maxSessionSeconds` (default 3600): `maxSessionDuration` on an IAM role, `durationSeconds` on a Roles Anywhere profile, the token lifetime elsewhere. Tools re-authenticate through their federated trust when a session ends.",
    options: ["maxSessionSeconds", "scope"],
    validateResource: (check) => {
        if (!check.inScope()) return;
        const facts = check.facts();
        if (!facts) return;
        const unknown = unknownPaths(facts.unknown, "session");
        if (unknown.length) return check.unverified("its session length", unknown);
        // Only where the reader found a session setting (a key present but undefined means unreadable).
        const holder = facts.identity && "sessionSeconds" in facts.identity ? facts.identity : "sessionSeconds" in facts ? facts : undefined;
        if (!holder) return;
        const seconds = holder.sessionSeconds;
        const max = check.config.maxSessionSeconds;
        if (seconds === undefined) {
            check.report(`${facts.label} "${check.name}" has a session length that cannot be read; set it to a whole number of seconds, at most ${max}`);
            return;
        }
        if (seconds > max) check.report(`${facts.label} "${check.name}" allows sessions of ${seconds} s, more than ${max} s; lower it to ${max} s or less`);
    },
};

import { parseExpiry } from "../../../../contract/annotations";
import { DAY_MS, formatInstant } from "../../../../contract/dates";
import type { NhiPolicy } from "../policy";
import { annotationKey } from "./annotationKeys";
import { unknownPaths } from "../../../../contract/unknowns";

/** An identity without an end date outlives the reason it was made for. */
export const expiryRequired: NhiPolicy = {
    name: "nhi-expiry-required",
    description: "Checks that every non-human identity, and every credential that can carry annotations, has a valid expiry that is in the future and within the allowed lifetime.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI1",
    tags: ["nist-csf:ID.AM-08", "nist-ai-rmf:GOVERN-1.7", "nist-ai-rmf:MANAGE-2.4", "owasp-asi:ASI03"],
    remediationSteps:
        "Set the expiry annotation to a UTC date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:MM:SSZ` within `maxLifetimeDays` (default 365): the `nhi:expires-at` tag on AWS and Azure, the `nhi-expires-at` label or `expires-at=` in the description on GCP. Renew it (with a new review) when the tool still needs access.",
    options: ["maxLifetimeDays"],
    validateResource: (check) => {
        const facts = check.facts();
        if (!facts?.annotations || (facts.kind !== "identity" && facts.kind !== "credential")) return;
        const unknown = unknownPaths(facts.unknown, "expiry");
        if (unknown.length) return check.unverified("its expiry", unknown);
        const reading = facts.annotations;
        const where = annotationKey(reading, "expiresAt");
        const what = `${facts.label} "${check.name}"`;
        const max = check.config.maxLifetimeDays;
        const readProblems = reading.problems.filter((p) => p.field === "expiresAt");
        for (const p of readProblems) check.report(`${what} has an unreadable expiry: ${p.message}; set ${where} once, to a UTC date within ${max} days`);
        if (readProblems.length) return;
        const raw = reading.values.expiresAt;
        if (raw === undefined || raw === "") {
            check.report(`${what} has no expiry; set ${where} to a UTC date (\`YYYY-MM-DD\`) within ${max} days`);
            return;
        }
        const expiry = parseExpiry(raw);
        if (!expiry) {
            check.report(`${what} has an expiry that is not a UTC date (\`YYYY-MM-DD\` or \`YYYY-MM-DDTHH:MM:SSZ\`); fix ${where}`);
            return;
        }
        if (expiry.getTime() <= check.now.getTime()) {
            check.report(`${what} expired at ${formatInstant(expiry)}; remove it, or renew ${where} after a review`);
            return;
        }
        const limit = check.now.getTime() + max * DAY_MS;
        if (expiry.getTime() > limit) check.report(`${what} expires at ${formatInstant(expiry)}, more than ${max} days away; set ${where} to ${formatInstant(new Date(limit))} or earlier and renew it when still needed`);
    },
};

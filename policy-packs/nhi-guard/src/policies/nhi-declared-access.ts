import { isAccessLevel } from "../../../../contract/annotations";
import { dataSourcesSentence } from "../../../../contract/data/sources";
import { describe, effectiveEntries, grantHolders } from "../grants";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";
import type { StackEntry } from "../stackIndex";

/** The "benign assistant": declared read-only, reviewed as such, then quietly given write. */
export const declaredAccess: NhiPolicy = {
    name: "nhi-declared-access",
    description: "Checks that an identity declaring read access holds no write or administrative action or role, wherever the grant is made.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI5",
    tags: ["owasp-asi:ASI03", "owasp-asi:ASI02", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-1.6"],
    remediationSteps:
        "Remove the write actions or roles from the grants of a `read` identity, or change its declared access to `write` (a change reviewers see) if the tool really needs it. An action writes when AWS lists it at the Write, Permissions management or Tagging level (a wildcard when any action it covers does); a role writes unless it is proven read-only. " +
        dataSourcesSentence(),
    options: [],
    validateStack: (check) => {
        const { index } = check;
        const readOnly = new Set<StackEntry>();
        // Declared access unknown at preview: it may be `read`, so its write grants are unverified.
        const accessUnknown = new Map<StackEntry, string[]>();
        for (const identity of index.ofKind("identity")) {
            const unknown = unknownPaths(identity.facts?.unknown, "access");
            if (unknown.length) {
                accessUnknown.set(identity, unknown);
                continue;
            }
            const access = identity.facts?.annotations?.values.access;
            if (access === undefined) continue;
            if (!isAccessLevel(access)) {
                check.report(identity.urn, `${describe(identity)} declares access ${JSON.stringify(access.slice(0, 32))}, which is not \`read\`, \`write\` or \`admin\`, so what it may hold cannot be verified; fix its access annotation`);
                continue;
            }
            if (access.toLowerCase() === "read") readOnly.add(identity);
        }
        if (readOnly.size === 0 && accessUnknown.size === 0) return;
        for (const h of grantHolders(index)) {
            for (const i of h.identities) {
                const unknown = accessUnknown.get(i);
                if (!unknown) continue;
                const writing = effectiveEntries(index, h).filter(({ entry }) => entry.writes.length > 0);
                if (writing.length) check.unknown(h.holder, `whether ${describe(i)} may hold the write access of ${writing.map(({ entry }) => entry.label).join(", ")} (its declared access)`, unknown);
            }
            const readers = h.identities.filter((i) => readOnly.has(i));
            if (readers.length === 0) continue;
            const who = readers.map(describe).join(", ");
            if (h.grant.unknown) check.unknown(h.holder, `part of what it gives \`read\` identity ${who}`, h.grant.unknown);
            if (h.grant.unreadable) check.report(h.holder.urn, `${describe(h.holder)} cannot be read (${h.grant.unreadable}), so it cannot be shown to give \`read\` identity ${who} no write; fix the document`);
            for (const { entry, document } of effectiveEntries(index, h)) {
                if (entry.unknownPrivileges) check.unknown(h.holder, `part of the actions ${entry.label} gives \`read\` identity ${who}`, entry.unknownPrivileges);
                if (entry.writes.length === 0) continue;
                const from = document === h.holder ? "" : ` of ${describe(document)}`;
                const shown = entry.writes.slice(0, 5).map((w) => `\`${w}\``).join(", ") + (entry.writes.length > 5 ? ` and ${entry.writes.length - 5} more` : "");
                check.report(h.holder.urn, `${describe(h.holder)} gives ${who}, declared \`access=read\`, write access through ${entry.label}${from}: ${shown}; remove the write, or declare \`access=write\``);
            }
        }
        for (const g of index.ofKind("grant")) {
            if (!g.facts && index.dependenciesOfKind(g, "identity").some((i) => readOnly.has(i))) check.unreadable(g);
        }
    },
};

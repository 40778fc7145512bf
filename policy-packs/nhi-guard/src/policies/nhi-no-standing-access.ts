import { formatInstant } from "../../../../contract/dates";
import type { GrantEntry, GrantFacts } from "../../../../contract/facts";
import { describe, effectiveEntries, grantHolders, judgedByResourcePolicy, namesAttachedDocument, unreadableDocuments } from "../grants";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";
import { StackIndex, type StackEntry } from "../stackIndex";

function standing(what: string, entry: GrantEntry): string {
    const why = entry.endProblem ? ` (${entry.endProblem})` : "";
    return `${what}: ${entry.label} never ends${why}; give it an end by the identity's expiry (AWS \`DateLessThan\` on \`aws:CurrentTime\` or a dated permissions boundary, a GCP \`request.time <\` condition, an Azure \`expires-at\` annotation)`;
}

/** A grant that outlives its reason is the access nobody remembers to remove. */
export const noStandingAccess: NhiPolicy = {
    name: "nhi-no-standing-access",
    description: "Checks that every grant to an AI tool's identity ends by itself, no later than the identity's own expiry.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI5",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-1.7", "nist-ai-rmf:MANAGE-2.4"],
    remediationSteps:
        "Put an end date on every grant, no later than the identity's `expires-at`: a `DateLessThan` `aws:CurrentTime` condition on each AWS Allow statement (AWS-managed policies only under a permissions boundary that carries the same condition), a `request.time < timestamp(...)` condition on GCP bindings, an `expires-at=` annotation on Azure role assignments. The nhi-guard components do this for every declared grant.",
    options: ["scope"],

    // What one resource shows: entries of a grant inside an AI tool's component (or of an AI tool
    // identity's inline grants) that never end. Attached documents and boundaries are judged in the stack.
    validateResource: (check) => {
        if (!check.inScope()) return;
        const facts = check.facts();
        const grant: GrantFacts | undefined = facts?.grant ?? facts?.identity?.inlineGrants;
        if (!facts || !grant) return;
        if (facts.grant && facts.grant.targets.length === 0) return; // a document grants nobody until attached
        const what = `${facts.label} "${check.name}"`;
        if (grant.unreadable) {
            check.report(`${what} cannot be read (${grant.unreadable}), so its grants count as standing; fix the document`);
            return;
        }
        for (const entry of grant.entries) {
            if (namesAttachedDocument(entry, grant) || entry.endsAt) continue;
            // An end held by a value unknown at preview is unverified, not absent.
            if (entry.unknownEnd) check.unverified(`the end of ${entry.label}`, entry.unknownEnd);
            else check.report(standing(what, entry));
        }
        if (grant.unknown) check.unverified(grant.entries.length ? "part of what it grants" : "what it grants", grant.unknown);
    },

    // What only the stack shows: which identity a grant reaches, its expiry and boundary, attached
    // documents, and grants to an AI tool identity made outside its component.
    validateStack: (check) => {
        const { index } = check;
        const boundaries = new Map<StackEntry, Date | undefined>();
        const boundaryOf = (i: StackEntry) => {
            if (!boundaries.has(i)) boundaries.set(i, index.boundaryEnd(i));
            return boundaries.get(i);
        };
        for (const h of grantHolders(index)) {
            const identities = h.identities.filter((i) => check.inScope(i));
            if (identities.length === 0) continue;
            const judged = judgedByResourcePolicy(check, h);
            const entries = effectiveEntries(index, h);
            if (h.grant.unreadable && !judged) check.report(h.holder.urn, `${describe(h.holder)} cannot be read (${h.grant.unreadable}), so its grants count as standing; fix the document`);
            if (h.grant.unknown && !judged) check.unknown(h.holder, "part of what it grants", h.grant.unknown);
            for (const d of unreadableDocuments(index, h)) check.report(h.holder.urn, `${describe(h.holder)} attaches ${describe(d)}, which cannot be read (${d.facts!.grant!.unreadable}), so its grants count as standing; fix the document`);
            for (const identity of identities) {
                if (check.unreadable(identity)) continue;
                const boundaryEnd = boundaryOf(identity);
                const expiry = StackIndex.expiryOf(identity);
                const expiryUnknown = unknownPaths(identity.facts?.unknown, "expiry");
                const what = `${describe(h.holder)} grants AI tool identity ${describe(identity)}`;
                for (const { entry, document, attached } of entries) {
                    const from = document === h.holder ? "" : ` (from ${describe(document)})`;
                    const ends = [entry.endsAt, boundaryEnd].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
                    if (!ends) {
                        if (!attached && judged) continue;
                        if (entry.unknownEnd) check.unknown(h.holder, `the end of ${entry.label}${from}`, entry.unknownEnd);
                        else check.report(h.holder.urn, standing(what + from, entry));
                        continue;
                    }
                    if (!expiry && expiryUnknown.length) {
                        check.unknown(h.holder, `whether ${entry.label}${from} ends by the expiry of ${describe(identity)}`, expiryUnknown);
                        continue;
                    }
                    if (expiry && ends.getTime() > expiry.getTime()) {
                        check.report(h.holder.urn, `${what}${from}: ${entry.label} ends at ${formatInstant(ends)}, after the identity expires at ${formatInstant(expiry)}; end it by ${formatInstant(expiry)}`);
                    }
                }
            }
        }
        // Grants whose facts are unknown at preview but depend on an AI tool identity cannot be judged yet.
        for (const g of index.ofKind("grant")) {
            if (g.facts) continue;
            if (g.failure !== undefined || index.dependenciesOfKind(g, "identity").some((i) => check.inScope(i)) || check.inScope(g)) check.unreadable(g);
        }
    },
};

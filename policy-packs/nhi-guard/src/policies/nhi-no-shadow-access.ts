import { describe } from "../grants";
import type { NhiPolicy } from "../policy";

const WHAT_KIND: Record<string, string> = { grant: "grants access to", credential: "mints a credential for", trust: "adds a way to act as" };

/** Access declared in the component is reviewed; access bolted on elsewhere is not. */
export const noShadowAccess: NhiPolicy = {
    name: "nhi-no-shadow-access",
    description: "Checks that no grant, credential or trust is attached to a governed AI tool identity from outside the component that declares it.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI9",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-1.6"],
    remediationSteps:
        "Declare the access in the identity's component (`grants`, `secrets`, `trust`) so it is reviewed, dated and inventoried with the identity, and delete the resource that adds it from outside.",
    options: [],
    validateStack: (check) => {
        const { index } = check;
        for (const { from, to } of index.attachments()) {
            if (!to.component) continue; // not governed: nothing declares its access
            if (from.component === to.component) continue;
            const verb = WHAT_KIND[from.kind] ?? "attaches to";
            check.report(from.urn, `${describe(from)} ${verb} AI tool identity ${describe(to)} from outside its component (${to.component.type} "${to.component.name}"); declare it in the component or remove it`);
        }
        // A target named only by a value unknown at preview (say, a role name taken from another
        // resource's output) that no property dependency resolves: it may reach a governed identity,
        // and nothing can show it does not. Listed as unverified rather than passed.
        for (const kind of ["grant", "credential"] as const) {
            for (const e of index.ofKind(kind)) {
                const targets = e.facts?.grant?.targets ?? e.facts?.credential?.targets ?? [];
                if (targets.length === 0 || index.targetsOf(e).length > 0) continue;
                if (targets.every((t) => t.value === undefined)) check.unverified(e, `the identity it attaches to (\`${targets.map((t) => t.property).join("`, `")}\`) is not known at preview and no dependency names it`);
            }
        }
        // Unknown facts at preview: the property dependencies still say whether it touches a governed identity.
        for (const kind of ["grant", "credential", "trust"] as const) {
            for (const e of index.ofKind(kind)) {
                if (e.facts) continue;
                if (index.dependenciesOfKind(e, "identity").some((i) => i.component && i.component !== e.component)) check.unreadable(e);
            }
        }
    },
};

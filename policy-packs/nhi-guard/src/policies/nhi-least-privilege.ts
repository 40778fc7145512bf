import type { GrantEntry, GrantFacts, PrivilegeFinding, PrivilegeRule } from "../../../../contract/facts";
import { escalationPathsGranted } from "../../../../contract/aws/actions";
import { dataSourcesSentence } from "../../../../contract/data/sources";
import type { StackEntry } from "../stackIndex";
import { describe, effectiveEntries, grantHolders, judgedByResourcePolicy, unreadableDocuments } from "../grants";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";

const WHY: Record<PrivilegeRule, string> = {
    wildcard: "a wildcard grants every matching action, including ones added later; list the exact actions the tool needs",
    "not-action": "an Allow with NotAction grants everything not listed; list the allowed actions instead",
    escalation: "a privilege-escalation action lets the tool grant itself more; remove it",
    exposure: "a credential-exposure action lets the tool read or mint credentials; remove it",
    "admin-role": "an administrator or basic role grants far more than a tool needs; grant a narrow predefined or custom role",
    "not-resource": "an Allow with NotResource grants on every resource not listed, including ones created later; list the resources instead",
    "resource-wildcard": "these actions can be limited to named resources, and on `*` they change every resource of the account; name the resources the tool needs",
};

/** `Action::iam:* in statement "Admin": ...`, one line per finding, cdk-nag style. */
function finding(what: string, where: string, f: PrivilegeFinding): string {
    return `${what}: ${f.item} in ${where}: ${WHY[f.rule] ?? "remove it"}`;
}

/** An AI tool acts on prompts; whatever it may do, a prompt can make it do. */
export const leastPrivilege: NhiPolicy = {
    name: "nhi-least-privilege",
    description: "Checks that an AI tool's identity gets no wildcard actions, no NotAction allows, no privilege-escalation or credential-exposure actions, and no administrator or basic roles.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI5",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-3.2"],
    remediationSteps:
        "Grant the exact actions or the narrowest predefined role the tool needs, on the resources it needs. Remove `*` and `service:*` actions, NotAction and NotResource allows, writes on `Resource: \"*\"` that can name their resources, IAM and STS actions that create credentials or change policies, one of the actions of each escalation method (such as `iam:PassRole` with `lambda:CreateFunction` and `lambda:InvokeFunction`), credential-returning actions on every resource, and roles such as AdministratorAccess, PowerUserAccess, roles/owner, roles/editor, roles/iam.serviceAccountUser, Owner, Contributor and User Access Administrator. Managed, predefined and custom roles are judged by what they grant. " +
        dataSourcesSentence(),
    options: ["scope"],

    validateResource: (check) => {
        if (!check.inScope()) return;
        const facts = check.facts();
        const grant: GrantFacts | undefined = facts?.grant ?? facts?.identity?.inlineGrants;
        if (!facts || !grant) return;
        if (facts.grant && facts.grant.targets.length === 0) return; // judged where it is attached
        const what = `${facts.label} "${check.name}"`;
        if (grant.unreadable) check.report(`${what} cannot be read (${grant.unreadable}), so its privileges cannot be verified; fix the document`);
        for (const entry of grant.entries) {
            for (const f of entry.findings) check.report(finding(what, entry.label, f));
            if (entry.unknownPrivileges) check.unverified(`part of the actions of ${entry.label}`, entry.unknownPrivileges);
        }
        const unknown = unknownPaths(facts.unknown, "grant", grant.unknown);
        if (unknown.length) check.unverified(grant.entries.length ? "part of what it grants" : "what it grants", unknown);
    },

    // Documents reached through attachments, and grants to an AI tool identity from outside its component.
    validateStack: (check) => {
        const { index } = check;
        // Everything each AI tool identity is granted, wherever from, for escalation methods that need several actions.
        const reached = new Map<StackEntry, { entries: GrantEntry[]; holders: Set<StackEntry> }>();
        for (const h of grantHolders(index)) {
            const identities = h.identities.filter((i) => check.inScope(i));
            if (identities.length === 0) continue;
            const judged = judgedByResourcePolicy(check, h);
            const what = `${describe(h.holder)} (reaching AI tool identity ${identities.map(describe).join(", ")})`;
            if (h.grant.unreadable && !judged) check.report(h.holder.urn, `${what} cannot be read (${h.grant.unreadable}), so its privileges cannot be verified; fix the document`);
            if (h.grant.unknown && !judged) check.unknown(h.holder, `part of what it grants ${identities.map(describe).join(", ")}`, h.grant.unknown);
            for (const d of unreadableDocuments(index, h)) check.report(h.holder.urn, `${what} attaches ${describe(d)}, which cannot be read (${d.facts!.grant!.unreadable}), so its privileges cannot be verified; fix the document`);
            const effective = effectiveEntries(index, h);
            for (const i of identities) {
                const seen = reached.get(i) ?? { entries: [], holders: new Set<StackEntry>() };
                for (const { entry } of effective) seen.entries.push(entry);
                seen.holders.add(h.holder);
                reached.set(i, seen);
            }
            for (const { entry, document } of effective) {
                const own = document === h.holder;
                if (own && judged) continue;
                const where = own ? entry.label : `${entry.label} of ${describe(document)}`;
                for (const f of entry.findings) check.report(h.holder.urn, finding(what, where, f));
                if (entry.unknownPrivileges) check.unknown(h.holder, `part of the actions of ${where}`, entry.unknownPrivileges);
            }
        }
        for (const [identity, { entries, holders }] of reached) {
            for (const path of escalationPathsGranted(entries)) {
                check.report(
                    identity.urn,
                    `${describe(identity)} can escalate its privileges through ${path.method}: together its grants (${[...holders].map(describe).join(", ")}) allow ${path.actions.join(" + ")}; remove one of these actions, or scope it so the combination cannot be used`,
                );
            }
        }
        for (const g of index.ofKind("grant")) {
            if (g.facts) continue;
            if (g.failure !== undefined || index.dependenciesOfKind(g, "identity").some((i) => check.inScope(i)) || check.inScope(g)) check.unreadable(g);
        }
    },
};

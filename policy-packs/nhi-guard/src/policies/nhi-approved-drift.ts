import { type Capability, type ChangeKind, type DriftApproval, capabilitiesOf, compareCapabilities } from "../capabilities";
import type { NhiPolicy } from "../policy";

/** Which part of an identity's record each change kind is derived from: unknown there, the change cannot be ruled out. */
const PART_OF: Partial<Record<ChangeKind, string>> = { "grant-added": "grants", "grant-widened": "grants", "access-raised": "access", "expiry-extended": "expiresAt", "trust-widened": "trust" };

/**
 * The "benign assistant" that starts read-only and later gains write: a change that raises what
 * an AI tool may do is the moment a human should look, so the kinds config names wait for an
 * approval recorded next to the baseline of what is deployed.
 */
export const approvedDrift: NhiPolicy = {
    name: "nhi-approved-drift",
    description: "Checks that a change raising an AI tool identity's access beyond the deployed baseline (the kinds `approvalRequiredFor` names) has an approval recorded in config.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI5",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-1.6"],
    remediationSteps:
        "Have the change reviewed and record the approval in the policy config's `driftApprovals` (`identity`, `kind`, `approvedBy`, `reason`), or undo the change; once it is deployed, write the baseline again with `nhi-guard baseline --capabilities <export>`.",
    options: ["scope", "capabilityBaseline", "approvalRequiredFor", "driftApprovals"],
    validateStack: (check) => {
        const baseline = check.config.capabilityBaseline as { identities?: Capability[] };
        if (!Array.isArray(baseline.identities)) return; // no baseline configured: nothing to compare with
        const gated = new Set(check.config.approvalRequiredFor as ChangeKind[]);
        if (gated.size === 0) return;
        const approvals = check.config.driftApprovals as DriftApproval[];
        const approved = (identity: string, kind: string) => approvals.some((a) => a.identity === identity && a.kind === kind);
        const current = capabilitiesOf(check.index);
        const entryOf = new Map(check.index.ofKind("identity").map((e) => [e.urn.split("::").slice(2).join("::"), e]));
        const before = new Map(baseline.identities.map((c) => [c.identity, c]));
        for (const change of compareCapabilities(baseline.identities, current)) {
            if (!gated.has(change.kind)) continue;
            const entry = entryOf.get(change.identity);
            // A removed identity has no resource left to report on, and removing access is never gated here.
            if (!entry || (!check.inScope(entry) && (before.get(change.identity)?.tool ?? null) === null)) continue;
            if (approved(change.identity, change.kind)) continue;
            check.report(entry.urn, `${entry.label} "${entry.name}": ${change.summary} compared with the deployed baseline; record an approval in \`driftApprovals\` ({ identity: "${change.identity}", kind: "${change.kind}", approvedBy, reason }) or undo it`);
        }
        // Parts unknown at preview may hide a gated change: unverified, never a violation.
        for (const c of current) {
            const entry = entryOf.get(c.identity);
            if (!entry || !before.has(c.identity) || !c.unknown?.length) continue;
            if (!check.inScope(entry) && before.get(c.identity)?.tool == null) continue;
            const hidden = [...gated].filter((k) => PART_OF[k] && c.unknown!.includes(PART_OF[k]!) && !approved(c.identity, k));
            if (hidden.length) check.unverified(entry, `whether it has ${hidden.map((k) => `\`${k}\``).join(", ")} compared with the deployed baseline, since its ${[...new Set(hidden.map((k) => `\`${PART_OF[k]}\``))].join(", ")} ${hidden.length === 1 ? "is" : "are"} unknown at preview`);
        }
    },
};

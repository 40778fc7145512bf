/**
 * The inventory flattened to rows (an identity, then what is attached to it), the shape the
 * table-like formats (text, csv, markdown) share, so they cannot disagree about what a cell says.
 */
import type { Dated, Inventory, InventoryFinding, InventoryIdentity, InventoryItem } from "./model";

export interface Row {
    /** 0 for an identity or an unattached NHI, 1 for what is attached to the identity above. */
    depth: 0 | 1;
    kind: string;
    label: string;
    name: string;
    urn: string;
    /** The identity an attached row belongs to. */
    identity: string;
    tool: string;
    owner: string;
    purpose: string;
    access: string;
    expires: string;
    daysLeft: number | null;
    /** Grant end, rotation, credential lifetime, trust subjects: what the row's kind makes worth knowing. */
    detail: string;
    findings: InventoryFinding[];
}

const dash = (v: string | null) => v ?? "-";
const at = (d: Dated | null) => (d ? d.at : "-");

export function identityRow(i: InventoryIdentity): Row {
    const detail = [
        i.sessionSeconds !== null ? `sessions up to ${i.sessionSeconds} s` : "",
        i.trust?.subjects.length ? `trusts ${i.trust.subjects.join(", ")}` : "",
        ...(i.annotationProblems ?? []),
    ].filter(Boolean);
    return {
        depth: 0,
        kind: "identity",
        label: i.stack ? `${i.stack}: ${i.label}` : i.label,
        name: i.name,
        urn: i.urn,
        identity: "",
        tool: dash(i.tool),
        owner: dash(i.owner),
        purpose: dash(i.purpose),
        access: dash(i.access),
        expires: i.expires ? i.expires.at : "never (no expiry)",
        daysLeft: i.expires?.daysLeft ?? null,
        detail: detail.join("; "),
        findings: i.findings,
    };
}

export function itemRow(it: InventoryItem, identity?: InventoryIdentity): Row {
    let expires = at(it.expires);
    let daysLeft = it.expires?.daysLeft ?? null;
    const detail: string[] = [];
    if (it.grant) {
        expires = it.grant.standing ? "never (standing)" : at(it.grant.ends);
        daysLeft = it.grant.standing ? null : (it.grant.ends?.daysLeft ?? null);
        detail.push(grantDetail(it.grant));
        if (it.grant.unreadable) detail.push(`unreadable: ${it.grant.unreadable}`);
    }
    if (it.credential) {
        if (it.credential.longLived) {
            expires = "never (long-lived)";
            daysLeft = null;
        }
        detail.push(it.credential.kind);
        if (it.credential.lifetimeDays !== null) detail.push(`valid ${it.credential.lifetimeDays} days`);
        if (it.credential.problem) detail.push(it.credential.problem);
    }
    if (it.secret) {
        detail.push(it.secret.rotationDays !== null ? `rotates every ${it.secret.rotationDays} days` : "does not rotate");
        if (it.secret.problem) detail.push(it.secret.problem);
    }
    if (it.trust) {
        if (it.trust.subjects.length) detail.push(`trusts ${it.trust.subjects.join(", ")}`);
        detail.push(...it.trust.problems);
    }
    return {
        depth: identity ? 1 : 0,
        kind: it.kind,
        label: it.stack ? `${it.stack}: ${it.label}` : it.label,
        name: it.name,
        urn: it.urn,
        identity: identity?.urn ?? "",
        tool: identity ? dash(identity.tool) : "-",
        owner: dash(it.owner ?? identity?.owner ?? null),
        purpose: "-",
        access: "-",
        expires,
        daysLeft,
        detail: detail.join("; "),
        findings: it.findings,
    };
}

type Grant = NonNullable<InventoryItem["grant"]>;

/** What one entry allows: its actions (all but them, for NotAction) or roles, else how messages name it. */
export function entryAllows(e: Grant["entries"][number]): string {
    const what = [...e.actions, ...e.roles].join(", ");
    if (e.notAction) return `every action except ${what || "(none listed)"}`;
    return what || e.label;
}

/** `s3:GetObject, s3:ListBucket until 2099-12-31; on arn:aws:s3:::docs/*`: what a grant allows, on what, until when. */
export function grantDetail(g: Grant): string {
    const entries = g.entries.map((e) => `${entryAllows(e)}${e.ends ? ` until ${e.ends.at}` : ""}${e.problem ? ` (${e.problem})` : ""}`);
    const parts = entries.length ? entries : ["grants nothing"];
    if (g.resources.length) parts.push(`on ${g.resources.join(", ")}`);
    return parts.join("; ");
}

export function inventoryRows(inv: Inventory): Row[] {
    const rows: Row[] = [];
    for (const i of inv.identities) {
        rows.push(identityRow(i));
        for (const a of i.attached) rows.push(itemRow(a, i));
    }
    for (const u of inv.unattached) rows.push(itemRow(u));
    return rows;
}

/** `2 mandatory, 1 advisory` (levels with none left out), or `-`. */
export function findingCounts(findings: InventoryFinding[]): string {
    const order = ["mandatory", "advisory", "unverified", "exempted", "exemption-expired"] as const;
    const parts = order.map((l) => [l, findings.filter((f) => f.level === l).length] as const).filter(([, n]) => n > 0);
    return parts.length ? parts.map(([l, n]) => `${n} ${l}`).join(", ") : "-";
}

export function summaryLine(inv: Inventory): string {
    const c = inv.counts;
    const packs = inv.policyPacks.map((p) => `${p.name}@${p.version}`).join(", ");
    return (
        `${c.identities} identit${c.identities === 1 ? "y" : "ies"} (${c.aiToolIdentities} AI tool): ${c.expired} expired, ${c.expiringSoon} expiring within 30 days, ` +
        `${c.withoutOwner} without owner, ${c.withoutExpiry} without expiry; ${c.standingGrants} standing grant${c.standingGrants === 1 ? "" : "s"}, ` +
        `${c.longLivedCredentials} long-lived credential${c.longLivedCredentials === 1 ? "" : "s"}; findings: ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.unverified} unverified ` +
        `(${inv.stacks ? `${inv.stacks.length} stacks: ${inv.stacks.map((s) => `${s.source} of ${s.project}/${s.stack}`).join(", ")}` : `${inv.source} of stack ${inv.stack}`}, ${packs}, days counted from ${inv.now})`
    );
}

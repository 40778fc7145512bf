/**
 * Scheduled reviews (`inventory --expiring-within 30d`): everything that ends within the window or
 * has already ended, so a nightly job can open a renewal review. Only known ends count: a standing
 * grant or a long-lived key never ends (other policies report those), and an end unknown at
 * preview is not taken for one that is due.
 */
import type { Dated, Inventory, InventoryItem } from "./model";

export interface Ending {
    kind: "identity" | "grant" | "credential" | "secret";
    /** The identity it belongs to (its name), or null for an NHI attached to none. */
    identity: string | null;
    tool: string | null;
    /** What ends: the identity itself or the attached grant, credential or secret. */
    name: string;
    urn: string;
    ends: string;
    daysLeft: number;
}

export interface InventoryReview {
    withinDays: number;
    ending: Ending[];
}

/** `30d` or `30` (whole days, 0 to 3650); undefined when the text is not a window. */
export function parseWindow(text: string): number | undefined {
    const m = /^(\d{1,4})d?$/.exec(text.trim());
    if (!m) return undefined;
    const n = Number(m[1]);
    return n <= 3650 ? n : undefined;
}

function endOf(it: InventoryItem): { kind: Ending["kind"]; d: Dated | null } | undefined {
    if (it.grant) return { kind: "grant", d: it.grant.standing ? null : it.grant.ends };
    if (it.credential) return { kind: "credential", d: it.credential.longLived ? null : it.expires };
    if (it.secret) return { kind: "secret", d: it.expires };
    return undefined;
}

export function reviewOf(inv: Inventory, withinDays: number): InventoryReview {
    const ending: Ending[] = [];
    const due = (d: Dated | null | undefined): d is Dated & { daysLeft: number } => !!d && d.daysLeft !== null && d.daysLeft <= withinDays;
    const push = (kind: Ending["kind"], identity: string | null, tool: string | null, name: string, urn: string, d: Dated & { daysLeft: number }) =>
        ending.push({ kind, identity, tool, name, urn, ends: d.at, daysLeft: d.daysLeft });
    for (const i of inv.identities) {
        if (due(i.expires)) push("identity", i.name, i.tool, i.name, i.urn, i.expires);
        for (const a of i.attached) {
            const e = endOf(a);
            if (e && due(e.d)) push(e.kind, i.name, i.tool, a.name, a.urn, e.d);
        }
    }
    for (const u of inv.unattached) {
        const e = endOf(u);
        if (e && due(e.d)) push(e.kind, null, null, u.name, u.urn, e.d);
    }
    ending.sort((a, b) => a.daysLeft - b.daysLeft || a.urn.localeCompare(b.urn));
    return { withinDays, ending };
}

/**
 * One row per NHI, RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma or line
 * break. A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, so every
 * text cell (all come from the stack) that does gets a leading `'`; numbers the gate computes
 * (days left) stay numbers.
 */
import type { InventoryRenderer } from "../formats";
import { escapeControl } from "../../report/escape";
import { findingCounts, inventoryRows } from "../rows";

const HEADER = ["kind", "type_label", "name", "urn", "identity_urn", "tool", "owner", "purpose", "access", "expires", "days_left", "detail", "findings", "policies"];

export function csvCell(v: string | number | null): string {
    if (v === null) return "";
    if (typeof v === "number") return String(v);
    let s = escapeControl(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvInventory: InventoryRenderer = {
    name: "csv",
    summary: "one row per NHI, for spreadsheets (RFC 4180, formula-safe)",
    render: (inv) => {
        const lines = [HEADER.join(",")];
        for (const r of inventoryRows(inv)) {
            const policies = [...new Set(r.findings.map((f) => f.policy).filter(Boolean))].join("; ");
            lines.push(
                [r.kind, r.label, r.name, r.urn, r.identity, r.tool, r.owner, r.purpose, r.access, r.expires, r.daysLeft, r.detail, findingCounts(r.findings), policies]
                    .map(csvCell)
                    .join(","),
            );
        }
        return lines.join("\r\n") + "\r\n";
    },
};

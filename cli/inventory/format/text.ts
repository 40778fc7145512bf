/** The inventory as a table on the terminal, then the findings per NHI, then one summary line. */
import type { InventoryRenderer } from "../formats";
import { oneLine, escapeControl } from "../../report/escape";
import { Row, findingCounts, inventoryRows, summaryLine } from "../rows";

const MAX_CELL = 40;
const cell = (s: string) => {
    const t = oneLine(s);
    return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
};
const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function days(r: Row): string {
    if (r.daysLeft === null) return "-";
    return r.daysLeft < 0 ? `${r.daysLeft} (past)` : String(r.daysLeft);
}

export const textInventory: InventoryRenderer = {
    name: "text",
    summary: "a table of identities and what they hold, then findings (default)",
    render: (inv, opts) => {
        const red = paint(opts.color, "31");
        const bold = paint(opts.color, "1");
        const dim = paint(opts.color, "2");
        const rows = inventoryRows(inv);
        const header = ["NHI", "TOOL", "OWNER", "ACCESS", "EXPIRES", "DAYS LEFT", "FINDINGS", "DETAIL"];
        const table = rows.map((r) => [
            cell(`${r.depth ? "  - " : ""}${r.label} ${r.name}`),
            cell(r.tool),
            cell(r.owner),
            cell(r.access),
            cell(r.expires),
            days(r),
            findingCounts(r.findings),
            oneLine(r.detail),
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
        const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
        const out: string[] = [];
        if (rows.length) {
            out.push(bold(line(header)));
            for (const [i, t] of table.entries()) {
                const text = line(t);
                out.push(rows[i].findings.some((f) => f.level === "mandatory") ? red(text) : text);
            }
            out.push("");
        } else out.push("No NHIs in this stack.", "");

        const withFindings = [...rows.filter((r) => r.findings.length), ...inv.otherFindings.map((f) => ({ urn: f.urn, label: "", name: f.urn.split("::").slice(3).join("::"), findings: [f] }))];
        // A resource's findings go under one heading, however many lists they came from.
        const seen = new Set<string>();
        for (const r of withFindings) {
            if (!seen.has(r.urn)) {
                seen.add(r.urn);
                out.push(bold(oneLine(`${r.label ? `${r.label} ` : ""}${r.name}`)), dim(`  ${oneLine(r.urn)}`));
            }
            for (const f of r.findings) {
                const text = escapeControl(f.message).split("\n").join("\n      ");
                out.push(`  [${f.level}] ${f.policy ? `${oneLine(f.policy)}: ` : ""}${text}`);
            }
        }
        if (withFindings.length) out.push("");
        for (const n of inv.notes) out.push(`note: ${oneLine(n)}`);
        if (inv.notes.length) out.push("");
        out.push(summaryLine(inv));
        return out.join("\n") + "\n";
    },
};

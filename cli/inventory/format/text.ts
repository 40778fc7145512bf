/** The inventory as a table on the terminal, then the findings per NHI, then one summary line. */
import type { InventoryRenderer } from "../formats";
import { oneLine, escapeControl } from "../../report/escape";
import { Row, findingCounts, inventoryRows, summaryLine } from "../rows";

/**
 * Widest a column may grow before its cells wrap onto further lines (names are never cut: a
 * reviewer must be able to search for them), per column of the table below.
 */
const MAX_WIDTH = [56, 24, 32, 8, 20, 13, 28, 72];

/** `text` in lines of at most `width`, broken at spaces where it can be, inside a word where it must. */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of oneLine(text).split(" ")) {
        let w = word;
        if (current && current.length + 1 + w.length <= width) {
            current += ` ${w}`;
            continue;
        }
        if (current) lines.push(current);
        while (w.length > width) {
            lines.push(w.slice(0, width));
            w = w.slice(width);
        }
        current = w;
    }
    lines.push(current);
    return lines;
}
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
            `${r.label} ${r.name}`,
            r.tool,
            r.owner,
            r.access,
            r.expires,
            days(r),
            findingCounts(r.findings),
            r.detail,
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...table.map((t, j) => Math.min(MAX_WIDTH[i], oneLine(t[i]).length + (i === 0 && rows[j].depth ? 4 : 0)))));
        const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
        // A row whose cells wrap takes as many lines as its longest cell; an attached row's
        // continuation lines keep its indent so it still reads as part of the identity above.
        const block = (t: string[], depth: number): string[] => {
            const indent = (i: number) => (i === 0 && depth ? 4 : 0);
            const cells = t.map((c, i) => wrap(c, widths[i] - indent(i)).map((l, j) => (indent(i) ? `${j ? "    " : "  - "}${l}` : l)));
            const height = Math.max(...cells.map((c) => c.length));
            return Array.from({ length: height }, (_, j) => line(cells.map((c) => c[j] ?? "")));
        };
        const out: string[] = [];
        if (rows.length) {
            out.push(bold(line(header)));
            for (const [i, t] of table.entries()) {
                const mandatory = rows[i].findings.some((f) => f.level === "mandatory");
                for (const text of block(t, rows[i].depth)) out.push(mandatory ? red(text) : text);
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
        if (inv.review) {
            const { withinDays, ending } = inv.review;
            out.push(bold(`Review: ${ending.length ? `${ending.length} end${ending.length === 1 ? "s" : ""}` : "nothing ends"} within ${withinDays} days or ended`));
            for (const e of ending) {
                const when = e.daysLeft < 0 ? `ended ${-e.daysLeft} days ago` : `in ${e.daysLeft} days`;
                out.push(`  ${e.kind} ${oneLine(e.name)}${e.identity && e.identity !== e.name ? ` (of ${oneLine(e.identity)})` : ""}${e.tool ? `, ${oneLine(e.tool)}` : ""}: ${e.ends}, ${when}`);
            }
            out.push("");
        }
        out.push(summaryLine(inv));
        return out.join("\n") + "\n";
    },
};

/** The inventory as markdown, for a review document or a pull-request comment. */
import type { InventoryRenderer } from "../formats";
import { markdownText as md } from "../../report/escape";
import { findingCounts, inventoryRows, summaryLine } from "../rows";

export const markdownInventory: InventoryRenderer = {
    name: "markdown",
    summary: "tables of identities and findings, for reviews and PR comments",
    render: (inv) => {
        const out: string[] = [`## NHI inventory: ${md(inv.project)} / ${md(inv.stack)}`, "", md(summaryLine(inv)), ""];
        const rows = inventoryRows(inv);
        if (rows.length) {
            out.push("| NHI | Tool | Owner | Purpose | Access | Expires | Days left | Detail | Findings |", "|---|---|---|---|---|---|---:|---|---|");
            for (const r of rows) {
                const name = `${r.depth ? "↳ " : ""}${md(r.label)} **${md(r.name)}**`;
                out.push(`| ${[name, md(r.tool), md(r.owner), md(r.purpose), md(r.access), md(r.expires), r.daysLeft ?? "-", md(r.detail || "-"), md(findingCounts(r.findings))].join(" | ")} |`);
            }
            out.push("");
        }
        const findings = [...rows.flatMap((r) => r.findings.map((f) => ({ ...f, where: `${r.label} ${r.name}` }))), ...inv.otherFindings.map((f) => ({ ...f, where: f.urn }))];
        if (findings.length) {
            out.push(`<details><summary>${findings.length} finding${findings.length === 1 ? "" : "s"}</summary>`, "", "| Level | Policy | Resource | Finding |", "|---|---|---|---|");
            for (const f of findings) out.push(`| ${f.level} | ${md(f.policy || "-")} | ${md(f.where)} | ${md(f.message)} |`);
            out.push("", "</details>", "");
        }
        for (const n of inv.notes) out.push(`> ${md(n)}`, "");
        return out.join("\n");
    },
};

/**
 * Catalogue formats. Markdown is the committed `docs/policies.md` (a test fails when it is stale);
 * CSV follows the inventory's RFC 4180, formula-safe rules.
 */
import { csvCell } from "../inventory/format/csv";
import { escapeControl, markdownProse as prose, oneLine } from "../report/escape";
import { Catalogue, frameworkText } from "./model";

export interface CatalogueRenderer {
    name: string;
    summary: string;
    render(c: Catalogue): string;
}

/** The command that regenerates docs/policies.md, named in the file and by the staleness test. */
export const REGENERATE_DOCS = "npm run build && node bin/nhi-guard.js policies --output docs/policies.md";

const anchor = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]/g, "");

const markdown: CatalogueRenderer = {
    name: "markdown",
    summary: "the catalogue as a document (docs/policies.md)",
    render: (c) => {
        const packs = c.policyPacks.map((p) => `\`${p.name}\` ${p.version} (${p.policies} policies)`).join(", ");
        const out = [
            "# Policies",
            "",
            `<!-- Generated from the served policy pack by \`${REGENERATE_DOCS}\`; do not edit by hand. -->`,
            "",
            `Policy pack${c.policyPacks.length === 1 ? "" : "s"}: ${packs}. Enforcement levels and limits can be changed per policy with \`--policy-pack-config\` (the \`pulumi\` CLI) or \`--config\` (\`nhi-guard\`); every policy also accepts \`exemptions\`.`,
            "",
            "| Policy | Level | Severity | Framework | Mappings |",
            "|---|---|---|---|---|",
        ];
        for (const p of c.policies) {
            const fw = p.framework ? `${p.framework.reference} ${prose(p.framework.specification)}` : "-";
            out.push(`| [\`${oneLine(p.name)}\`](#${anchor(p.name)}) | ${p.enforcementLevel} | ${p.severity ?? "-"} | ${fw} | ${p.mappings.map((m) => `\`${oneLine(m)}\``).join(" ") || "-"} |`);
        }
        for (const p of c.policies) {
            out.push("", `## ${oneLine(p.name)}`, "", prose(p.description), "");
            out.push(`- **Enforcement level:** ${p.enforcementLevel}`);
            out.push(`- **Severity:** ${p.severity ?? "unspecified"}`);
            if (p.framework) out.push(`- **Framework:** ${prose(frameworkText(p.framework))}`);
            if (p.mappings.length) out.push(`- **Mappings:** ${p.mappings.map((m) => `\`${oneLine(m)}\``).join(", ")}`);
            if (p.tags.length) out.push(`- **Tags:** ${p.tags.map((m) => `\`${oneLine(m)}\``).join(", ")}`);
            if (p.url) out.push(`- **Reference:** <${oneLine(p.url)}>`);
            if (p.remediation) out.push("", `**Remediation.** ${prose(p.remediation)}`);
            if (p.config.length) {
                out.push("", "| Config key | Type | Default | Description |", "|---|---|---|---|");
                for (const k of p.config) out.push(`| \`${oneLine(k.key)}\` | ${prose(k.type)} | ${k.default === null ? "-" : `\`${prose(k.default)}\``} | ${prose(k.description) || "-"} |`);
            }
        }
        return out.join("\n") + "\n";
    },
};

const json: CatalogueRenderer = {
    name: "json",
    summary: "the catalogue as JSON",
    render: (c) => JSON.stringify(c, null, 2) + "\n",
};

const csv: CatalogueRenderer = {
    name: "csv",
    summary: "one row per policy (RFC 4180, formula-safe)",
    render: (c) => {
        const header = ["policy_pack", "policy", "enforcement_level", "severity", "framework", "mappings", "description", "remediation", "config_keys"];
        const rows = c.policies.map((p) =>
            [
                p.policyPack,
                p.name,
                p.enforcementLevel,
                p.severity ?? "",
                frameworkText(p.framework),
                p.mappings.join(" "),
                p.description,
                p.remediation ?? "",
                p.config.map((k) => `${k.key}=${k.default ?? ""}`).join("; "),
            ]
                .map(csvCell)
                .join(","),
        );
        return [header.join(","), ...rows].join("\r\n") + "\r\n";
    },
};

const text: CatalogueRenderer = {
    name: "text",
    summary: "one block per policy (default on a terminal)",
    render: (c) => {
        const out: string[] = [];
        for (const p of c.policies) {
            out.push(`${oneLine(p.name)}  [${p.enforcementLevel}${p.severity ? `, ${p.severity}` : ""}]  ${oneLine(p.policyPack)}@${oneLine(p.policyPackVersion)}`);
            out.push(`  ${escapeControl(p.description)}`);
            if (p.framework) out.push(`  framework: ${oneLine(frameworkText(p.framework))}`);
            if (p.mappings.length) out.push(`  mappings:  ${oneLine(p.mappings.join(", "))}`);
            if (p.remediation) out.push(`  fix:       ${escapeControl(p.remediation)}`);
            for (const k of p.config) out.push(`  config:    ${oneLine(k.key)} (${oneLine(k.type)}${k.default !== null ? `, default ${oneLine(k.default)}` : ""})`);
            out.push("");
        }
        out.push(`${c.policies.length} policies in ${c.policyPacks.map((p) => `${p.name}@${p.version}`).join(", ")}`);
        return out.join("\n") + "\n";
    },
};

const RENDERERS = [text, markdown, json, csv];
export const catalogueFormatNames = () => RENDERERS.map((r) => r.name);
export const catalogueRendererFor = (name: string) => RENDERERS.find((r) => r.name === name);

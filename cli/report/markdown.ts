/**
 * A pull-request comment: the verdict and counts, mandatory violations in a table, advisories,
 * exemptions and unverified checks collapsed. Every stack string is escaped (no injected markup,
 * links or @-mentions), and the comment stays under GitHub's 65,536-character limit: rows that do
 * not fit are counted in a truncation note instead.
 */
import type { Reporter, RenderOptions } from "./formats";
import { Report, ResourceLocation, lineText, needsApproval, notAnalysedByType, reportFails, restsOnText } from "./model";
import { markdownText as md } from "./escape";

/** GitHub rejects issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65536;
/** Marks the comment so a workflow can find and update it instead of adding another. */
export const COMMENT_MARKER = "<!-- nhi-guard-report -->";
/** Room kept for closing tags and the truncation note. */
const RESERVE = 600;

/** Where a finding is, as `index.ts:12` in a code span (a PR reviewer searches or jumps to it). */
const at = (l?: ResourceLocation) =>
    l?.location ? `<br><code>${md(lineText(l.location))}</code>${l.declaredAt ? ` (declared at <code>${md(lineText(l.declaredAt))}</code>)` : ""}` : "";

const resource = (urn: string, l?: ResourceLocation) => {
    const parts = urn.split("::");
    if (parts.length < 4) return md(urn) + at(l);
    return `${md(parts[2].split("$").pop() ?? "")} **${md(parts.slice(3).join("::"))}**${at(l)}`;
};

export function renderMarkdown(report: Report, opts: RenderOptions, limit = GITHUB_COMMENT_LIMIT): string {
    const c = report.counts;
    const failed = reportFails(report, opts.strict);
    const packs = report.policyPacks.map((p) => `${md(p.name)}@${md(p.version)}`).join(", ");
    const head = [
        COMMENT_MARKER,
        `### nhi-guard ${report.command}: ${failed ? "❌ blocked" : "✅ passed"}`,
        "",
        `**${c.mandatory}** mandatory, **${c.advisory}** advisory, **${c.unverified}** unverified, **${c.exemptionsApplied}** exempted, **${c.exemptionsExpired}** expired exemption${c.exemptionsExpired === 1 ? "" : "s"}${c.notAnalysed ? `, **${c.notAnalysed}** not analysed` : ""} ` +
            `(${report.command} of ${report.resources} resources, stack ${md(report.stack)}, ${packs})`,
        "",
    ];
    let size = head.join("\n").length;
    const out = [...head];
    let omitted = 0;
    /** Adds lines if they fit; a row that does not is counted, never cut in half. */
    const add = (lines: string[], row = false): boolean => {
        const len = lines.join("\n").length + 1;
        if (size + len > limit - RESERVE) {
            if (row) omitted++;
            return false;
        }
        out.push(...lines);
        size += len;
        return true;
    };
    const table = (title: string[], header: string, rows: string[], close: string[]) => {
        if (!rows.length) return;
        if (!add([...title, header, header.replace(/[^|]+/g, "---")])) {
            omitted += rows.length;
            return;
        }
        for (const r of rows) add([r], true);
        out.push(...close);
        size += close.join("\n").length + 1;
    };

    // First: what this change does to the AI tools' access is what a reviewer must judge.
    if (report.changes) {
        const changes = report.changes;
        if (changes.length) {
            table(
                [`#### Access changes: ${changes.length} compared with the deployed stack`, ""],
                "| Change | Identity | Tool | What changes |",
                changes.map((ch) => `| ${md(ch.kind)}${needsApproval(report, ch) ? " **(needs approval)**" : ""} | ${ch.urn ? resource(ch.urn, ch) : md(ch.identity)} | ${ch.tool ? md(ch.tool) : "—"} | ${md(ch.summary)} |`),
                [""],
            );
        } else add(["#### Access changes: none compared with the deployed stack", ""]);
    }
    const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = report.violations.filter((v) => v.enforcementLevel === "advisory");
    const rests = (urns?: string[]) => (urns ? ` _(${md(restsOnText(urns))})_` : "");
    const finding = (v: (typeof report.violations)[number]) => `| ${md(v.policy)}${v.severity ? ` (${v.severity})` : ""} | ${resource(v.urn, v)} | ${md(v.message)}${rests(v.restsOn)} |`;
    table(["#### Mandatory violations", ""], "| Policy | Resource | Finding |", mandatory.map(finding), [""]);
    table([`<details><summary>${advisory.length} advisory finding${advisory.length === 1 ? "" : "s"}</summary>`, ""], "| Policy | Resource | Finding |", advisory.map(finding), ["", "</details>", ""]);
    const exemptions = [
        ...report.exemptions.applied.map((e) => `| applied | ${md(e.policy)} | ${resource(e.urn, e)} | ${md(e.message)} |`),
        ...report.exemptions.expired.map((e) => `| **expired** | ${md(e.policy)} | ${resource(e.urn, e)} | ${md(e.message)} |`),
    ];
    table(
        [`<details><summary>Exemptions: ${c.exemptionsApplied} applied, ${c.exemptionsExpired} expired</summary>`, ""],
        "| Exemption | Policy | Resource | Detail |",
        exemptions,
        ["", "</details>", ""],
    );
    table(
        [`<details><summary>${c.unverified} check${c.unverified === 1 ? "" : "s"} could not run at preview${opts.strict ? " (failing with --strict)" : ""}</summary>`, ""],
        "| Policy | Resource | Why |",
        report.unverified.map((u) => `| ${md(u.policy)} | ${resource(u.urn, u)} | ${md(u.reason)}${rests(u.restsOn)} |`),
        ["", "</details>", ""],
    );
    // Not collapsed: what the gate could not see is part of the verdict, not a detail.
    table(
        [`#### Not analysed: ${c.notAnalysed} resource${c.notAnalysed === 1 ? "" : "s"} whose contents no policy saw${opts.strict ? " (failing with --strict)" : ""}`, ""],
        "| Type | Count | Resources | Why |",
        notAnalysedByType(report.notAnalysed).map(
            (g) => `| ${md(g.type)} | ${g.resources.length} | ${g.resources.map((n) => `**${md(n.name)}**${n.location ? ` <code>${md(lineText(n.location))}</code>` : ""}`).join(", ")} | ${md(g.reason)} |`,
        ),
        [""],
    );
    for (const n of report.notes) add([`> ${md(n)}`, ""]);
    if (omitted) out.push(`_${omitted} more row${omitted === 1 ? "" : "s"} not shown: GitHub comments are limited to ${GITHUB_COMMENT_LIMIT} characters. Run \`nhi-guard ${report.command} --format json\` or see the code scanning alerts for the full report._`, "");
    if (!report.violations.length && !report.unverified.length && !exemptions.length && !report.notAnalysed.length) out.push("No findings.", "");
    return out.join("\n");
}

export const markdownReporter: Reporter = {
    name: "markdown",
    summary: "a pull-request comment (GitHub markdown, at most 65,536 characters)",
    render: (report, opts) => renderMarkdown(report, opts),
};

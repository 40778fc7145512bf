/** The human report: findings grouped by resource, then one summary line. */
import type { Reporter, RenderOptions } from "./formats";
import { escapeControl, oneLine } from "./escape";
import { Report, ResourceLocation, lineText, needsApproval, notAnalysedByType, reportFails, restsOnText } from "./model";

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `urn:pulumi:dev::proj::a:b:C$x:y:Z::name` reads better as `x:y:Z name`. */
function shortUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) return oneLine(urn);
    const type = parts[2].split("$").pop();
    return oneLine(`${type} ${parts.slice(3).join("::")}`);
}

// Strings from a stack or a pack reach a terminal: escape sequences in a resource name or message
// could rewrite the screen (hide a finding) or reorder text, so every one is escaped here.
const indent = (text: string, pad: string) => escapeControl(text).split("\n").map((l) => pad + l).join("\n");

export function renderText(report: Report, opts: RenderOptions): string {
    const red = paint(opts.color, "31");
    const yellow = paint(opts.color, "33");
    const dim = paint(opts.color, "2");
    const bold = paint(opts.color, "1");
    const green = paint(opts.color, "32");
    const lines: string[] = [];

    const byUrn = new Map<string, string[]>();
    const located = new Map<string, ResourceLocation>();
    for (const f of [...report.violations, ...report.exemptions.expired, ...report.exemptions.applied, ...report.unverified]) if (f.location) located.set(f.urn, f);
    const add = (urn: string, entry: string) => byUrn.set(urn, [...(byUrn.get(urn) ?? []), entry]);
    /** `  index.ts:12 (declared at components/role.ts:40)` under the resource's name. */
    const where = (l: ResourceLocation | undefined) =>
        l?.location ? [dim(`  at ${oneLine(lineText(l.location))}${l.declaredAt ? ` (declared at ${oneLine(lineText(l.declaredAt))})` : ""}`)] : [];
    for (const v of report.violations) {
        const level = v.enforcementLevel === "mandatory" ? red("mandatory") : yellow("advisory");
        let entry = `  [${level}] ${bold(oneLine(v.policy))}${v.severity ? dim(` (${v.severity})`) : ""}\n${indent(v.message, "      ")}`;
        if (v.remediation) entry += `\n${dim(indent(`fix: ${v.remediation.trim()}`, "      "))}`;
        if (v.restsOn) entry += `\n${dim(indent(restsOnText(v.restsOn), "      "))}`;
        add(v.urn, entry);
    }
    for (const e of report.exemptions.expired) add(e.urn, `  [${yellow("exemption expired")}] ${bold(oneLine(e.policy))}\n${indent(e.message, "      ")}`);
    for (const e of report.exemptions.applied) add(e.urn, `  [${dim("exempted")}] ${oneLine(e.policy)}\n${dim(indent(e.message, "      "))}`);
    for (const u of report.unverified) {
        const tag = opts.strict ? red("unverified") : yellow("unverified");
        add(u.urn, `  [${tag}] ${bold(oneLine(u.policy))}\n      could not run at preview: ${oneLine(u.reason)}${u.restsOn ? `\n${dim(indent(restsOnText(u.restsOn), "      "))}` : ""}`);
    }

    // Access changes first: what the change does to the AI tools' access, before the findings.
    if (report.changes) {
        lines.push(bold(`Access changes compared with the deployed stack: ${report.changes.length || "none"}`));
        for (const ch of report.changes) {
            const gated = needsApproval(report, ch) ? ` ${red("(needs approval)")}` : "";
            lines.push(`  [${yellow(oneLine(ch.kind))}]${gated} ${ch.urn ? shortUrn(ch.urn) : oneLine(ch.identity)}${ch.tool ? dim(` (tool ${oneLine(ch.tool)})`) : ""}`, `      ${oneLine(ch.summary)}`);
            lines.push(...where(ch).map((l) => `    ${l}`));
        }
        lines.push("");
    }
    for (const [urn, entries] of byUrn) {
        lines.push(bold(shortUrn(urn)), ...where(located.get(urn)), dim(`  ${oneLine(urn)}`), ...entries, "");
    }
    if (report.notAnalysed.length) {
        const tag = opts.strict ? red("not analysed") : yellow("not analysed");
        lines.push(bold(`[${tag}] ${report.notAnalysed.length} resource${report.notAnalysed.length === 1 ? "" : "s"} whose contents no policy saw${opts.strict ? " (failing with --strict)" : ""}:`));
        for (const g of notAnalysedByType(report.notAnalysed)) {
            const names = g.resources.map((n) => `${oneLine(n.name)}${n.location ? ` (${oneLine(lineText(n.location))})` : ""}`);
            lines.push(`  ${bold(oneLine(g.type))} x${g.resources.length}: ${names.join(", ")}`, dim(`      ${oneLine(g.reason)}`));
        }
        lines.push("");
    }
    for (const note of report.notes) lines.push(yellow(`note: ${oneLine(note)}`));
    if (report.notes.length) lines.push("");

    const c = report.counts;
    const packs = report.policyPacks.map((p) => oneLine(`${p.name}@${p.version}`)).join(", ");
    const parts = [
        `${c.mandatory} mandatory`,
        `${c.advisory} advisory`,
        `${c.unverified} unverified`,
        `${c.exemptionsApplied} exempted`,
        ...(c.exemptionsExpired ? [`${c.exemptionsExpired} expired exemption${c.exemptionsExpired === 1 ? "" : "s"}`] : []),
        ...(c.notAnalysed ? [`${c.notAnalysed} not analysed`] : []),
    ];
    const verdict = reportFails(report, opts.strict) ? red("FAILED") : green("passed");
    lines.push(`${verdict}: ${parts.join(", ")} (${report.command} of ${report.resources} resources, stack ${oneLine(report.stack)}, ${packs})`);
    return lines.join("\n") + "\n";
}

export const textReporter: Reporter = {
    name: "text",
    summary: "findings grouped by resource, then a summary line (default)",
    render: renderText,
};

/**
 * The inventory as one self-contained HTML page for compliance reviews: summary counts, a timeline
 * of every end (identity expiries, grant ends, credential and secret expiries) with today marked,
 * a graph tool → identity → grants, then one section per AI tool with everything its identities
 * hold and the pack's findings on them.
 *
 * Every string comes from a stack and is hostile: all of it goes through `esc` (text and
 * attribute values alike), nothing from the stack reaches a script, a style, an event handler, a
 * URL or an id. The page loads nothing: styles and the one script are constants, allowed by their
 * hashes in the Content-Security-Policy, and the drawings are inline SVG with presentation
 * attributes (no style attributes, which that policy would refuse).
 */
import { createHash } from "crypto";
import type { InventoryRenderer } from "../formats";
import { escapeControl } from "../../report/escape";
import { EXPIRING_SOON_DAYS, type Dated, type Inventory, type InventoryFinding, type InventoryIdentity, type InventoryItem } from "../model";
import { entryAllows } from "../rows";
import { reviewOf } from "../review";

/** HTML-escapes text for element content and quoted attribute values; control characters shown as escapes. */
export function esc(s: string | number | null | undefined): string {
    return escapeControl(String(s ?? "")).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--bad:#b42318;--warn:#9a6700;--info:#0969da;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1280px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0 0 6px}
.meta{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft)}
.card b{display:block;font-size:28px;line-height:1.1}.card span{color:var(--muted)}
.card.bad b{color:var(--bad)}.card.warn b{color:var(--warn)}
.identity{border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:12px 0;break-inside:avoid}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
th{background:var(--soft);font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0 10px}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
.lvl{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;padding:1px 6px;border-radius:10px;border:1px solid currentColor;margin-right:6px}
.mandatory,.exemption-expired,.past{color:var(--bad)}.advisory,.soon{color:var(--warn)}.unverified{color:var(--info)}.exempted{color:var(--muted)}
ul.findings{margin:4px 0 0;padding-left:18px}ul.findings li{margin:2px 0}
svg{display:block;max-width:100%;height:auto;font:12px system-ui,sans-serif}
.filter{margin:8px 0}.filter input{font:inherit;padding:4px 8px;width:320px;max-width:100%}
.hidden{display:none}
@media print{body{max-width:none;padding:0;font-size:11px}.filter{display:none}.identity,figure{break-inside:avoid}h2{break-after:avoid}a{color:inherit}.card{background:none}}
`;

/** Filters the tool sections by the text typed; reads only the page's own text, writes only a class. */
const SCRIPT = `
document.addEventListener("DOMContentLoaded",function(){
var box=document.getElementById("filter");if(!box)return;
box.addEventListener("input",function(){var q=box.value.toLowerCase();
document.querySelectorAll("section.tool").forEach(function(s){s.classList.toggle("hidden",q!==""&&s.textContent.toLowerCase().indexOf(q)<0);});});
});
`;

const hash = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const NO_TOOL = "(no AI tool)";

function days(d: Dated | null, none: string): string {
    if (!d) return esc(none);
    if (d.daysLeft === null) return esc(d.at);
    const cls = d.daysLeft < 0 ? "past" : d.daysLeft <= EXPIRING_SOON_DAYS ? "soon" : "";
    const left = d.daysLeft < 0 ? `${-d.daysLeft} days ago` : `in ${d.daysLeft} days`;
    return `<time class="${cls}">${esc(d.at)}</time> <span class="${cls}">(${esc(left)})</span>`;
}

function findingList(fs: InventoryFinding[]): string {
    if (!fs.length) return "";
    return `<ul class="findings">${fs.map((f) => `<li><span class="lvl ${f.level}">${esc(f.level)}</span>${f.policy ? `<code>${esc(f.policy)}</code> ` : ""}${esc(f.message)}</li>`).join("")}</ul>`;
}

function itemRows(items: InventoryItem[]): string {
    const grants = items.filter((i) => i.grant);
    const creds = items.filter((i) => i.credential);
    const secrets = items.filter((i) => i.secret);
    const trusts = items.filter((i) => i.trust && !i.grant);
    const out: string[] = [];
    if (grants.length) {
        out.push(`<h3>Grants</h3><table class="grants"><thead><tr><th>Grant</th><th>Allows</th><th>On</th><th>Until</th></tr></thead><tbody>`);
        for (const g of grants) {
            const gr = g.grant!;
            const allows = gr.entries.length
                ? gr.entries.map((e) => `<div>${esc(entryAllows(e))}${e.ends ? ` <span class="muted">until ${esc(e.ends.at)}</span>` : ""}${e.problem ? ` <em>${esc(e.problem)}</em>` : ""}</div>`).join("")
                : "grants nothing";
            out.push(
                `<tr><td>${esc(g.label)} <b>${esc(g.name)}</b>${findingList(g.findings)}</td><td>${allows}${gr.unreadable ? `<div><em>unreadable: ${esc(gr.unreadable)}</em></div>` : ""}</td>` +
                    `<td>${gr.resources.length ? gr.resources.map((r) => `<div><code>${esc(r)}</code></div>`).join("") : "-"}</td><td>${gr.standing ? '<span class="past">never (standing)</span>' : days(gr.ends, "-")}</td></tr>`,
            );
        }
        out.push("</tbody></table>");
    }
    if (creds.length || secrets.length) {
        out.push(`<h3>Credentials and secrets</h3><table class="credentials"><thead><tr><th>Name</th><th>Kind</th><th>Rotation or lifetime</th><th>Expires</th></tr></thead><tbody>`);
        for (const c of creds) {
            const cr = c.credential!;
            const life = cr.longLived ? '<span class="past">long-lived</span>' : cr.lifetimeDays !== null ? esc(`valid ${cr.lifetimeDays} days`) : "-";
            out.push(`<tr><td>${esc(c.label)} <b>${esc(c.name)}</b>${findingList(c.findings)}</td><td>${esc(cr.kind)}</td><td>${life}${cr.problem ? ` <em>${esc(cr.problem)}</em>` : ""}</td><td>${cr.longLived ? "never" : days(c.expires, "-")}</td></tr>`);
        }
        for (const s of secrets) {
            const se = s.secret!;
            const rot = se.rotationDays !== null ? esc(`rotates every ${se.rotationDays} days`) : '<span class="soon">does not rotate</span>';
            out.push(`<tr><td>${esc(s.label)} <b>${esc(s.name)}</b>${findingList(s.findings)}</td><td>secret</td><td>${rot}${se.problem ? ` <em>${esc(se.problem)}</em>` : ""}</td><td>${days(s.expires, "-")}</td></tr>`);
        }
        out.push("</tbody></table>");
    }
    if (trusts.length) {
        out.push(`<h3>Trusts</h3><table class="trusts"><thead><tr><th>Trust</th><th>Subjects</th></tr></thead><tbody>`);
        for (const t of trusts) {
            const subjects = t.trust!.subjects.map((s) => `<div><code>${esc(s)}</code></div>`).join("") || "-";
            out.push(`<tr><td>${esc(t.label)} <b>${esc(t.name)}</b>${findingList(t.findings)}</td><td>${subjects}${t.trust!.problems.map((p) => `<div><em>${esc(p)}</em></div>`).join("")}</td></tr>`);
        }
        out.push("</tbody></table>");
    }
    return out.join("");
}

function identityCard(i: InventoryIdentity): string {
    const field = (k: string, v: string) => `<dt>${esc(k)}</dt><dd>${v}</dd>`;
    const subjects = i.trust?.subjects.length ? i.trust.subjects.map((s) => `<code>${esc(s)}</code>`).join(" ") : "";
    return [
        `<article class="identity"><h3>${esc(i.label)} <b>${esc(i.name)}</b> <span class="meta">${esc(i.cloud)}${i.stack ? ` · ${esc(i.stack)}` : ""}</span></h3><dl>`,
        field("Owner", esc(i.owner ?? "none")),
        field("Purpose", esc(i.purpose ?? "none")),
        field("Declared access", esc(i.access ?? "none")),
        field("Expires", days(i.expires, "never (no expiry)")),
        i.sessionSeconds !== null ? field("Sessions", esc(`up to ${i.sessionSeconds} s`)) : "",
        subjects ? field("Trusted subjects", subjects) : "",
        ...(i.trust?.problems ?? []).map((p) => field("Trust problem", esc(p))),
        ...i.annotationProblems.map((p) => field("Annotation problem", esc(p))),
        field("URN", `<code>${esc(i.urn)}</code>`),
        `</dl>`,
        i.findings.length ? `<h3>Findings</h3>${findingList(i.findings)}` : "",
        itemRows(i.attached),
        `</article>`,
    ].join("");
}

/** One end on the timeline: what ends, whose, when. */
interface End {
    what: string;
    owner: string;
    d: Dated;
}

function endsOf(inv: Inventory): End[] {
    const ends: End[] = [];
    const push = (what: string, owner: string, d: Dated | null | undefined) => {
        if (d && d.daysLeft !== null) ends.push({ what, owner, d });
    };
    for (const i of inv.identities) {
        push(`${i.label} ${i.name}`, i.tool ?? NO_TOOL, i.expires);
        for (const a of i.attached) push(`${a.label} ${a.name}`, i.tool ?? NO_TOOL, a.grant ? (a.grant.standing ? null : a.grant.ends) : a.credential?.longLived ? null : a.expires);
    }
    for (const u of inv.unattached) push(`${u.label} ${u.name}`, "(unattached)", u.grant ? (u.grant.standing ? null : u.grant.ends) : u.expires);
    return ends.sort((a, b) => a.d.daysLeft! - b.d.daysLeft! || a.what.localeCompare(b.what));
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Days from 30 before today to a year after it (an end outside is drawn at the edge with its
 * date written out), so a far-off 2099 expiry does not squash the next month into a pixel.
 */
function timeline(inv: Inventory): string {
    const ends = endsOf(inv);
    if (!ends.length) return "<p>Nothing in this inventory has a known end.</p>";
    const from = -30;
    const to = 365;
    const labelW = 390;
    const plotW = 560;
    const rowH = 20;
    const top = 34;
    const x = (d: number) => labelW + ((Math.max(from, Math.min(to, d)) - from) / (to - from)) * plotW;
    const h = top + ends.length * rowH + 10;
    const w = labelW + plotW + 120;
    const parts: string[] = [
        `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Timeline of expiries and grant ends">`,
        `<title>Expiries and grant ends, today marked</title>`,
    ];
    for (const tick of [0, 30, 90, 180, 365]) {
        parts.push(`<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${h - 6}" stroke="#d0d7de"/>`);
        if (tick) parts.push(`<text x="${x(tick)}" y="${top - 10}" text-anchor="middle" fill="#57606a">+${tick} d</text>`);
    }
    parts.push(`<rect x="${x(0)}" y="${top - 6}" width="${x(EXPIRING_SOON_DAYS) - x(0)}" height="${h - top}" fill="#fff8c5" opacity="0.6"/>`);
    ends.forEach((e, k) => {
        const y = top + k * rowH + rowH / 2;
        const left = e.d.daysLeft!;
        const colour = left < 0 ? "#b42318" : left <= EXPIRING_SOON_DAYS ? "#9a6700" : "#1a7f37";
        const label = `${e.owner}: ${e.what}`;
        parts.push(
            `<g class="end"><title>${esc(`${label} ends ${e.d.at} (${left < 0 ? `${-left} days ago` : `in ${left} days`})`)}</title>`,
            `<text x="4" y="${y + 4}" font-size="11" fill="#1b1f24">${esc(cut(label, 60))}</text>`,
            `<line x1="${x(Math.min(0, left))}" y1="${y}" x2="${x(Math.max(0, left))}" y2="${y}" stroke="${colour}" stroke-width="3"/>`,
            `<circle cx="${x(left)}" cy="${y}" r="5" fill="${colour}"/>`,
            `<text x="${x(left) + 8}" y="${y + 4}" fill="${colour}">${esc(e.d.at.slice(0, 10))}${left > to || left < from ? " →" : ""}</text></g>`,
        );
    });
    parts.push(
        `<line id="today" x1="${x(0)}" y1="${top - 22}" x2="${x(0)}" y2="${h - 6}" stroke="#0969da" stroke-width="2"/>`,
        `<text x="${x(0)}" y="${top - 24}" text-anchor="middle" fill="#0969da" font-weight="600">today ${esc(inv.now.slice(0, 10))}</text>`,
        `</svg>`,
    );
    return parts.join("");
}

/** Three columns (tools, identities, grants/credentials/secrets) in inventory order, edges between. */
function graph(inv: Inventory, tools: [string, InventoryIdentity[]][]): string {
    const rowH = 26;
    const nodeH = 20;
    const colW = [200, 300, 340];
    const gap = 70;
    const colX = [0, colW[0] + gap, colW[0] + colW[1] + 2 * gap];
    const nodes: string[] = [];
    const edges: string[] = [];
    let row = 0;
    const node = (col: number, r: number, text: string, fill: string, title: string) => {
        const y = 10 + r * rowH;
        nodes.push(
            `<g class="node col${col}"><title>${esc(title)}</title><rect x="${colX[col]}" y="${y}" width="${colW[col]}" height="${nodeH}" rx="4" fill="${fill}" stroke="#8c959f"/>` +
                `<text x="${colX[col] + 6}" y="${y + 14}" fill="#1b1f24">${esc(cut(text, Math.floor(colW[col] / 6.6)))}</text></g>`,
        );
        return y + nodeH / 2;
    };
    const edge = (fromCol: number, y1: number, y2: number, colour: string) => {
        const x1 = colX[fromCol] + colW[fromCol];
        const x2 = colX[fromCol + 1];
        edges.push(`<path d="M${x1} ${y1} C${x1 + gap / 2} ${y1} ${x2 - gap / 2} ${y2} ${x2} ${y2}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    };
    for (const [tool, ids] of tools) {
        const toolRow = row;
        const idYs: number[] = [];
        for (const i of ids) {
            const idRow = row;
            const held = i.attached;
            const ys = held.map((a, k) => {
                const bad = a.findings.some((f) => f.level === "mandatory");
                const kind = a.grant ? (a.grant.entries.length ? a.grant.entries.map(entryAllows).join(", ") : "grants nothing") : a.credential ? a.credential.kind : a.secret ? "secret" : "trust";
                return node(2, row + k, `${a.name}: ${kind}`, bad ? "#ffebe9" : a.grant ? "#ddf4ff" : "#fff8c5", `${a.label} ${a.name}: ${kind}`);
            });
            row += Math.max(1, held.length);
            const y = node(1, idRow + (Math.max(1, held.length) - 1) / 2, `${i.cloud} ${i.name}`, i.findings.some((f) => f.level === "mandatory") ? "#ffebe9" : "#dafbe1", `${i.label} ${i.name}`);
            ys.forEach((gy) => edge(1, y, gy, "#8c959f"));
            idYs.push(y);
        }
        const ty = node(0, toolRow + (row - toolRow - 1) / 2, tool, "#f6f8fa", tool);
        idYs.forEach((iy) => edge(0, ty, iy, "#57606a"));
        row += 0.5;
    }
    const h = Math.ceil(20 + row * rowH);
    const w = colX[2] + colW[2] + 2;
    return (
        `<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="AI tools, their identities and what they hold">` +
        `<title>Tool → identity → grants</title>${edges.join("")}${nodes.join("")}</svg>`
    );
}

export const htmlInventory: InventoryRenderer = {
    name: "html",
    summary: "one self-contained page per estate: timeline, graph, each AI tool's identities (no network)",
    render: (inv) => {
        const byTool = new Map<string, InventoryIdentity[]>();
        for (const i of inv.identities) byTool.set(i.tool ?? NO_TOOL, [...(byTool.get(i.tool ?? NO_TOOL) ?? []), i]);
        const tools = [...byTool].sort(([a], [b]) => (a === NO_TOOL ? 1 : b === NO_TOOL ? -1 : a.localeCompare(b)));
        const c = inv.counts;
        const findings = c.mandatory + c.advisory + c.unverified;
        // Everything with a known end counts here, not only identities: a grant that lapses stops the tool too.
        const due = reviewOf(inv, EXPIRING_SOON_DAYS).ending;
        const ended = due.filter((e) => e.daysLeft < 0).length;
        const aiTools = tools.filter(([t]) => t !== NO_TOOL).length;
        const title = inv.stacks ? `NHI inventory: ${inv.stacks.length} stacks` : `NHI inventory: ${inv.project} / ${inv.stack}`;
        const from = inv.stacks
            ? inv.stacks.map((s) => `${s.project}/${s.stack} (${s.source === "audit" ? "deployed state" : "program preview"})`).join(", ")
            : inv.source === "audit"
              ? "Deployed state"
              : "Program preview";
        const card = (n: number, what: string, cls = "") => `<div class="card ${cls}"><b>${n}</b><span>${esc(what)}</span></div>`;
        const body: string[] = [
            `<header><h1>${esc(title)}</h1><p class="meta">${esc(`${from}; days counted from ${inv.now}; ${inv.policyPacks.map((p) => `${p.name}@${p.version}`).join(", ")}`)}</p></header>`,
            `<section class="cards" aria-label="Summary">`,
            card(aiTools, plural(aiTools, "AI tool").replace(/^\d+ /, "")),
            card(c.identities, `identities (${c.aiToolIdentities} AI tool)`),
            card(due.length, `identities, grants, credentials or secrets ending within ${EXPIRING_SOON_DAYS} days (${ended} already ended)`, ended ? "bad" : due.length ? "warn" : ""),
            card(findings, `findings: ${c.mandatory} mandatory, ${c.advisory} advisory, ${c.unverified} unverified`, c.mandatory ? "bad" : ""),
            `</section>`,
            `<p class="meta">${esc(`${plural(c.withoutOwner, "identity", "identities")} without owner, ${c.withoutExpiry} without expiry; ${plural(c.standingGrants, "standing grant")}, ${plural(c.longLivedCredentials, "long-lived credential")}`)}</p>`,
            `<h2>Expiries and grant ends</h2><figure>${timeline(inv)}</figure>`,
            `<h2>Tools, identities and grants</h2><figure>${tools.length ? graph(inv, tools) : "<p>No identities.</p>"}</figure>`,
            `<div class="filter"><label>Filter tools <input id="filter" type="search" placeholder="name, owner, action…"></label></div>`,
        ];
        for (const [tool, ids] of tools) body.push(`<section class="tool"><h2>${esc(tool)}</h2>${ids.map(identityCard).join("")}</section>`);
        if (inv.unattached.length) body.push(`<section class="tool"><h2>Not attached to any identity</h2><div class="identity">${itemRows(inv.unattached)}</div></section>`);
        if (inv.otherFindings.length) {
            body.push(`<section><h2>Other findings</h2><ul class="findings">${inv.otherFindings.map((f) => `<li><span class="lvl ${f.level}">${esc(f.level)}</span>${f.policy ? `<code>${esc(f.policy)}</code> ` : ""}${esc(f.message)} <code>${esc(f.urn)}</code></li>`).join("")}</ul></section>`);
        }
        if (inv.notes.length) body.push(`<section><h2>Notes</h2><ul>${inv.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul></section>`);
        return [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            `<meta http-equiv="Content-Security-Policy" content="${esc(CONTENT_SECURITY_POLICY)}">`,
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            `<title>${esc(title)}</title>`,
            `<style>${STYLE}</style>`,
            `<script>${SCRIPT}</script>`,
            `</head><body>${body.join("\n")}</body></html>`,
            "",
        ].join("\n");
    },
};

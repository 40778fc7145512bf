"use strict";
/** Medians and ranges over rounds, and ratios taken pair by pair (same round) before summarising. */

function stats(xs) {
    const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    if (!v.length) return { median: NaN, min: NaN, max: NaN, n: 0 };
    const mid = v.length >> 1;
    return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
}

/** `f(subject round i) / f(floor round i)` for each round both ran, summarised. */
function ratios(subject, floor, f) {
    const out = [];
    for (let i = 0; i < Math.min(subject.length, floor.length); i++) out.push(f(subject[i]) / f(floor[i]));
    return stats(out);
}

function fmt(x, digits) {
    if (!Number.isFinite(x)) return "n/a";
    const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
    return x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

function table(head, rows) {
    const line = (cells) => `| ${cells.join(" | ")} |`;
    return [line(head), line(head.map((_, i) => (i ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

module.exports = { stats, ratios, fmt, table };

/**
 * Every string in a stack is hostile: a resource name, tag or message can carry terminal escape
 * sequences (rewrite the screen, hide a finding), bidirectional overrides (make text read in
 * another order than it is) or markup. Renderers escape on the way out, per format.
 */

// C0 and C1 controls (tab, newline and carriage return are decided by the caller), DEL, and the
// Unicode bidirectional controls and invisible separators.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const hex = (c: string) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
};

/** Visible escapes for control characters; newlines and tabs kept (multi-line messages). */
export function escapeControl(s: string): string {
    return String(s).replace(UNSAFE, hex).replace(/\r/g, "\\r");
}

/** One line: control characters escaped, newlines and tabs too. */
export function oneLine(s: string): string {
    return escapeControl(s).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}

/**
 * Text safe in a GitHub-flavoured markdown table cell or paragraph: HTML and markdown syntax
 * neutralised (no injected links, images, details blocks or @-mentions that would notify people),
 * `|` escaped so a value cannot add columns, newlines as `<br>`.
 */
export function markdownText(s: string): string {
    // Markdown punctuation first, then entities, so neither escapes the other's output.
    return escapeControl(s)
        .replace(/[\\`*_[\]|#~!]/g, (c) => `\\${c}`)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/@/g, "&#64;")
        .replace(/\r?\n/g, "<br>")
        .replace(/\t/g, " ");
}

/**
 * Prose from a policy pack (descriptions, remediation) in markdown: code spans kept, HTML and
 * table syntax neutralised. Only for pack metadata; strings from a stack go through `markdownText`.
 */
export function markdownProse(s: string): string {
    return escapeControl(s)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/\|/g, "\\|")
        .replace(/\r?\n/g, "<br>");
}

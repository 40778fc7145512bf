/**
 * Exemption patterns: `*` matches any run of characters, `?` exactly one, everything else is
 * literal. Deliberately smaller than shell globs: URNs are full of `/`, `:` and `$`, which path
 * matchers treat as separators, and an exemption that matches more than its approver read is a hole.
 */

/** Longer patterns are refused: no URN is this long, and a bounded pattern keeps matching cheap. */
export const MAX_PATTERN_LENGTH = 1024;

const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

export function globToRegExp(pattern: string): RegExp {
    let source = "";
    let previousStar = false;
    for (const ch of pattern) {
        if (ch === "*") {
            // `**` means the same as `*`; collapsing it keeps backtracking linear in the pattern.
            if (!previousStar) source += "[\\s\\S]*";
            previousStar = true;
            continue;
        }
        previousStar = false;
        source += ch === "?" ? "[\\s\\S]" : ch.replace(SYNTAX, "\\$&");
    }
    return new RegExp(`^${source}$`, "u");
}

/**
 * Whether an exemption's `resource` names this resource: a pattern starting with `urn:` is matched
 * against the URN, anything else against the resource's name.
 */
export function matchesResource(pattern: string, urn: string, name: string): boolean {
    const subject = pattern.startsWith("urn:") ? urn : name;
    return globToRegExp(pattern).test(subject);
}

/**
 * Just enough CEL to answer two questions conservatively, for IAM conditions and workload identity
 * attribute conditions:
 *
 * - Does the expression end? Only a top-level conjunction counts: if one conjunct is
 *   `request.time < timestamp("...")` (or `<=`, or the mirrored `timestamp("...") > request.time`),
 *   the whole expression is false after that instant whatever the other conjuncts say.
 * - Which claims does it pin? Again only top-level conjuncts of the form `assertion.claim == "v"`.
 *
 * Anything this module cannot prove is "no bound" and "no pin": a top-level `||` or `?:`, a
 * comment, an escape sequence in a string, a character CEL does not have. The module never throws.
 */
import { parseIsoInstant } from "../dates";

/** Longer than any expression GCP accepts (IAM conditions stop at 12,800 characters). */
export const MAX_EXPRESSION_CHARS = 16_384;

export type TokenKind = "ident" | "string" | "number" | "op";

export interface Token {
    kind: TokenKind;
    /** Identifier name, operator text, number text, or a string literal's content. */
    text: string;
    /** A string literal whose content is not what it looks like (escapes, raw/bytes prefixes, triple quotes). */
    unusual?: boolean;
}

export type Lexed = { tokens: Token[] } | { problem: string };

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "?", ":", "(", ")", "[", "]", "{", "}", ".", ",", "+", "-", "*", "/", "%"];
const CLOSING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Splits an expression into tokens; refuses comments and anything CEL's grammar has no use for. */
export function lex(expression: string): Lexed {
    const tokens: Token[] = [];
    let i = 0;
    const n = expression.length;
    while (i < n) {
        const c = expression[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "/" && expression[i + 1] === "/") return { problem: "it contains a comment" };
        const prefixed = /^[rRbB]{1,2}["']/.test(expression.slice(i, i + 3)) && /[rRbB]/.test(c);
        if (c === '"' || c === "'" || prefixed) {
            let j = i;
            let unusual = false;
            while (/[rRbB]/.test(expression[j])) {
                unusual = true;
                j++;
            }
            const quote = expression[j];
            const triple = expression.slice(j, j + 3) === quote.repeat(3);
            const delimiter = triple ? quote.repeat(3) : quote;
            if (triple) unusual = true;
            let k = j + delimiter.length;
            let content = "";
            for (;;) {
                if (k >= n) return { problem: "a string is not terminated" };
                if (expression[k] === "\\") {
                    unusual = true;
                    content += expression.slice(k, k + 2);
                    k += 2;
                    continue;
                }
                if (expression.startsWith(delimiter, k)) break;
                if (!triple && (expression[k] === "\n" || expression[k] === "\r")) return { problem: "a string runs over a line end" };
                content += expression[k];
                k++;
            }
            tokens.push({ kind: "string", text: content, unusual: unusual || undefined });
            i = k + delimiter.length;
            continue;
        }
        const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i, i + 256));
        if (ident) {
            tokens.push({ kind: "ident", text: ident[0] });
            i += ident[0].length;
            continue;
        }
        const num = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[uU]?/.exec(expression.slice(i, i + 64));
        if (num) {
            tokens.push({ kind: "number", text: num[0] });
            i += num[0].length;
            continue;
        }
        const op = OPERATORS.find((o) => expression.startsWith(o, i));
        if (!op) return { problem: `it contains a character CEL does not have (${JSON.stringify(c)})` };
        tokens.push({ kind: "op", text: op });
        i += op.length;
    }
    return { tokens };
}

/** Index of the bracket closing the one at `open`, or -1 when brackets do not balance. */
function closingIndex(tokens: Token[], open: number): number {
    const stack: string[] = [];
    for (let i = open; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.kind !== "op") continue;
        if (CLOSING[t.text]) stack.push(CLOSING[t.text]);
        else if (t.text === ")" || t.text === "]" || t.text === "}") {
            if (stack.pop() !== t.text) return -1;
            if (stack.length === 0) return i;
        }
    }
    return -1;
}

function balanced(tokens: Token[]): boolean {
    let depth = 0;
    const stack: string[] = [];
    for (const t of tokens) {
        if (t.kind !== "op") continue;
        if (CLOSING[t.text]) {
            stack.push(CLOSING[t.text]);
            depth++;
        } else if (t.text === ")" || t.text === "]" || t.text === "}") {
            if (stack.pop() !== t.text) return false;
            depth--;
        }
    }
    return depth === 0;
}

export type Conjunction = { conjuncts: Token[][] } | { problem: string };

/**
 * The expression's top-level conjuncts, with redundant parentheses removed and nested
 * conjunctions (`(a && b) && c`) flattened. A top-level `||` or `?:` makes the expression no
 * conjunction at all: one branch could hold without any of the other conjuncts.
 */
export function conjunction(tokens: Token[]): Conjunction {
    if (!balanced(tokens)) return { problem: "its brackets do not balance" };
    const top = splitAnd(unwrap(tokens));
    if ("problem" in top) return top;
    const out: Token[][] = [];
    const pending = [...top.conjuncts].reverse();
    while (pending.length) {
        const part = pending.pop()!;
        const inner = unwrap(part);
        if (inner.length < part.length) {
            // `(a && b)` flattens; `(a || b)` stays one opaque conjunct, which narrows nothing we prove.
            const split = splitAnd(inner);
            if (!("problem" in split)) {
                for (let p = split.conjuncts.length - 1; p >= 0; p--) pending.push(split.conjuncts[p]);
                continue;
            }
        }
        out.push(inner);
    }
    return { conjuncts: out };
}

/** Removes parentheses around the whole of `part`, as often as they appear. */
function unwrap(part: Token[]): Token[] {
    while (part.length >= 2 && part[0].kind === "op" && part[0].text === "(" && closingIndex(part, 0) === part.length - 1) part = part.slice(1, -1);
    return part;
}

/** Splits at depth-0 `&&`; a depth-0 `||` or `?:` is a problem (the expression is no conjunction). */
function splitAnd(part: Token[]): Conjunction {
    if (part.length === 0) return { problem: "it has an empty term" };
    const pieces: Token[][] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < part.length; i++) {
        const t = part[i];
        if (t.kind !== "op") continue;
        if (CLOSING[t.text]) depth++;
        else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
        else if (depth === 0 && (t.text === "||" || t.text === "?" || t.text === ":")) {
            return { problem: `it has \`${t.text === "||" ? "||" : "?:"}\` at the top level, so one branch may hold without the others` };
        } else if (depth === 0 && t.text === "&&") {
            pieces.push(part.slice(start, i));
            start = i + 1;
        }
    }
    pieces.push(part.slice(start));
    if (pieces.some((p) => p.length === 0)) return { problem: "it has an empty term" };
    return { conjuncts: pieces };
}

/** Lexes and splits in one step; a problem from either stage is returned as is. */
export function parseConjunction(expression: unknown): Conjunction {
    if (typeof expression !== "string") return { problem: "it is not a string" };
    if (expression.length > MAX_EXPRESSION_CHARS) return { problem: `it is longer than ${MAX_EXPRESSION_CHARS} characters` };
    if (expression.trim() === "") return { problem: "it is empty" };
    const lexed = lex(expression);
    if ("problem" in lexed) return lexed;
    return conjunction(lexed.tokens);
}

const is = (t: Token | undefined, kind: TokenKind, text?: string) => !!t && t.kind === kind && (text === undefined || t.text === text);

/** `a.b` as two identifiers and a dot, at `at`. */
function selector(tokens: Token[], at: number, root: string): string | undefined {
    if (is(tokens[at], "ident", root) && is(tokens[at + 1], "op", ".") && is(tokens[at + 2], "ident")) return tokens[at + 2].text;
    return undefined;
}

/** `timestamp("...")` at `at`: the literal, or undefined. */
function timestampCall(tokens: Token[], at: number): Token | undefined {
    if (is(tokens[at], "ident", "timestamp") && is(tokens[at + 1], "op", "(") && is(tokens[at + 2], "string") && is(tokens[at + 3], "op", ")")) return tokens[at + 2];
    return undefined;
}

export interface TimeBoundReading {
    /** When the expression stops holding; undefined when nothing proves it does. */
    endsAt?: Date;
    /** Why an expression that mentions `request.time` gives no end, for the message. */
    endProblem?: string;
}

/**
 * When a condition stops holding. Conjuncts `request.time < timestamp(T)` and `request.time <=
 * timestamp(T)` end it at T (the earliest if several); the mirrored `timestamp(T) > request.time`
 * counts too. An expression without such a conjunct has no end; one that mentions `request.time`
 * without proving a bound says why.
 */
export function readTimeBound(expression: unknown): TimeBoundReading {
    const parsed = parseConjunction(expression);
    const mentionsTime = typeof expression === "string" && /request\s*\.\s*time/.test(expression.slice(0, MAX_EXPRESSION_CHARS));
    if ("problem" in parsed) {
        const unreadable = typeof expression !== "string" || expression.length > MAX_EXPRESSION_CHARS;
        return mentionsTime || unreadable ? { endProblem: `the condition gives no end: ${parsed.problem}` } : {};
    }
    let endsAt: Date | undefined;
    let endProblem: string | undefined;
    for (const c of parsed.conjuncts) {
        const literal = boundLiteral(c);
        if (!literal) continue;
        const date = literal.unusual ? undefined : parseRfc3339(literal.text);
        if (!date) {
            endProblem ??= `the condition's timestamp(${JSON.stringify(clip(literal.text))}) is not an RFC 3339 date-time; write \`request.time < timestamp("2027-03-31T00:00:00Z")\``;
            continue;
        }
        if (!endsAt || date.getTime() < endsAt.getTime()) endsAt = date;
    }
    if (endsAt) return { endsAt };
    if (endProblem) return { endProblem };
    return mentionsTime ? { endProblem: "no top-level `request.time < timestamp(...)` term bounds the condition" } : {};
}

/** The timestamp literal of a bound conjunct, in either orientation; undefined for any other term. */
function boundLiteral(c: Token[]): Token | undefined {
    if (c.length !== 8) return undefined;
    // request . time (< | <=) timestamp ( "T" )
    if (selector(c, 0, "request") === "time" && (is(c[3], "op", "<") || is(c[3], "op", "<="))) return timestampCall(c, 4);
    // timestamp ( "T" ) (> | >=) request . time
    if (selector(c, 5, "request") === "time" && (is(c[4], "op", ">") || is(c[4], "op", ">="))) return timestampCall(c, 0);
    return undefined;
}

/** RFC 3339 as CEL's `timestamp()` takes it: a date-time with a zone, never a bare date. */
export function parseRfc3339(value: string): Date | undefined {
    if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
    return parseIsoInstant(value);
}

/** The roots an attribute condition can compare: the token's claims, mapped attributes, Google's own. */
export const PIN_ROOTS: readonly string[] = ["assertion", "attribute", "google"];

/**
 * Values pinned by top-level conjuncts `root.claim == "value"` (or mirrored), keyed by the selector
 * as written (`assertion.repository`). A selector compared with two different values maps to both:
 * the condition can never hold, and it pins no single value either.
 */
export function readPins(expression: unknown): { pins: Map<string, string[]> } | { problem: string } {
    const parsed = parseConjunction(expression);
    if ("problem" in parsed) return parsed;
    const pins = new Map<string, string[]>();
    const selectorAt = (c: Token[], at: number) => {
        for (const root of PIN_ROOTS) {
            const claim = selector(c, at, root);
            if (claim) return `${root}.${claim}`;
        }
        return undefined;
    };
    for (const c of parsed.conjuncts) {
        if (c.length !== 5) continue;
        let key: string | undefined;
        let literal: Token | undefined;
        if (is(c[3], "op", "==") && is(c[4], "string")) {
            key = selectorAt(c, 0);
            literal = c[4];
        } else if (is(c[0], "string") && is(c[1], "op", "==")) {
            key = selectorAt(c, 2);
            literal = c[0];
        }
        if (!key || !literal || literal.unusual) continue;
        const values = pins.get(key) ?? [];
        if (!values.includes(literal.text)) values.push(literal.text);
        pins.set(key, values);
    }
    return { pins };
}

function clip(s: string, max = 48): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

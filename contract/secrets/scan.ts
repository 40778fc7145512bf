/**
 * Finds credentials in any value: plain strings, strings holding JSON, YAML, shell scripts or
 * `KEY=value` lines, base64 (userData), and maps whose keys name what their values are.
 *
 * Scanning every string of every input is on the hot path of every Analyze, so a string reaches
 * a rule's regex only after one pass over it (keywords.ts) has found one of the rules' keywords
 * (gitleaks' own prefilter idea), and a name/value pair only after it found a name's keyword;
 * nearly every string stops there. A match is then checked like gitleaks does (entropy of the
 * secret part, the rule's allowlist) and against placeholders, so `sk-...`, `<your-key>` and
 * documentation keys are not findings.
 *
 * Nothing returned holds a secret: a finding is its kind and at most the last four characters.
 */
import { KeywordSets } from "./keywords";
import { GENERATED_RULES, type GeneratedRule } from "./rules.generated";
import { NAMED_RULES, NAME_KEYWORDS, SUPPLEMENT_RULES } from "./supplement";

export interface SecretMatch {
    /** What it is ("GitHub personal access token"). */
    kind: string;
    /** The last four characters, for tokens long enough that four characters reveal nothing. */
    tail?: string;
    /** Set when the credential was inside base64 text (the path names the encoded input). */
    encoded?: boolean;
}

interface Rule {
    id: string;
    kind: string;
    /** Global, so a match that is a placeholder lets the next one be tried. */
    re: RegExp;
    keywords: readonly string[];
    entropy: number;
    group: number;
    allow: RegExp[];
    showTail: boolean;
    /** `re` again for redactText's replace, compiled once rather than per call. */
    scrub: RegExp;
}

const NO_TAIL = new Set(["private-key", "gcp-service-account-key", "putty-private-key", "database-url-password", "slack-webhook-url"]);

function compile(r: GeneratedRule): Rule {
    return {
        id: r.id,
        kind: r.kind,
        re: new RegExp(r.source, `${r.flags}g`),
        keywords: r.keywords,
        entropy: r.entropy,
        group: r.secretGroup,
        allow: r.allow.map(([s, f]) => new RegExp(s, f)),
        showTail: !NO_TAIL.has(r.id),
        scrub: new RegExp(r.source, `${r.flags}g`),
    };
}

// The supplement's service-account rule comes first so a key file is named for what it is.
const RULES: readonly Rule[] = [...SUPPLEMENT_RULES, ...GENERATED_RULES].map(compile);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const KEYWORDS = [...new Set(RULES.flatMap((r) => r.keywords))].sort((a, b) => b.length - a.length);
/** Every rule's keywords (bit 1) and every name's (bit 2), found in one pass: the only work most strings ever see. */
const PREFILTER = new KeywordSets([KEYWORDS, NAME_KEYWORDS]);
const RULE_KEYWORD = 1;
const NAME_KEYWORD = 2;
// Once a rule keyword is there, which ones: this regex's leftmost-longest matches pick the candidate
// rules (and so which kind a finding names), as they did before the one-pass prefilter.
const PREFILTER_ALL = new RegExp(KEYWORDS.map(escape).join("|"), "gi");
/** Keyword -> the rules it sends a string to, in rule order. */
const BY_KEYWORD = new Map(KEYWORDS.map((k) => [k, RULES.filter((r) => r.keywords.includes(k))]));

/** The rules whose keywords occur in `text`, in rule order (one regex pass over the text). */
function candidates(text: string): Rule[] {
    PREFILTER_ALL.lastIndex = 0;
    const found = new Set<Rule>();
    let m: RegExpExecArray | null;
    while ((m = PREFILTER_ALL.exec(text))) for (const r of BY_KEYWORD.get(m[0].toLowerCase()) ?? []) found.add(r);
    // A keyword inside a longer one (`xoxe-` in `xoxe.xoxp-`) is found by the rule's own regex anyway.
    return found.size > 1 ? RULES.filter((r) => found.has(r)) : [...found];
}

/** Shannon entropy in bits per character, as gitleaks computes it for its `entropy` threshold. */
export function entropy(s: string): number {
    if (!s) return 0;
    const counts = new Map<string, number>();
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    let h = 0;
    for (const n of counts.values()) {
        const p = n / s.length;
        h -= p * Math.log2(p);
    }
    return h;
}

/**
 * Documentation and template values: gitleaks' global allowlist (one repeated character,
 * `${VAR}`, `{{ template }}`) plus what people write in place of a key (`...`, `<your-key>`,
 * runs of x or 0, EXAMPLE/placeholder words).
 */
const PLACEHOLDER = /\.\.\.|…|[<>]|\{\{|\$\{|\$\(|x{5,}|X{5,}|0{8,}|\*{3,}|example|placeholder|your[_-]?|redacted|changeme|dummy|replace[_-]?me|fake|sample|insert/i;

export function isPlaceholder(secret: string): boolean {
    return PLACEHOLDER.test(secret) || /^(.)\1*$/.test(secret);
}

function tailOf(secret: string, show: boolean): string | undefined {
    return show && secret.length >= 16 ? secret.slice(-4) : undefined;
}

/** The secret part of a match: the rule's group, else the first group that matched, else all. */
function secretOf(m: RegExpExecArray, group: number): string {
    if (group && m[group] !== undefined) return m[group];
    for (let i = 1; i < m.length; i++) if (m[i] !== undefined) return m[i];
    return m[0];
}

/** The rules over `text`, which has one of their keywords. */
function matchRules(text: string): SecretMatch | undefined {
    for (const r of candidates(text)) {
        const re = r.re;
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        let guard = 0;
        while ((m = re.exec(text)) && guard++ < 64) {
            if (m[0].length === 0) re.lastIndex++;
            const secret = secretOf(m, r.group);
            // gitleaks keeps a match only above its threshold (detect.go: `entropy <= r.Entropy` is dropped).
            if (r.entropy && entropy(secret) <= r.entropy) continue;
            if (r.allow.some((a) => a.test(secret))) continue;
            if (isPlaceholder(secret)) continue;
            return { kind: r.kind, tail: tailOf(secret, r.showTail) };
        }
    }
    return undefined;
}

/** A value stored under a name that says what it is (`MISTRAL_API_KEY`, `aws_secret_access_key`). */
export function matchNamed(name: string, value: string): SecretMatch | undefined {
    if (!PREFILTER.find(name, NAME_KEYWORD)) return undefined;
    for (const r of NAMED_RULES) {
        if (!r.name.test(name) || !r.value.test(value)) continue;
        if (entropy(value) <= r.entropy || isPlaceholder(value)) continue;
        return { kind: r.kind, tail: tailOf(value, true) };
    }
    return undefined;
}

// Name/value pairs inside text: `KEY=value` and `export KEY=value` (shell, .env), `key: value`
// (YAML), `"key": "value"` (JSON), and ECS's / Kubernetes' `name` then `value`.
const LINE_PAIR = /(?:^|[\s,{;&|(])["']?([A-Za-z_][A-Za-z0-9_.-]{1,80})["']?\s*[:=]\s*["']?([A-Za-z0-9/+=_.~-]{16,200})/g;
const NAME_VALUE = /["']?name["']?\s*:\s*["']?([A-Za-z_][A-Za-z0-9_.-]{1,80})["']?\s*[,\n]\s*-?\s*["']?value["']?\s*:\s*["']?([A-Za-z0-9/+=_.~-]{16,200})/g;

/** Name/value pairs in `text`, which has one of the names' keywords. */
function matchPairsInText(text: string): SecretMatch | undefined {
    for (const re of [LINE_PAIR, NAME_VALUE]) {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(text))) {
            const hit = matchNamed(m[1], m[2]);
            if (hit) return hit;
        }
    }
    return undefined;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

/** Text inside a base64 value (cloud-init userData), when it decodes to printable text. */
function decodedText(value: string): string | undefined {
    if (value.length < 24 || value.length > 1 << 20 || !BASE64.test(value)) return undefined;
    let text: string;
    try {
        text = Buffer.from(value, "base64").toString("utf8");
    } catch {
        return undefined;
    }
    if (!text) return undefined;
    let printable = 0;
    const n = Math.min(text.length, 512);
    for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
    }
    return printable / n > 0.95 ? text : undefined;
}

/**
 * The first credential in a string, whatever it holds: the rules over the text itself (which
 * covers JSON, YAML and scripts written as text), then name/value pairs in it, then the same
 * again over its base64 decoding.
 */
export function scanString(value: string, depth = 0): SecretMatch | undefined {
    const keywords = PREFILTER.find(value);
    const direct = (keywords & RULE_KEYWORD ? matchRules(value) : undefined) ?? (keywords & NAME_KEYWORD ? matchPairsInText(value) : undefined);
    if (direct || depth > 1) return direct;
    const decoded = decodedText(value);
    if (decoded === undefined) return undefined;
    const inner = scanString(decoded, depth + 1);
    return inner && { ...inner, encoded: true };
}

/** Replaces every credential the rules recognise, for text that may echo input (error messages). */
export function redactText(text: string): string {
    if (!PREFILTER.find(text, RULE_KEYWORD)) return text;
    let out = text;
    for (const r of candidates(text)) {
        out = out.replace(r.scrub, (whole: string, ...groups: unknown[]) => {
            const strs = groups.filter((g): g is string => typeof g === "string");
            // Placeholders and documentation keys too: redacting one costs nothing, missing a key would.
            const secret = strs.find((g) => whole.includes(g) && g.length > 0) ?? whole;
            return whole.replace(secret, `[redacted ${r.kind}]`);
        });
    }
    return out;
}

/** Rule ids, for tests and the docs. */
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

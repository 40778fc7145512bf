/**
 * Credential-shaped strings and how to talk about them without repeating them. The pack receives
 * secrets in plain text, so nothing it prints may contain a value it was given: messages name the
 * field and the kind of credential, and at most the last four characters of a token.
 */

export interface CredentialDetector {
    kind: string;
    pattern: RegExp;
    /** Whether the last four characters identify the token without giving it away (not for PEM). */
    showTail: boolean;
}

// Word-ish boundaries on both sides: `task-...` must not read as an `sk-` key, nor a longer
// upper-case identifier as an AWS key.
export const CREDENTIAL_DETECTORS: readonly CredentialDetector[] = [
    { kind: "private key (PEM)", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, showTail: false },
    { kind: "AWS access key ID", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/, showTail: true },
    { kind: "GitHub fine-grained personal access token", pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}/, showTail: true },
    { kind: "GitHub token", pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9])/, showTail: true },
    { kind: "Anthropic API key", pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/, showTail: true },
    { kind: "OpenAI API key", pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)[A-Za-z0-9_-]{20,}/, showTail: true },
    { kind: "Slack token", pattern: /(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}/, showTail: true },
];

export interface CredentialMatch {
    kind: string;
    /** The last four characters, for tokens long enough that four characters reveal nothing useful. */
    tail?: string;
}

/** The first credential-shaped substring of `value`, described but never returned whole. */
export function findCredential(value: string): CredentialMatch | undefined {
    for (const d of CREDENTIAL_DETECTORS) {
        const m = d.pattern.exec(value);
        if (m) return { kind: d.kind, tail: d.showTail && m[0].length >= 16 ? m[0].slice(-4) : undefined };
    }
    return undefined;
}

/** Replaces every credential-shaped substring, for text that may echo input (error messages). */
export function redactCredentials(text: string): string {
    let out = text;
    for (const d of CREDENTIAL_DETECTORS) out = out.replace(new RegExp(d.pattern.source, "g"), `[redacted ${d.kind}]`);
    return out;
}

const MAX_ERROR_TEXT = 160;

/**
 * Why a check failed, safe to print: the error's class and its message with every quoted fragment
 * removed (parsers quote the input they choke on) and credential shapes redacted.
 */
export function describeFailure(error: unknown): string {
    if (!(error instanceof Error)) return "a non-error value was thrown";
    const name = error.constructor?.name && error.constructor.name !== "Object" ? error.constructor.name : error.name;
    const message = redactCredentials(
        String(error.message ?? "")
            .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`\n]*`/g, "…")
            .replace(/\s+/g, " ")
            .trim(),
    );
    const short = message.length > MAX_ERROR_TEXT ? `${message.slice(0, MAX_ERROR_TEXT)}…` : message;
    return short ? `${name}: ${short}` : name;
}

/** Free text from config (exemption reasons, approvers) made safe for a one-line message. */
export function oneLine(text: string, max = 200): string {
    const clean = redactCredentials(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim());
    return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

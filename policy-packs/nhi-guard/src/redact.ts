/**
 * Credential-shaped strings and how to talk about them without repeating them. The pack receives
 * secrets in plain text, so nothing it prints may contain a value it was given: messages name the
 * field and the kind of credential, and at most the last four characters of a token.
 */

import { redactText, scanString } from "../../../contract/secrets/scan";

export interface CredentialMatch {
    kind: string;
    /** The last four characters, for tokens long enough that four characters reveal nothing useful. */
    tail?: string;
}

/**
 * The first credential in `value` (the formats of contract/secrets: gitleaks' rules and the
 * supplement), described but never returned whole.
 */
export function findCredential(value: string): CredentialMatch | undefined {
    const m = scanString(value);
    return m && { kind: m.kind, tail: m.tail };
}

/** Replaces every credential the rules recognise, for text that may echo input (error messages). */
export function redactCredentials(text: string): string {
    return redactText(text);
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

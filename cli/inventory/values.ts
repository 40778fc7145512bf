/**
 * Wire-form properties as the facts readers expect them, outside @pulumi/policy's proxy. The pack
 * sees secrets unwrapped and unknowns as sentinels; so do the readers here, with two duties the
 * proxy would otherwise have: every string that was secret is remembered so it is never shown,
 * and an unknown sentinel is shown as `(unknown at preview)`, never as a value.
 */
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../analyzer/protocol";
import { isUnknown } from "../../contract/facts";

export const UNKNOWN_AT_PREVIEW = "(unknown at preview)";
export const SECRET_VALUE = "(secret)";

/** Secret strings seen so far; a displayed value containing one is replaced whole. */
export class SecretRegistry {
    private readonly values = new Set<string>();

    add(value: unknown): void {
        if (typeof value === "string") {
            if (value.length > 0) this.values.add(value);
        } else if (Array.isArray(value)) value.forEach((v) => this.add(v));
        else if (value && typeof value === "object") Object.values(value).forEach((v) => this.add(v));
        else if (value !== null && value !== undefined) this.values.add(String(value));
    }

    /** Whether `text` is, or contains, a secret value. Short secrets (under 4 characters) only match whole. */
    reveals(text: string): boolean {
        for (const v of this.values) if (text === v || (v.length >= 4 && text.includes(v))) return true;
        return false;
    }
}

/** Unwraps wire secrets (remembering their values) and drops resource-reference wrappers' internals. */
export function plainProps(props: Record<string, unknown>, secrets: SecretRegistry): Record<string, any> {
    const walk = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(walk);
        if (v && typeof v === "object") {
            const o = v as Record<string, unknown>;
            if (o[SPECIAL_SIG_KEY] === SECRET_SIG) {
                const inner = walk(o.value);
                secrets.add(inner);
                return inner;
            }
            const out: Record<string, unknown> = {};
            for (const [k, e] of Object.entries(o)) out[k] = walk(e);
            return out;
        }
        return v;
    };
    return walk(props) as Record<string, any>;
}

/**
 * A value as the inventory may show it: `null` when absent, the unknown marker for a sentinel,
 * the secret marker for anything that is or contains a secret.
 */
export function shown(value: unknown, secrets: SecretRegistry): string | null {
    if (value === undefined || value === null) return null;
    const text = String(value);
    if (isUnknown(text)) return UNKNOWN_AT_PREVIEW;
    if (secrets.reveals(text)) return SECRET_VALUE;
    return text;
}

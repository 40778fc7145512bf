/**
 * Entra credential lifetimes (application and service principal passwords and certificates), and
 * the Key Vault lifetimes (`attributes.expires` in seconds, rotation policies in ISO durations).
 */
import { DAY_MS, fromEpochSeconds, parseDurationSeconds, parseIsoInstant } from "../dates";

const GO_UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, "µs": 1e-6, ns: 1e-9 };

/** Parses a Go duration (`"240h"`, `"1h30m"`), as azuread's deprecated `endDateRelative` takes. */
export function parseGoDuration(value: unknown): number | undefined {
    if (typeof value !== "string" || value.length === 0 || value.length > 64) return undefined;
    const parts = /^(?:\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s))+$/.test(value) ? value.match(/\d+(?:\.\d+)?(?:h|ms|us|µs|ns|m|s)/g)! : undefined;
    if (!parts) return undefined;
    let seconds = 0;
    for (const part of parts) {
        const m = /^(\d+(?:\.\d+)?)(.+)$/.exec(part)!;
        seconds += +m[1] * GO_UNIT_SECONDS[m[2]];
    }
    return Number.isFinite(seconds) ? seconds : undefined;
}

export interface CredentialLifetime {
    longLived: boolean;
    expiresAt?: Date;
    lifetimeDays?: number;
    problem?: string;
}

/**
 * An Entra password's or certificate's lifetime from `endDate` (RFC 3339) or `endDateRelative`.
 * With neither, Entra picks the end (two years for a password, the certificate's own end for a
 * certificate), which nobody reviewed: long-lived.
 */
export function readEntraCredentialLifetime(endDate: unknown, endDateRelative: unknown): CredentialLifetime {
    if (endDate !== undefined && endDate !== null && endDate !== "") {
        const end = parseIsoInstant(endDate);
        if (!end) return { longLived: true, problem: "`endDate` is not an RFC 3339 date-time; set one such as 2027-03-31T00:00:00Z" };
        return { longLived: false, expiresAt: end };
    }
    if (endDateRelative !== undefined && endDateRelative !== null && endDateRelative !== "") {
        const seconds = parseGoDuration(endDateRelative);
        if (seconds === undefined || seconds <= 0) return { longLived: true, problem: "`endDateRelative` is not a Go duration such as 2160h; set `endDate` instead" };
        return { longLived: false, lifetimeDays: seconds / 86400 };
    }
    return { longLived: true, problem: "no `endDate`: Entra makes it valid for years; set an `endDate` within the credential limit" };
}

/** Key Vault `attributes.expires` (seconds since the epoch). */
export function readKeyVaultExpires(expires: unknown): { expiresAt?: Date; problem?: string } {
    if (expires === undefined || expires === null) return {};
    const date = fromEpochSeconds(expires);
    return date ? { expiresAt: date } : { problem: "`attributes.expires` is not a time in seconds since the epoch" };
}

/**
 * The rotation period, in days, of a Key Vault key rotation policy: the `rotate` action's
 * `timeAfterCreate`, or `expiryTime` minus its `timeBeforeExpiry`. `notify` actions rotate nothing.
 */
export function readKeyRotationDays(policy: unknown): { rotationDays?: number; problem?: string } {
    if (policy === undefined || policy === null) return {};
    if (typeof policy !== "object" || Array.isArray(policy)) return { problem: "`rotationPolicy` is not an object" };
    const p = policy as Record<string, unknown>;
    const actions = p.lifetimeActions;
    if (actions === undefined || actions === null) return {};
    if (!Array.isArray(actions)) return { problem: "`rotationPolicy.lifetimeActions` is not a list" };
    const attributes = p.attributes && typeof p.attributes === "object" ? (p.attributes as Record<string, unknown>) : {};
    const expirySeconds = attributes.expiryTime === undefined ? undefined : parseDurationSeconds(attributes.expiryTime);
    let best: number | undefined;
    for (const a of actions) {
        if (!a || typeof a !== "object") continue;
        const action = (a as any).action;
        const type = action && typeof action === "object" ? action.type : undefined;
        if (typeof type !== "string" || type.toLowerCase() !== "rotate") continue;
        const trigger = (a as any).trigger;
        if (!trigger || typeof trigger !== "object") return { problem: "a `rotate` lifetime action has no `trigger`" };
        let seconds: number | undefined;
        if (trigger.timeAfterCreate !== undefined) seconds = parseDurationSeconds(trigger.timeAfterCreate);
        else if (trigger.timeBeforeExpiry !== undefined && expirySeconds !== undefined) {
            const before = parseDurationSeconds(trigger.timeBeforeExpiry);
            seconds = before === undefined ? undefined : expirySeconds - before;
        }
        if (seconds === undefined || seconds <= 0) return { problem: "a `rotate` lifetime action's trigger is not an ISO 8601 duration such as P30D (with `attributes.expiryTime` for `timeBeforeExpiry`)" };
        const days = seconds / (DAY_MS / 1000);
        if (best === undefined || days < best) best = days;
    }
    return best === undefined ? {} : { rotationDays: best };
}

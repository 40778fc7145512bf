/**
 * Rotation windows for what the program itself mints or dates (Entra passwords, Key Vault secret
 * expiries). A window is a fixed slice of time counted from the Unix epoch, so every `pulumi up`
 * inside one window computes the same values (no diff, no churn) and the first one after it
 * computes new ones. Nothing rotates without an update: run `pulumi up` on a schedule (Pulumi
 * Deployments schedules, or a CI cron) at least once per window.
 */
import { DAY_MS, earliest } from "../../contract/dates";

/** The start of the `days`-long window that holds `now`. */
export function rotationWindowStart(now: Date, days: number): Date {
    const span = days * DAY_MS;
    return new Date(Math.floor(now.getTime() / span) * span);
}

/**
 * When a credential minted in the current window ends: `lifetimeDays` after the window started,
 * and never after the identity's own expiry. Stable within a window, so it forces no replacement.
 */
export function credentialEnd(now: Date, rotationDays: number, lifetimeDays: number, identityExpiry: Date): Date {
    const start = rotationWindowStart(now, rotationDays);
    return earliest(new Date(start.getTime() + lifetimeDays * DAY_MS), identityExpiry)!;
}

export function epochSeconds(date: Date): number {
    return Math.floor(date.getTime() / 1000);
}

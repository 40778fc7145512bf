import { DAY_MS, formatDay } from "../../contract/dates";

/**
 * The UTC date `days` from now as `YYYY-MM-DD`: a plain string, so an expiry computed in a program
 * is known at preview and the policy pack checks it as a mandatory control, not an advisory one.
 * Examples use it so their dates never rot.
 */
export function daysFromNow(days: number, now: Date = new Date()): string {
    if (!Number.isInteger(days)) throw new RangeError(`\`days\` must be a whole number of days, got ${days}`);
    return formatDay(new Date(now.getTime() + days * DAY_MS));
}

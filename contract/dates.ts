/**
 * Dates in the contract are UTC and strict: a value that does not parse is not an expiry.
 * Two readers: `parseContractDate` for annotation values (the contract's exact forms), and
 * `parseIsoInstant` for dates users write inside cloud documents (AWS conditions, GCP CEL), which
 * the clouds accept in more ISO 8601 spellings.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_Z = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2}))?$/;

export const DAY_MS = 86_400_000;

/** Builds a UTC instant only when every field is in range (2027-02-30 and 24:00:00 are refused). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | undefined {
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
    const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const date = new Date(t);
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
    return date;
}

/**
 * Parses an annotation date: `YYYY-MM-DD` (the end of nothing: midnight UTC starting that day) or
 * `YYYY-MM-DDTHH:MM:SSZ`. Anything else, including other time zones, is refused.
 */
export function parseContractDate(value: unknown): Date | undefined {
    if (typeof value !== "string") return undefined;
    let m = DATE_ONLY.exec(value);
    if (m) return utc(+m[1], +m[2], +m[3]);
    m = DATE_TIME_Z.exec(value);
    if (m) return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
    return undefined;
}

/** Parses an ISO 8601 instant as AWS and GCP accept it: date only (UTC), or date-time with `Z` or an offset. */
export function parseIsoInstant(value: unknown): Date | undefined {
    if (typeof value !== "string" || value.length > 64) return undefined;
    const m = ISO_INSTANT.exec(value.trim());
    if (!m) return undefined;
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    if (h !== undefined && zone === undefined) return undefined; // a local time names no instant
    const ms = frac ? Math.floor(+`0.${frac}` * 1000) : 0;
    const base = utc(+y, +mo, +d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0, ms);
    if (!base) return undefined;
    if (!zone || zone === "Z" || zone === "z") return base;
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offsetMinutes = (+zm[2] * 60 + +zm[3]) * (zm[1] === "+" ? 1 : -1);
    if (+zm[2] > 23 || +zm[3] > 59) return undefined;
    return new Date(base.getTime() - offsetMinutes * 60_000);
}

/** Seconds-since-epoch numbers (Azure Key Vault `attributes.expires`) as a date; refuses nonsense. */
export function fromEpochSeconds(value: unknown): Date | undefined {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 253402300799) return undefined;
    return new Date(value * 1000);
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the form every component writes. */
export function formatInstant(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `YYYY-MM-DD`. */
export function formatDay(date: Date): string {
    return date.toISOString().slice(0, 10);
}

/** Whole days from `now` to `date`, rounded down; negative once past. */
export function daysUntil(date: Date, now: Date): number {
    return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/** The earlier of two dates, ignoring missing ones. */
export function earliest(...dates: (Date | undefined)[]): Date | undefined {
    let best: Date | undefined;
    for (const d of dates) if (d && (!best || d.getTime() < best.getTime())) best = d;
    return best;
}

/** Parses a Go/GCP duration in seconds (`"2592000s"`, `"3600.5s"`) or an ISO 8601 duration (`P90D`, `PT1H`). */
export function parseDurationSeconds(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
    if (typeof value !== "string") return undefined;
    const v = value.trim();
    let m = /^(\d+(?:\.\d+)?)s$/.exec(v);
    if (m) return +m[1];
    m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(v);
    if (m && v.length > 1 && !/T$/i.test(v)) {
        const [, y, mo, w, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : +x)) as number[];
        return (((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s;
    }
    return undefined;
}

/**
 * The governance annotations: the public interface between the components, the pack, the gate and
 * users who stamp resources by hand. One reader per carrier (tag maps, GCP labels, `key=value;...`
 * text), one validator per value. Readers never throw on hostile input: what cannot be read is a
 * problem, and a problem is never a pass.
 */
import { parseContractDate } from "./dates";
import { unproxied } from "./facts";

export const ANNOTATION_FIELDS = ["owner", "expiresAt", "purpose", "tool", "access"] as const;
export type AnnotationField = (typeof ANNOTATION_FIELDS)[number];
export type Annotations = Partial<Record<AnnotationField, string>>;

/** Key of each field in AWS/Azure tags. */
export const TAG_KEYS: Record<AnnotationField, string> = {
    owner: "nhi:owner",
    expiresAt: "nhi:expires-at",
    purpose: "nhi:purpose",
    tool: "nhi:tool",
    access: "nhi:access",
};

/** Key of each field in GCP labels (purpose has none: label values cannot hold prose). */
export const LABEL_KEYS: Partial<Record<AnnotationField, string>> = {
    owner: "nhi-owner",
    expiresAt: "nhi-expires-at",
    tool: "nhi-tool",
    access: "nhi-access",
};

/** Key of each field in `key=value;key=value` text (descriptions, notes). */
export const TEXT_KEYS: Record<AnnotationField, string> = {
    owner: "owner",
    expiresAt: "expires-at",
    purpose: "purpose",
    tool: "tool",
    access: "access",
};

export const ACCESS_LEVELS = ["read", "write", "admin"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export type AnnotationCarrier = "tags" | "labels" | "text";

export interface AnnotationProblem {
    field: AnnotationField;
    message: string;
}

export interface AnnotationReading {
    carrier: AnnotationCarrier;
    values: Annotations;
    problems: AnnotationProblem[];
}

/**
 * Keys match case-insensitively and trimmed, but only ASCII letters fold: a look-alike Unicode
 * character in a key makes it another key, so `nhi:оwner` with a Cyrillic `о` is no owner.
 */
export function normaliseKey(key: string): string {
    const trimmed = key.trim();
    // Every tag of every resource passes here, and most are lower case already: a key that any
    // lower-casing leaves unchanged has no ASCII capital either, and needs no replace with a callback.
    if (trimmed.toLowerCase() === trimmed) return trimmed;
    return trimmed.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

// C0/C1 controls, line and paragraph separators, bidi overrides and zero-width characters: none of
// them belongs in an owner or a date, and all of them can disguise one.
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

function readValue(field: AnnotationField, raw: unknown, values: Annotations, problems: AnnotationProblem[], key: string): void {
    if (typeof raw !== "string") {
        problems.push({ field, message: `\`${key}\` is not a string` });
        return;
    }
    const value = raw.trim();
    if (HIDDEN_CHARACTERS.test(value)) {
        problems.push({ field, message: `\`${key}\` contains control or invisible characters` });
        return;
    }
    const previous = values[field];
    if (previous !== undefined && previous !== value) {
        problems.push({ field, message: `\`${key}\` is given twice with different values` });
        return;
    }
    values[field] = value;
}

/** Each carrier's keys to their fields, built once: readers run on every resource of every request. */
function fieldsByKey(keys: Partial<Record<AnnotationField, string>>): ReadonlyMap<string, AnnotationField> {
    const byKey = new Map<string, AnnotationField>();
    for (const field of ANNOTATION_FIELDS) if (keys[field]) byKey.set(keys[field]!, field);
    return byKey;
}
const TAG_FIELDS = fieldsByKey(TAG_KEYS);
const LABEL_FIELDS = fieldsByKey(LABEL_KEYS);

function readMap(carrier: AnnotationCarrier, map: unknown, byKey: ReadonlyMap<string, AnnotationField>): AnnotationReading {
    const values: Annotations = {};
    const problems: AnnotationProblem[] = [];
    if (map && typeof map === "object" && !Array.isArray(map)) {
        const record = map as Record<string, unknown>;
        // Behind @pulumi/policy's proxy every value is read, as before: an unknown tag of any key
        // makes the reading unknown (the readers that care pass plain maps, read only where needed).
        const readEvery = unproxied(record) !== record;
        for (const key of Object.keys(record)) {
            const field = byKey.get(normaliseKey(key));
            if (field) readValue(field, record[key], values, problems, key.trim());
            else if (readEvery) void record[key];
        }
    }
    return { carrier, values, problems };
}

/** Reads annotations from an AWS or Azure tag map. */
export function readTags(tags: unknown): AnnotationReading {
    return readMap("tags", tags, TAG_FIELDS);
}

/** Reads annotations from GCP labels, decoding the label forms of owner and expiry. */
export function readLabels(labels: unknown): AnnotationReading {
    return readMap("labels", labels, LABEL_FIELDS);
}

/**
 * Reads `key=value;key=value` text, as found in a GCP description, an Entra application's notes or
 * an Azure role assignment's description. Prose around the pairs is allowed (`Reviews PRs. owner=x`):
 * a key is the last word before `=`. Keys with the `nhi:` prefix are accepted too.
 */
export function readText(text: unknown): AnnotationReading {
    const values: Annotations = {};
    const problems: AnnotationProblem[] = [];
    if (typeof text === "string") {
        const byKey = new Map<string, AnnotationField>();
        for (const field of ANNOTATION_FIELDS) {
            byKey.set(TEXT_KEYS[field], field);
            byKey.set(TAG_KEYS[field], field);
        }
        const read = new Map<AnnotationField, number>();
        for (const segment of text.split(/[;\n]/)) {
            const eq = segment.indexOf("=");
            if (eq < 0) continue;
            const words = segment.slice(0, eq).trim().split(/\s+/);
            const key = words[words.length - 1] ?? "";
            const field = byKey.get(normaliseKey(key));
            if (field) {
                readValue(field, segment.slice(eq + 1), values, problems, key);
                read.set(field, (read.get(field) ?? 0) + 1);
            }
        }
        // A pair inside another pair's value (`owner=x expires-at=2027-01-01;expires-at=2099-01-01`)
        // is not read as a key, yet a reviewer sees it: the field is given twice, and which one
        // counts cannot be told.
        for (const field of ANNOTATION_FIELDS) {
            const written = countKey(text, TEXT_KEYS[field]) + countKey(text, TAG_KEYS[field]);
            if (written > (read.get(field) ?? 0) && !problems.some((p) => p.field === field)) {
                problems.push({ field, message: `\`${TEXT_KEYS[field]}=\` appears inside another value; separate pairs with \`;\` and give it once` });
            }
        }
    }
    return { carrier: "text", values, problems };
}

/** Occurrences of `key=` (any case, spaces before `=`) that start a word; a longer key such as `nhi:owner` is not an `owner`. */
function countKey(text: string, key: string): number {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(?:^|[\\s;])${escaped}\\s*=`, "gi");
    return (text.match(re) ?? []).length;
}

/** Merges readings (e.g. labels and description); conflicting values become problems. */
export function mergeReadings(...readings: AnnotationReading[]): AnnotationReading {
    const values: Annotations = {};
    const problems: AnnotationProblem[] = [];
    for (const r of readings) {
        problems.push(...r.problems);
        for (const field of ANNOTATION_FIELDS) {
            const v = r.values[field];
            if (v === undefined) continue;
            if (values[field] !== undefined && values[field] !== v) {
                problems.push({ field, message: `\`${field}\` has different values in ${readings.map((x) => x.carrier).join(" and ")}` });
            } else values[field] = v;
        }
    }
    return { carrier: readings[0]?.carrier ?? "tags", values, problems };
}

// ---- values ---------------------------------------------------------------------------------

/** A team slug (`platform-team`) or an e-mail address. */
export const DEFAULT_OWNER_PATTERN = "^(?:[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})$";

// Owners that name nobody: accepting them would make the owner check a formality.
const PLACEHOLDER_OWNERS = new Set(["unknown", "none", "n/a", "na", "tbd", "todo", "nobody", "owner", "changeme", "null", "undefined", "-"]);

/** Returns why `owner` is not a valid accountable owner, or undefined when it is. */
export function ownerProblem(owner: string | undefined, pattern: string = DEFAULT_OWNER_PATTERN): string | undefined {
    if (owner === undefined || owner === "") return "no owner";
    if (PLACEHOLDER_OWNERS.has(owner.toLowerCase())) return `owner "${owner}" names nobody`;
    let re: RegExp;
    try {
        re = new RegExp(pattern);
    } catch {
        return `the owner pattern ${JSON.stringify(pattern)} is not a valid regular expression`;
    }
    if (owner.length > 256 || !re.test(owner)) return `owner ${JSON.stringify(truncate(owner))} is neither a team slug nor an e-mail address (pattern ${pattern})`;
    return undefined;
}

/** Parses an `expires-at` value; GCP labels carry the date only. */
export function parseExpiry(value: string | undefined): Date | undefined {
    return parseContractDate(value);
}

export function isAccessLevel(value: unknown): value is AccessLevel {
    return typeof value === "string" && (ACCESS_LEVELS as readonly string[]).includes(value.toLowerCase());
}

export function truncate(s: string, max = 64): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

// ---- writers (used by the components) -------------------------------------------------------

/** Tags for AWS and Azure resources. */
export function toTags(a: Annotations): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const field of ANNOTATION_FIELDS) if (a[field] !== undefined) tags[TAG_KEYS[field]] = a[field]!;
    return tags;
}

/** GCP labels: only the fields whose values fit the label charset (lower case, digits, `-`, `_`). */
export function toLabels(a: Annotations): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const field of ANNOTATION_FIELDS) {
        const key = LABEL_KEYS[field];
        const v = a[field];
        if (key && v !== undefined && /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u.test(v)) labels[key] = v;
    }
    return labels;
}

/** `owner=...;expires-at=...` text; values lose `;` and `=` so the text reads back the same. */
export function toText(a: Annotations): string {
    return ANNOTATION_FIELDS.filter((f) => a[f] !== undefined)
        .map((f) => `${TEXT_KEYS[f]}=${a[f]!.replace(/[;=\n]/g, " ").trim()}`)
        .join(";");
}

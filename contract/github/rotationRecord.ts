/**
 * GitHub secrets have no expiry and rotate only when somebody writes a new value, and they carry
 * no tags. So where a vendor key has to live in an environment secret, the component records who
 * owns it and how often it is rotated in an environment variable next to it:
 *
 *   NHI_ROTATION_<SECRET_NAME> = owner=platform-team;rotation-days=30;rotated-at=2026-11-01;expires-at=2026-12-01
 *
 * `rotated-at` is the day the current value was issued (the author bumps it when rotating, in a
 * reviewed change), `expires-at` the day the next rotation is due. The record is evidence the pack
 * can weigh, not a rotation mechanism: nothing here can prove the value really changed.
 */
import { readText, toText } from "../annotations";
import { DAY_MS, formatDay, parseContractDate } from "../dates";

export const ROTATION_RECORD_PREFIX = "NHI_ROTATION_";

/** The record variable's name for a secret. */
export function rotationRecordName(secretName: string): string {
    return `${ROTATION_RECORD_PREFIX}${secretName}`;
}

/** The secret a record variable is about, or undefined when the variable is not a record. */
export function recordedSecretName(variableName: unknown): string | undefined {
    if (typeof variableName !== "string") return undefined;
    const upper = variableName.toUpperCase();
    if (!upper.startsWith(ROTATION_RECORD_PREFIX) || upper.length === ROTATION_RECORD_PREFIX.length) return undefined;
    return upper.slice(ROTATION_RECORD_PREFIX.length);
}

export interface RotationRecord {
    owner: string;
    rotationDays: number;
    /** UTC day the current value was issued, `YYYY-MM-DD`. */
    rotatedAt: string;
}

/** The day the next rotation is due. */
export function rotationDue(record: Pick<RotationRecord, "rotationDays" | "rotatedAt">): Date | undefined {
    const rotated = parseContractDate(record.rotatedAt);
    return rotated ? new Date(rotated.getTime() + record.rotationDays * DAY_MS) : undefined;
}

/** The record's text. */
export function formatRotationRecord(record: RotationRecord): string {
    const due = rotationDue(record);
    const annotations = toText({ owner: record.owner, expiresAt: due ? formatDay(due) : undefined });
    return `${annotations};rotation-days=${record.rotationDays};rotated-at=${record.rotatedAt}`;
}

export interface RotationRecordReading {
    owner?: string;
    rotationDays?: number;
    rotatedAt?: Date;
    dueAt?: Date;
    problems: string[];
}

function field(text: string, key: string): string | undefined {
    for (const segment of text.split(";")) {
        const eq = segment.indexOf("=");
        if (eq > 0 && segment.slice(0, eq).trim().toLowerCase() === key) return segment.slice(eq + 1).trim();
    }
    return undefined;
}

/** Reads a record's text; whatever is missing or malformed is a problem. Never throws. */
export function readRotationRecord(text: unknown): RotationRecordReading {
    const problems: string[] = [];
    if (typeof text !== "string") return { problems: ["the rotation record is not text"] };
    const annotations = readText(text);
    problems.push(...annotations.problems.map((p) => p.message));
    const days = field(text, "rotation-days");
    const rotationDays = days !== undefined && /^\d{1,4}$/.test(days) && +days >= 1 ? +days : undefined;
    if (rotationDays === undefined) problems.push("`rotation-days` is missing or not a whole number of days");
    const rotatedText = field(text, "rotated-at");
    const rotatedAt = parseContractDate(rotatedText);
    if (!rotatedAt) problems.push("`rotated-at` is missing or not a UTC date `YYYY-MM-DD`");
    const dueAt = rotatedAt && rotationDays !== undefined ? new Date(rotatedAt.getTime() + rotationDays * DAY_MS) : undefined;
    return { owner: annotations.values.owner, rotationDays, rotatedAt, dueAt, problems };
}

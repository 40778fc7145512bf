import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_LIFETIME_DAYS } from "../../contract/declaration";

/** The stack config namespace shared by the components and the policy pack's documentation. */
export const CONFIG_NAMESPACE = "nhi-guard";

export interface ConfigReading<T> {
    value: T;
    /** One line naming the key and the fix, when the configured value cannot be used. */
    problem?: string;
}

/**
 * The longest an identity may live, from `nhi-guard:maxLifetimeDays` in the stack config (default
 * 365), so the components refuse at construction what the pack would block at preview.
 * A malformed value is a problem, never a silent fallback to the default: the default might be
 * looser than what the stack's owner meant to configure.
 */
export function readMaxLifetimeDays(): ConfigReading<number> {
    const raw = new pulumi.Config(CONFIG_NAMESPACE).get("maxLifetimeDays");
    if (raw === undefined || raw.trim() === "") return { value: DEFAULT_MAX_LIFETIME_DAYS };
    const days = Number(raw.trim());
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
        return {
            value: DEFAULT_MAX_LIFETIME_DAYS,
            problem: `\`${CONFIG_NAMESPACE}:maxLifetimeDays\` ${JSON.stringify(raw)} is not a whole number of days between 1 and 3650; set it with \`pulumi config set ${CONFIG_NAMESPACE}:maxLifetimeDays 365\``,
        };
    }
    return { value: days };
}

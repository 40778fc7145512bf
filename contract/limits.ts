/**
 * The default limits, shared by the declaration (components refuse what the pack would block) and
 * the pack's config. Kept apart from `declaration.ts` so the pack does not bundle zod: loading it
 * cost about 100 ms of every `pulumi preview`'s pack start-up.
 */
export const DEFAULT_MAX_LIFETIME_DAYS = 365;
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
export const DEFAULT_MAX_ROTATION_DAYS = 30;
export const DEFAULT_MAX_CREDENTIAL_DAYS = 90;

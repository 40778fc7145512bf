/**
 * GCP rules for an AI tool's declaration, beyond the shared schema: what GCP can hold (label
 * charsets, description and display-name sizes, ID formats), and what the policy pack would block
 * anyway (basic, impersonation, key-admin and admin roles; a read-only tool with a role that
 * writes), refused at construction so the author learns it before any preview.
 *
 * Every check reads the raw arguments defensively: it runs even when the shared schema failed, so
 * a user sees every problem in one round.
 */
import { grantNameProblems } from "../shared/naming";
import { toText } from "../../contract/annotations";
import { parseContractDate } from "../../contract/dates";
import { isCustomRole, isReadRole, refusedRoleReason, ROLE_PATTERN } from "../../contract/gcp/roles";
import { parseScope, SCOPE_FORMS, UNCONDITIONAL_SCOPE } from "./scopes";

/** The component's own argument names (besides the shared declaration's). */
export const GCP_ARG_KEYS = ["project", "projectNumber", "accountId", "workloadIdentityPoolId", "workloadIdentityPoolProviderId"] as const;

/** GCP access tokens last an hour and the component cannot make them shorter. */
export const GCP_TOKEN_SECONDS = 3600;
export const MAX_DESCRIPTION_BYTES = 256;
export const MAX_DISPLAY_NAME_BYTES = 100;

const ACCOUNT_ID = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;
const PROJECT_ID = /^(?:[a-z][a-z0-9.-]{0,61}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PROJECT_NUMBER = /^\d{6,20}$/;
const POOL_ID = /^[a-z0-9-]{4,32}$/;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{1,63}$/u;
const SECRET_ID = /^[A-Za-z0-9_-]+$/;
const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9._-]+@[a-z0-9.:-]+\.gserviceaccount\.com$/;

const q = (value: unknown) => JSON.stringify(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isPlainObject = (value: unknown): value is Record<string, any> => !!value && typeof value === "object" && !Array.isArray(value);
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** The service account ID: `accountId`, or the component's name when that is a valid one. */
export function accountIdFor(name: string, args: Record<string, any>): string {
    return isString(args.accountId) ? args.accountId : name;
}

/** The annotation text a service account's `description` carries. */
export function descriptionText(args: { owner: string; expiresAt: string; tool: string; access: string }): string {
    return toText({ owner: args.owner, expiresAt: args.expiresAt, tool: args.tool, access: args.access });
}

/** Every GCP problem with the arguments, one line each naming the argument and the fix. */
export function gcpProblems(name: string, args: Record<string, any>): string[] {
    return [...labelProblems(args), ...accountProblems(name, args), ...trustProblems(name, args), ...grantProblems(args), ...secretProblems(args), ...sessionProblems(args)];
}

function labelProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (isString(args.owner) && args.owner.trim() !== "" && !LABEL_VALUE.test(args.owner.trim())) {
        problems.push(
            args.owner.includes("@")
                ? `\`owner\` ${q(args.owner)}: GCP labels cannot hold an e-mail address; name the accountable team's slug (\`platform-team\`)`
                : `\`owner\` ${q(args.owner)}: GCP label values hold only lower-case letters, digits, \`_\` and \`-\` (at most 63); use a slug such as \`platform-team\``,
        );
    }
    if (isString(args.tool) && args.tool !== "" && !LABEL_VALUE.test(args.tool)) {
        problems.push(`\`tool\` ${q(args.tool)}: GCP label values hold only lower-case letters, digits, \`_\` and \`-\`; drop the \`.\`, e.g. \`claude-code\``);
    }
    if (isString(args.expiresAt) && parseContractDate(args.expiresAt) && !/^\d{4}-\d{2}-\d{2}$/.test(args.expiresAt)) {
        problems.push(`\`expiresAt\` ${q(args.expiresAt)}: GCP labels carry a date only; use \`YYYY-MM-DD\` (the identity ends at midnight UTC starting that day)`);
    }
    return problems;
}

function accountProblems(name: string, args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (args.accountId !== undefined && !isString(args.accountId)) problems.push("`accountId`: must be a plain string");
    else {
        const accountId = accountIdFor(name, args);
        if (!ACCOUNT_ID.test(accountId)) {
            problems.push(
                args.accountId === undefined
                    ? `\`accountId\`: the default, the component's name ${q(name)}, is not a valid service account ID; pass \`accountId\` (6 to 30 characters: a lower-case letter, then letters, digits or \`-\`, not ending in \`-\`)`
                    : `\`accountId\` ${q(accountId)} is not a valid service account ID; use 6 to 30 characters: a lower-case letter, then letters, digits or \`-\`, not ending in \`-\``,
            );
        }
    }
    if (args.project !== undefined && (!isString(args.project) || !PROJECT_ID.test(args.project))) {
        problems.push(`\`project\` ${q(args.project)} is not a project ID; write the ID (\`my-project-123\`), not the number or an Output`);
    }
    if (isString(args.purpose) && bytes(args.purpose) > MAX_DISPLAY_NAME_BYTES) {
        problems.push(`\`purpose\` is ${bytes(args.purpose)} bytes, but a service account's \`displayName\` holds at most ${MAX_DISPLAY_NAME_BYTES}; shorten it`);
    }
    if ([args.owner, args.expiresAt, args.tool, args.access].every(isString)) {
        const text = descriptionText(args as any);
        if (bytes(text) > MAX_DESCRIPTION_BYTES) {
            problems.push(`\`owner\` and \`tool\`: the service account's description \`${text.slice(0, 48)}…\` would be ${bytes(text)} bytes, over GCP's ${MAX_DESCRIPTION_BYTES}; use shorter slugs`);
        }
    }
    return problems;
}

function needsProjectNumber(args: Record<string, any>): string | undefined {
    if (isPlainObject(args.trust) && args.trust.githubActions !== undefined) return "`trust.githubActions` (the principal set names the project by number)";
    if (Array.isArray(args.secrets) && args.secrets.length) return "`secrets` (Secret Manager's service agent, which publishes rotation notices, is named by project number)";
    return undefined;
}

function trustProblems(name: string, args: Record<string, any>): string[] {
    const problems: string[] = [];
    const trust = isPlainObject(args.trust) ? args.trust : {};
    const needs = needsProjectNumber(args);
    if (args.projectNumber !== undefined && (!isString(args.projectNumber) || !PROJECT_NUMBER.test(args.projectNumber))) {
        problems.push(`\`projectNumber\` ${q(args.projectNumber)} is not a project number; write the project's digits as a string (\`gcloud projects describe <id> --format='value(projectNumber)'\`)`);
    } else if (args.projectNumber === undefined && needs) {
        problems.push(`\`projectNumber\`: is required with ${needs}; pass the project's number as a string`);
    }
    const github = trust.githubActions !== undefined;
    for (const key of ["workloadIdentityPoolId", "workloadIdentityPoolProviderId"] as const) {
        const value = args[key];
        if (value === undefined) continue;
        if (!github) problems.push(`\`${key}\`: is only used with \`trust.githubActions\`; remove it`);
        else if (!isString(value) || !POOL_ID.test(value) || value.startsWith("gcp-")) {
            problems.push(`\`${key}\` ${q(value)} is not a valid ID; use 4 to 32 lower-case letters, digits or \`-\`, not starting with \`gcp-\``);
        }
    }
    if (github && args.workloadIdentityPoolId === undefined) {
        const pool = accountIdFor(name, args);
        if (ACCOUNT_ID.test(pool) && pool.startsWith("gcp-")) problems.push(`\`workloadIdentityPoolId\`: the default, the account ID ${q(pool)}, starts with \`gcp-\`, which GCP reserves; pass another`);
    }
    if (trust.service !== undefined) {
        problems.push("`trust.service`: GCP has no service principals to trust; use `trust.githubActions`");
    }
    if (trust.identity !== undefined) {
        // Impersonation is granted with an impersonation role, which the pack flags wherever it
        // sits under a component; made outside with an exemption, the exception stays visible.
        problems.push(
            isString(trust.identity) && SERVICE_ACCOUNT_EMAIL.test(trust.identity)
                ? "`trust.identity`: letting another service account impersonate this one takes `roles/iam.serviceAccountTokenCreator`; grant it outside the component and record a pack exemption for `nhi-least-privilege`, or use `trust.githubActions`"
                : `\`trust.identity\` ${q(trust.identity)} is not a service account e-mail, and GCP trust in another identity is not made by the component; use \`trust.githubActions\``,
        );
    }
    return problems;
}

function roleProblem(at: string, role: string, access: unknown): string | undefined {
    if (!ROLE_PATTERN.test(role)) return `\`${at}.role\` ${q(role)} is not a role; write \`roles/<service>.<role>\` or a custom role \`projects/<id>/roles/<role>\``;
    const refused = refusedRoleReason(role);
    if (refused) return `\`${at}.role\` \`${role}\` is ${refused}; grant it outside the component and record a pack exemption for \`nhi-least-privilege\`, so the exception is visible and expires`;
    if (access === "read" && !isReadRole(role)) {
        return isCustomRole(role)
            ? `\`${at}.role\` \`${role}\` is a custom role, which cannot be proven read-only, but \`access\` is \`read\`; use a predefined viewer or reader role, or declare \`access: "write"\``
            : `\`${at}.role\` \`${role}\` can write, but \`access\` is \`read\`; use a viewer or reader role, or declare \`access: "write"\``;
    }
    return undefined;
}

function grantProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (!Array.isArray(args.grants)) return problems;
    args.grants.forEach((grant: unknown, i: number) => {
        if (!isPlainObject(grant)) return; // the shared schema reports it
        const at = `grants[${i}]`;
        for (const field of ["actions", "resources"] as const) {
            if (grant[field] !== undefined) problems.push(`\`${at}.${field}\`: is for AWS; GCP grants use \`role\` and \`scope\``);
        }
        if (grant.role === undefined) problems.push(`\`${at}.role\`: is required on GCP; name the role, e.g. \`roles/storage.objectViewer\``);
        else if (isString(grant.role)) {
            const problem = roleProblem(at, grant.role, args.access);
            if (problem) problems.push(problem);
        }
        if (grant.scope === undefined) problems.push(`\`${at}.scope\`: is required on GCP; name where the role applies: ${SCOPE_FORMS}`);
        else if (isString(grant.scope) && UNCONDITIONAL_SCOPE.test(grant.scope)) {
            problems.push(`\`${at}.scope\` ${q(grant.scope)}: Pub/Sub resources refuse IAM conditions, so a grant there could never end; grant on the project instead, or outside the component with a pack exemption`);
        } else if (isString(grant.scope) && !parseScope(grant.scope)) problems.push(`\`${at}.scope\` ${q(grant.scope)} is not a supported scope; use ${SCOPE_FORMS}`);
    });
    problems.push(...grantNameProblems(args.grants));
    return problems;
}

function secretProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (!Array.isArray(args.secrets)) return problems;
    const seen = new Map<string, number>();
    args.secrets.forEach((secret: unknown, i: number) => {
        if (!isPlainObject(secret) || !isString(secret.name)) return; // the shared schema reports it
        if (!SECRET_ID.test(secret.name)) problems.push(`\`secrets[${i}].name\` ${q(secret.name)}: Secret Manager IDs hold letters, digits, \`_\` and \`-\`; drop the \`.\``);
        if (seen.has(secret.name)) problems.push(`\`secrets[${i}].name\` ${q(secret.name)} is also the name of \`secrets[${seen.get(secret.name)}]\`; give each secret its own name`);
        else seen.set(secret.name, i);
    });
    return problems;
}

function sessionProblems(args: Record<string, any>): string[] {
    const s = args.maxSessionSeconds;
    if (typeof s === "number" && Number.isInteger(s) && s >= 900 && s < GCP_TOKEN_SECONDS) {
        return [`\`maxSessionSeconds\` ${s}: GCP service account tokens last ${GCP_TOKEN_SECONDS} seconds and the component cannot shorten them; declare ${GCP_TOKEN_SECONDS} or more`];
    }
    return [];
}

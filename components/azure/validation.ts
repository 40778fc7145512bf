/**
 * Azure rules for an AI tool's declaration, beyond the shared schema: what Azure RBAC, Key Vault
 * and Entra can express, and what the policy pack would block anyway (admin roles at broad scope,
 * roles that write role assignments, a read-only tool holding a writing role), refused at
 * construction so the author learns it before any preview.
 *
 * Every check reads the raw arguments defensively: it runs even when the shared schema failed, so
 * a user sees every problem in one round.
 */
import { grantNameProblems } from "../shared/naming";
import { TAG_KEYS } from "../../contract/annotations";
import { parseContractDate } from "../../contract/dates";
import { isReadOnlyRole, roleDefinitionIdFor, roleFindings, roleGuid, roleLabel } from "../../contract/azure/roles";
import { readScope } from "../../contract/azure/scope";
import { DEFAULT_MAX_CREDENTIAL_DAYS } from "../../contract/declaration";

/** The component's own argument names (besides the shared declaration's). */
export const AZURE_ARG_KEYS = ["resourceGroupName", "location", "identityName", "eligibleGrants", "keyVault", "secretValues", "keys", "entraApplication", "tags"] as const;

/** Key Vault's lower bound on a key's version lifetime, and its gap between rotation and expiry. */
export const KEY_MIN_EXPIRY_DAYS = 28;
export const KEY_ROTATE_BEFORE_EXPIRY_DAYS = 7;
export const DEFAULT_KEY_ROTATION_DAYS = 30;
export const DEFAULT_PASSWORD_ROTATION_DAYS = 30;

const q = (value: unknown) => JSON.stringify(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isPlainObject = (value: unknown): value is Record<string, any> => !!value && typeof value === "object" && !Array.isArray(value);
const isEventual = (value: unknown) => isPlainObject(value) && (typeof (value as any).apply === "function" || typeof (value as any).then === "function");
const isWholeIn = (value: unknown, min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Key Vault object names: letters, digits and `-` only (the declaration's slugs also allow `.` and `_`).
const VAULT_OBJECT_NAME = /^[A-Za-z0-9-]{1,127}$/;
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
// Azure tag names cannot contain these; values are at most 256 characters.
const TAG_NAME_REFUSED = /[<>%&\\?/]/;

/** Every Azure problem with the arguments, one line each naming the argument and the fix. */
export function azureProblems(args: Record<string, any>): string[] {
    return [...placementProblems(args), ...trustProblems(args), ...grantProblems(args), ...vaultProblems(args), ...entraProblems(args), ...tagProblems(args)];
}

function placementProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (args.entraApplication === undefined && (args.resourceGroupName === undefined || args.resourceGroupName === "")) {
        problems.push("`resourceGroupName`: is required; name the resource group the managed identity lives in");
    }
    if (args.identityName !== undefined && (!isString(args.identityName) || !IDENTITY_NAME.test(args.identityName))) {
        problems.push(`\`identityName\` ${q(args.identityName)} is not a managed identity name; use 3 to 128 letters, digits, \`-\` or \`_\`, starting with a letter or digit`);
    }
    if (args.entraApplication !== undefined && args.identityName !== undefined) {
        problems.push("`identityName`: names the managed identity, which is not created with `entraApplication`; remove one of them");
    }
    return problems;
}

function trustProblems(args: Record<string, any>): string[] {
    const trust = isPlainObject(args.trust) ? args.trust : {};
    if (trust.identity !== undefined) {
        return ["`trust.identity`: Azure identities are not assumed by other identities; use `trust.githubActions`, or `trust.service` and attach the managed identity to the service that runs the tool"];
    }
    if (trust.service !== undefined && args.entraApplication !== undefined) {
        return ["`trust.service`: an Entra application cannot be attached to a service; use `trust.githubActions`, or drop `entraApplication` and attach the managed identity"];
    }
    return [];
}

/** What a grant resolves to, when its role and scope are readable. */
export interface ResolvedRole {
    roleDefinitionId: string;
    guid: string;
}

export function resolveRole(role: string, scope: string): ResolvedRole | undefined {
    const roleDefinitionId = roleDefinitionIdFor(role, readScope(scope).subscriptionId);
    const guid = roleDefinitionId ? roleGuid(roleDefinitionId) : undefined;
    return roleDefinitionId && guid ? { roleDefinitionId, guid } : undefined;
}

function grantProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    const grants: unknown[] = Array.isArray(args.grants) ? args.grants : [];
    grants.forEach((g, i) => {
        if (!isPlainObject(g)) return; // the shared schema reports it
        const field = `grants[${i}]`;
        for (const awsOnly of ["actions", "resources"]) {
            if (g[awsOnly] !== undefined) problems.push(`\`${field}.${awsOnly}\`: is AWS only; an Azure grant is a \`role\` at a \`scope\``);
        }
        if (!isString(g.role) || g.role.trim() === "") problems.push(`\`${field}.role\`: is required; name a built-in role (\`Reader\`) or a role definition ID`);
        if (!isString(g.scope) || g.scope.trim() === "") {
            problems.push(`\`${field}.scope\`: is required; give the ARM scope, e.g. \`/subscriptions/<id>/resourceGroups/<name>\``);
            return;
        }
        const scope = readScope(g.scope);
        if (scope.level === "unreadable") {
            problems.push(`\`${field}.scope\` ${q(g.scope)} is not an ARM scope; use \`/subscriptions/<id>\`, \`/subscriptions/<id>/resourceGroups/<name>\` or a resource ID`);
            return;
        }
        if (!isString(g.role) || g.role.trim() === "") return;
        const resolved = resolveRole(g.role, g.scope);
        if (!resolved) {
            problems.push(`\`${field}.role\` ${q(g.role)} is neither a built-in role this library knows nor a role definition ID; pass the ID (\`/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>\`) or its GUID`);
            return;
        }
        const label = roleLabel(resolved.guid);
        for (const finding of roleFindings(resolved.guid, scope.level, label)) {
            const why = finding.rule === "admin-role" ? "is an admin role at a scope that reaches every resource group" : "can write role assignments and so grant itself any role";
            problems.push(`\`${field}.role\` ${label} at ${scope.level} scope ${why}; grant a narrower role at a resource group or resource`);
        }
        if (args.access === "read" && !isReadOnlyRole(resolved.guid)) {
            problems.push(`\`${field}.role\` ${label} can write, but \`access\` is \`read\`; use a reader role (\`Reader\`, \`Storage Blob Data Reader\`, ...) or declare \`access: write\``);
        }
    });
    problems.push(...grantNameProblems(grants));

    const eligible = args.eligibleGrants;
    const names = new Set(grants.filter(isPlainObject).map((g) => g.name).filter(isString));
    if (eligible !== undefined) {
        if (!Array.isArray(eligible) || !eligible.every(isString)) problems.push("`eligibleGrants`: must be a list of grant names");
        else for (const n of eligible) if (!names.has(n)) problems.push(`\`eligibleGrants\` names ${q(n)}, which no grant has; give the grant that \`name\``);
    }
    return problems;
}

function vaultProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    const secrets: unknown[] = Array.isArray(args.secrets) ? args.secrets : [];
    const keys: unknown[] = args.keys === undefined ? [] : Array.isArray(args.keys) ? args.keys : [];
    if (args.keys !== undefined && !Array.isArray(args.keys)) problems.push("`keys`: must be a list of `{ name, rotationDays }`");

    if ((secrets.length || keys.length) && args.keyVault === undefined) {
        problems.push("`keyVault`: is required with `secrets` or `keys`; pass `{ vaultName, resourceGroupName }` of the vault that stores them");
    }
    if (args.keyVault !== undefined) {
        const kv = args.keyVault;
        if (!isPlainObject(kv) || isEventual(kv)) problems.push("`keyVault`: must be `{ vaultName, resourceGroupName }`");
        else if (kv.vaultName === undefined || kv.vaultName === "") problems.push("`keyVault.vaultName`: is required; name the Key Vault");
        else if (kv.resourceGroupName === undefined && args.resourceGroupName === undefined) problems.push("`keyVault.resourceGroupName`: is required when `resourceGroupName` is not set");
    }

    const declared = new Set<string>();
    secrets.forEach((s, i) => {
        if (!isPlainObject(s) || !isString(s.name)) return;
        declared.add(s.name);
        if (!VAULT_OBJECT_NAME.test(s.name)) problems.push(`\`secrets[${i}].name\` ${q(s.name)}: Key Vault names allow letters, digits and \`-\` only; rename it`);
    });
    const values = args.secretValues;
    if (values !== undefined && (!isPlainObject(values) || isEventual(values))) {
        problems.push("`secretValues`: must be a map from secret name to value (each value may be an Output)");
    } else {
        for (const n of declared) if (values?.[n] === undefined) problems.push(`\`secretValues.${n}\`: is required for each declared secret; pass its value (it is stored as a Pulumi secret)`);
        for (const n of Object.keys(values ?? {})) if (!declared.has(n)) problems.push(`\`secretValues.${n}\`: no secret of that name is declared; add it to \`secrets\` or remove the value`);
    }

    const keyNames = new Set<string>();
    keys.forEach((k, i) => {
        const field = `keys[${i}]`;
        if (!isPlainObject(k)) {
            problems.push(`\`${field}\`: must be \`{ name, rotationDays }\``);
            return;
        }
        if (!isString(k.name) || !VAULT_OBJECT_NAME.test(k.name)) problems.push(`\`${field}.name\` ${q(k.name)}: use letters, digits and \`-\` (Key Vault key names)`);
        else if (keyNames.has(k.name)) problems.push(`\`${field}.name\` ${q(k.name)} is used twice; give each key its own name`);
        else keyNames.add(k.name);
        if (k.rotationDays !== undefined && !isWholeIn(k.rotationDays, 7, 365)) problems.push(`\`${field}.rotationDays\` ${q(k.rotationDays)}: use a whole number of days from 7 to 365 (Key Vault rotates no sooner than 7 days after creation); default ${DEFAULT_KEY_ROTATION_DAYS}`);
        for (const extra of Object.keys(k)) if (extra !== "name" && extra !== "rotationDays") problems.push(`\`${field}.${extra}\`: is not a key argument; remove it`);
    });
    return problems;
}

function entraProblems(args: Record<string, any>): string[] {
    const app = args.entraApplication;
    if (app === undefined) return [];
    if (!isPlainObject(app) || isEventual(app)) return ["`entraApplication`: must be `{ ownerObjectIds, displayName?, credentialDays?, rotationDays? }`"];
    const problems: string[] = [];
    const owners = app.ownerObjectIds;
    if (!Array.isArray(owners) || owners.length === 0) problems.push("`entraApplication.ownerObjectIds`: is required; list the object IDs of the people or groups accountable for the application");
    else owners.forEach((o: unknown, i: number) => {
        if (!isString(o) || !GUID.test(o)) problems.push(`\`entraApplication.ownerObjectIds[${i}]\` ${q(o)} is not an object ID (a GUID)`);
    });
    if (app.displayName !== undefined && (!isString(app.displayName) || app.displayName.trim() === "" || app.displayName.length > 120)) problems.push("`entraApplication.displayName`: use a name of 1 to 120 characters");
    const credentialDays = app.credentialDays ?? DEFAULT_MAX_CREDENTIAL_DAYS;
    const credentialOk = isWholeIn(credentialDays, 1, DEFAULT_MAX_CREDENTIAL_DAYS);
    if (!credentialOk) problems.push(`\`entraApplication.credentialDays\` ${q(app.credentialDays)}: use a whole number of days from 1 to ${DEFAULT_MAX_CREDENTIAL_DAYS}`);
    const limit = credentialOk ? credentialDays : DEFAULT_MAX_CREDENTIAL_DAYS;
    if (app.rotationDays !== undefined && !isWholeIn(app.rotationDays, 1, limit)) problems.push(`\`entraApplication.rotationDays\` ${q(app.rotationDays)}: use a whole number of days from 1 to \`credentialDays\`, so a new password exists before the old one ends`);
    for (const extra of Object.keys(app)) if (!["ownerObjectIds", "displayName", "credentialDays", "rotationDays"].includes(extra)) problems.push(`\`entraApplication.${extra}\`: is not an argument of \`entraApplication\`; remove it`);
    return problems;
}

function tagProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    for (const field of ["owner", "purpose"] as const) {
        if (isString(args[field]) && args[field].length > 256) problems.push(`\`${field}\`: Azure tag values hold at most 256 characters; shorten it`);
    }
    if (args.tags === undefined) return problems;
    if (!isPlainObject(args.tags)) return [...problems, "`tags`: must be a map of tag names to string values"];
    const annotationKeys = new Set(Object.values(TAG_KEYS));
    for (const [key, value] of Object.entries(args.tags)) {
        const field = `tags[${q(key)}]`;
        const lower = key.trim().toLowerCase();
        if (lower.startsWith("nhi:")) {
            problems.push(`\`${field}\`: cannot be set here; ${annotationKeys.has(lower) ? "the declaration sets it, change the declaration instead" : "the `nhi:` prefix is reserved for governance annotations"}`);
        } else if (key.length < 1 || key.length > 512 || TAG_NAME_REFUSED.test(key)) {
            problems.push(`\`${field}\`: is not a valid Azure tag name; use 1 to 512 characters without \`< > % & \\ ? /\``);
        } else if (!isString(value) || value.length > 256) {
            problems.push(`\`${field}\`: is not a valid Azure tag value; use a string of up to 256 characters`);
        }
    }
    return problems;
}

/** Grants whose own `until` has passed: Azure has no time-bound role assignment, so they are not created. */
export function endedGrantIndexes(grants: unknown, now: Date): Set<number> {
    const ended = new Set<number>();
    if (!Array.isArray(grants)) return ended;
    grants.forEach((g, i) => {
        const until = isPlainObject(g) ? parseContractDate(g.until) : undefined;
        if (until && until.getTime() <= now.getTime()) ended.add(i);
    });
    return ended;
}

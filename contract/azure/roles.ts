/**
 * Azure built-in roles by their well-known definition GUIDs (the same in every tenant), and what a
 * least-privilege reviewer says about a role at a scope. Shared by the component (which refuses at
 * construction what the pack would block) and the role assignment reader.
 *
 * A role this module does not know is a custom role or a built-in we have not listed: it counts as
 * writing (fail closed), because a `read` tool that gains a role nobody classified must be reviewed.
 */
import type { PrivilegeFinding } from "../facts";
import { type ScopeLevel, isBroadScope } from "./scope";

export interface BuiltInRole {
    name: string;
    guid: string;
    /** Grants no write, delete or action permission (control plane or data plane). */
    readOnly: boolean;
}

export const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
export const USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
export const RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
export const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
    { name: "Owner", guid: OWNER, readOnly: false },
    { name: "Contributor", guid: CONTRIBUTOR, readOnly: false },
    { name: "User Access Administrator", guid: USER_ACCESS_ADMINISTRATOR, readOnly: false },
    { name: "Role Based Access Control Administrator", guid: RBAC_ADMINISTRATOR, readOnly: false },
    { name: "Reader", guid: READER, readOnly: true },
    { name: "Storage Blob Data Reader", guid: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", readOnly: true },
    { name: "Storage Blob Data Contributor", guid: "ba92f5b4-2d11-453d-a403-e96b0029c9fe", readOnly: false },
    { name: "Storage Queue Data Reader", guid: "19e7f393-937e-4f77-808e-94535e297925", readOnly: true },
    { name: "Key Vault Reader", guid: "21090545-7ca7-4776-b22c-e363652d74d2", readOnly: true },
    // Reads secret values: read access (no write), but the pack's secret policies still apply.
    { name: "Key Vault Secrets User", guid: "4633458b-17de-408a-b874-0445c86b69e6", readOnly: true },
    { name: "Key Vault Secrets Officer", guid: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", readOnly: false },
    { name: "Key Vault Administrator", guid: "00482a5a-887f-4fb3-b363-3b7fe8e74483", readOnly: false },
    { name: "Monitoring Reader", guid: "43d0d8ad-25c7-4714-9337-8ba259a9fe05", readOnly: true },
    { name: "Log Analytics Reader", guid: "73c42c96-874c-492b-b04d-ab87d138a893", readOnly: true },
    { name: "AcrPull", guid: "7f951dfd-4ca1-4b3b-8ef5-a0ec6aaaf4ee", readOnly: true },
    { name: "AcrPush", guid: "8311e382-0749-4cb8-b61a-304f252e45ec", readOnly: false },
    { name: "Managed Identity Operator", guid: "f1a07417-d97a-45cb-824c-7a7467783830", readOnly: false },
];

const byGuid = new Map(BUILT_IN_ROLES.map((r) => [r.guid, r]));
const byName = new Map(BUILT_IN_ROLES.map((r) => [r.name.toLowerCase(), r]));

/** Roles that can write role assignments, i.e. hand themselves or anyone any other role. */
const ASSIGNS_ROLES: ReadonlySet<string> = new Set([OWNER, USER_ACCESS_ADMINISTRATOR, RBAC_ADMINISTRATOR]);
/** Roles that are "admin" for a least-privilege review at a broad scope. */
const ADMIN_ROLES: ReadonlySet<string> = new Set([OWNER, CONTRIBUTOR, USER_ACCESS_ADMINISTRATOR, RBAC_ADMINISTRATOR]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFINITION_ID = /^(?:\/(?:subscriptions\/[^/]+|providers\/Microsoft\.Management\/managementGroups\/[^/]+))?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})\/?$/i;

/**
 * The role GUID of a role definition ID (`/subscriptions/<s>/providers/Microsoft.Authorization/
 * roleDefinitions/<guid>`, the tenant or management-group form, or a bare GUID), lower case.
 * Undefined for anything else.
 */
export function roleGuid(roleDefinitionId: unknown): string | undefined {
    if (typeof roleDefinitionId !== "string" || roleDefinitionId.length > 512) return undefined;
    const value = roleDefinitionId.trim();
    if (GUID.test(value)) return value.toLowerCase();
    const m = DEFINITION_ID.exec(value);
    return m && GUID.test(m[1]) ? m[1].toLowerCase() : undefined;
}

export function builtInRole(guid: string | undefined): BuiltInRole | undefined {
    return guid === undefined ? undefined : byGuid.get(guid.toLowerCase());
}

/** A built-in role by its display name (case-insensitive), for the component's `grants[].role`. */
export function builtInRoleByName(name: string): BuiltInRole | undefined {
    return byName.get(name.trim().toLowerCase());
}

/** How a message names a role: its built-in name, else its GUID, else the value as written (truncated). */
export function roleLabel(roleDefinitionId: string): string {
    const guid = roleGuid(roleDefinitionId);
    const role = builtInRole(guid);
    if (role) return role.name;
    if (guid) return `custom role ${guid}`;
    return roleDefinitionId.length > 64 ? `${roleDefinitionId.slice(0, 64)}…` : roleDefinitionId;
}

/** Whether a role grants read access only; unknown and custom roles do not (fail closed). */
export function isReadOnlyRole(guid: string | undefined): boolean {
    return builtInRole(guid)?.readOnly === true;
}

/**
 * What a least-privilege reviewer flags for a role at a scope: Owner, Contributor, User Access
 * Administrator and Role Based Access Control Administrator at a subscription, management group or
 * the tenant root are admin roles; a role that writes role assignments is privilege escalation at
 * any narrower scope, because it can grant itself Owner there. An unreadable role or scope is
 * flagged too: what cannot be classified cannot be waved through.
 */
export function roleFindings(guid: string | undefined, scope: ScopeLevel, roleText: string): PrivilegeFinding[] {
    const item = `Role::${guid ? roleLabel(guid) : roleText}`;
    if (!guid) return [{ rule: "admin-role", item: `${item} (role definition ID not readable)` }];
    // The entry's label already names the scope; the item names only what is flagged.
    if (ADMIN_ROLES.has(guid) && (isBroadScope(scope) || scope === "unreadable")) return [{ rule: "admin-role", item }];
    if (ASSIGNS_ROLES.has(guid)) return [{ rule: "escalation", item: `${item} (writes role assignments)` }];
    return [];
}

/**
 * The role definition ID to put on a role assignment for a role given as a built-in name, a GUID
 * or a full ID. Built-in definitions are addressable under any subscription, so the subscription of
 * the scope is used when there is one, and the tenant form otherwise.
 */
export function roleDefinitionIdFor(role: string, subscriptionId: string | undefined): string | undefined {
    const guid = builtInRoleByName(role)?.guid ?? (GUID.test(role.trim()) ? role.trim().toLowerCase() : undefined);
    if (!guid) return roleGuid(role) ? role.trim() : undefined;
    const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : "";
    return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

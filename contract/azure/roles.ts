/**
 * Azure built-in roles, from Azure's published definitions (`az role definition list`, bundled as
 * contract/data/generated/azureRoles.ts), and what a least-privilege reviewer says about a role at a
 * scope. Shared by the component (which refuses at construction what the pack would block), the
 * role assignment reader and the `RoleDefinition` reader, which classifies a custom role's
 * permissions exactly as the generator classified the built-in ones.
 *
 * A role the data does not know and the stack does not define counts as writing (fail closed),
 * because a `read` tool that gains a role nobody classified must be reviewed.
 */
import type { GrantEntry, PrivilegeFinding } from "../facts";
import { unpack } from "../data/unpack";
import { AZURE_ROLES_PACKED, AZURE_ROLES_SOURCE } from "../data/generated/azureRoles";
import { type ScopeLevel, isBroadScope } from "./scope";

export { AZURE_ROLES_SOURCE };

export interface BuiltInRole {
    name: string;
    guid: string;
    /** Grants no write, delete or action permission (control plane or data plane). */
    readOnly: boolean;
    /** Bits of ROLE_FLAGS. */
    flags: number;
}

/** What a role's permissions allow, as bits (the generated data stores them per built-in role). */
export const ROLE_FLAGS = {
    /** Every action and data action only reads. */
    readOnly: 1,
    /** Writes role assignments: can hand itself or anyone any role. */
    assignsRoles: 2,
    /** Every control-plane action (`*`), whatever it excludes. */
    allActions: 4,
    /** Lists or regenerates keys and credentials (storage, Cognitive Services, Cosmos DB, registries, web apps) or reads Key Vault secret values. */
    credentials: 8,
    /** Defines roles or elevates to the tenant root. */
    escalation: 16,
} as const;

export const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
export const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
export const USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
export const RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
export const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

const ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";
const ESCALATION_OPERATIONS = [
    "Microsoft.Authorization/roleDefinitions/write",
    "Microsoft.Authorization/elevateAccess/action",
];
const CREDENTIAL_OPERATIONS = [
    "Microsoft.Storage/storageAccounts/listKeys/action",
    "Microsoft.Storage/storageAccounts/regenerateKey/action",
    "Microsoft.CognitiveServices/accounts/listKeys/action",
    "Microsoft.DocumentDB/databaseAccounts/listKeys/action",
    "Microsoft.ContainerRegistry/registries/listCredentials/action",
    "Microsoft.Web/sites/config/list/action",
    "Microsoft.Search/searchServices/listAdminKeys/action",
    // Data plane: every secret's value in the vaults at the assignment's scope.
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
];

/** Operations ending in `/read` (including the any-provider read), and `/action` operations that only read (query, search, get a secret's value, export a query's result). */
const READ_OPERATION = /(?:\/read|\/(?:query|search|export|get[A-Za-z]*|read[A-Za-z]*|generateUserDelegationKey)\/action)$/i;
/** Opening support tickets: in every reader role Microsoft publishes, and no access to a resource. */
const SUPPORT = /^Microsoft\.Support\/\*$/i;

function operationMatcher(pattern: string): RegExp {
    const body = pattern.trim().split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${body}$`, "i");
}

interface PermissionBlock {
    actions?: unknown;
    notActions?: unknown;
    dataActions?: unknown;
    notDataActions?: unknown;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/**
 * What a role definition's permission blocks allow: the flags above, and the operations that write
 * (for messages). An operation counts as allowed when an action pattern covers it and no NotAction
 * of the same block does.
 */
export function classifyRolePermissions(permissions: unknown): { flags: number; writes: string[] } {
    const blocks: PermissionBlock[] = Array.isArray(permissions) ? permissions.filter((b) => b && typeof b === "object") : [];
    let flags = 0;
    const writes: string[] = [];
    const covers = (patterns: string[], op: string) => patterns.some((a) => operationMatcher(a).test(op));
    const allows = (b: PermissionBlock, op: string) =>
        (covers(strings(b.actions), op) && !covers(strings(b.notActions), op)) || (covers(strings(b.dataActions), op) && !covers(strings(b.notDataActions), op));
    for (const b of blocks) {
        if (allows(b, ROLE_ASSIGNMENT_WRITE)) flags |= ROLE_FLAGS.assignsRoles;
        if (strings(b.actions).some((a) => a.trim() === "*")) flags |= ROLE_FLAGS.allActions;
        if (ESCALATION_OPERATIONS.some((op) => allows(b, op))) flags |= ROLE_FLAGS.escalation;
        // Through `*` only, a role is judged by its scope (admin at a subscription or wider), as the
        // design judges Owner and Contributor; a role that names key operations is exposure anywhere.
        const named: PermissionBlock = { ...b, actions: strings(b.actions).filter((a) => a.trim() !== "*"), dataActions: strings(b.dataActions).filter((a) => a.trim() !== "*") };
        if (CREDENTIAL_OPERATIONS.some((op) => allows(named, op))) flags |= ROLE_FLAGS.credentials;
        for (const a of [...strings(b.actions), ...strings(b.dataActions)]) if (!READ_OPERATION.test(a.trim()) && !SUPPORT.test(a.trim())) writes.push(a);
    }
    if (blocks.length > 0 && writes.length === 0) flags |= ROLE_FLAGS.readOnly;
    return { flags, writes };
}

let roles: { byGuid: Map<string, BuiltInRole>; byName: Map<string, BuiltInRole> } | undefined;

function builtIns() {
    if (!roles) {
        const text = unpack(AZURE_ROLES_PACKED);
        const rows = (text ? JSON.parse(text) : []) as [string, string, number][];
        const byGuid = new Map<string, BuiltInRole>();
        const byName = new Map<string, BuiltInRole>();
        for (const [guid, name, flags] of rows) {
            const role = { guid, name, flags, readOnly: (flags & ROLE_FLAGS.readOnly) !== 0 };
            byGuid.set(guid, role);
            byName.set(name.toLowerCase(), role);
        }
        roles = { byGuid, byName };
    }
    return roles;
}

/** Every built-in role Azure publishes, from the bundled data. */
export function builtInRoles(): BuiltInRole[] {
    return [...builtIns().byGuid.values()];
}

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
    return guid === undefined ? undefined : builtIns().byGuid.get(guid.toLowerCase());
}

/** A built-in role by its display name (case-insensitive), for the component's `grants[].role`. */
export function builtInRoleByName(name: string): BuiltInRole | undefined {
    return builtIns().byName.get(name.trim().toLowerCase());
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
 * What a least-privilege reviewer flags for a role at a scope, from what the role's permissions
 * allow (`flags`: a built-in role's from the data, a custom role's from its definition): a role with
 * every action or that writes role assignments is an admin role at a subscription, management group
 * or the tenant root; at any narrower scope, writing role assignments (or federated credentials, or
 * role definitions) is privilege escalation, because it can grant itself Owner there; listing keys
 * is credential exposure. An unreadable role or scope is flagged too: what cannot be classified
 * cannot be waved through. A role neither the data nor the stack defines is not a finding here (it
 * counts as writing, and a custom role in the stack is judged by its definition).
 */
export function roleFindings(guid: string | undefined, scope: ScopeLevel, roleText: string, flags = builtInRole(guid)?.flags): PrivilegeFinding[] {
    const item = `Role::${guid ? roleLabel(guid) : roleText}`;
    if (!guid) return [{ rule: "admin-role", item: `${item} (role definition ID not readable)` }];
    if (flags === undefined) return [];
    const out: PrivilegeFinding[] = [];
    // The entry's label already names the scope; the item names only what is flagged.
    if ((flags & (ROLE_FLAGS.allActions | ROLE_FLAGS.assignsRoles)) !== 0 && (isBroadScope(scope) || scope === "unreadable")) out.push({ rule: "admin-role", item });
    else if (flags & ROLE_FLAGS.assignsRoles) out.push({ rule: "escalation", item: `${item} (writes role assignments)` });
    else if (flags & ROLE_FLAGS.escalation) out.push({ rule: "escalation", item: `${item} (writes role definitions)` });
    // On one resource (the tool's own vault secret, one storage account) reading its keys is the grant's point.
    if (flags & ROLE_FLAGS.credentials && scope !== "resource" && out.length === 0) out.push({ rule: "exposure", item: `${item} (reads or regenerates keys or secrets of every resource at this scope)` });
    return out;
}

/**
 * A custom role definition (`RoleDefinition`) as a grant entry: what its permissions allow, judged
 * at the broadest scope it may be assigned (assignments name their own scope and take these
 * findings and writes).
 */
export function customRoleDefinitionEntry(label: string, guid: string | undefined, permissions: unknown): GrantEntry {
    const { flags, writes } = classifyRolePermissions(permissions);
    const findings: PrivilegeFinding[] = [];
    const item = `Role::${label}`;
    if (flags & ROLE_FLAGS.assignsRoles) findings.push({ rule: "escalation", item: `${item} (writes role assignments)` });
    else if (flags & ROLE_FLAGS.escalation) findings.push({ rule: "escalation", item: `${item} (writes role definitions)` });
    if (flags & ROLE_FLAGS.allActions) findings.push({ rule: "wildcard", item: `${item} (every action)` });
    if (flags & ROLE_FLAGS.credentials) findings.push({ rule: "exposure", item: `${item} (reads or regenerates keys or secrets)` });
    return { label, actions: [], roles: guid ? [guid] : [], notAction: false, findings, writes: writes.map((w) => `${label}: ${w}`) };
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

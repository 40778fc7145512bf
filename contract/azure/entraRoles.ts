/**
 * Entra ID privileges an AI tool's service principal can be given outside Azure RBAC: Microsoft
 * Graph application permissions (`AppRoleAssignment.appRoleId`) and directory roles
 * (`DirectoryRoleAssignment.roleId`, a role template ID), and what a least-privilege reviewer says
 * about each.
 *
 * Sources (ids are the same in every tenant):
 * - Graph app-role ids: Microsoft Graph permissions reference
 *   (https://learn.microsoft.com/graph/permissions-reference, "Application" identifiers), cross-checked
 *   against https://graphpermissions.merill.net, which is generated from Graph's published service
 *   principal; read 2026-12-02.
 * - Directory role template ids: "Microsoft Entra built-in roles"
 *   (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference,
 *   MicrosoftDocs/entra-docs permissions-reference.md); read 2026-12-02.
 *
 * Only privileges that escalate or only read are listed; any other id counts as writing (fail
 * closed, as an unclassified Azure role does), because a `read` tool given a permission nobody
 * classified must be reviewed.
 */
import type { PrivilegeFinding, PrivilegeRule } from "../facts";

export interface EntraPrivilege {
    name: string;
    /** The finding a grant of it is, when it escalates. */
    rule?: PrivilegeRule;
    /** Why, for the message. */
    why?: string;
    readOnly: boolean;
}

const escalates = (name: string, why: string, rule: PrivilegeRule = "escalation"): EntraPrivilege => ({ name, rule, why, readOnly: false });
const reads = (name: string): EntraPrivilege => ({ name, readOnly: true });

/** Microsoft Graph application permissions (app roles of the Microsoft Graph service principal). */
export const GRAPH_APP_ROLES: Readonly<Record<string, EntraPrivilege>> = {
    "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8": escalates("RoleManagement.ReadWrite.Directory", "assigns any directory role, Global Administrator included, to itself"),
    "06b708a9-e830-4db3-a914-8e69da51d44f": escalates("AppRoleAssignment.ReadWrite.All", "grants itself any application permission, RoleManagement.ReadWrite.Directory included"),
    "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9": escalates("Application.ReadWrite.All", "adds credentials to any application, and acts as it", "exposure"),
    "19dbc75e-c2e2-444c-a770-ec69d8559fc7": escalates("Directory.ReadWrite.All", "changes users, groups and applications of the whole directory"),
    "dd199f4a-f148-40a4-a2ec-f0069cc799ec": escalates("RoleAssignmentSchedule.ReadWrite.Directory", "activates or creates PIM directory role assignments for itself"),
    "7ab1d382-f21e-4acd-a863-ba3e13f7da61": reads("Directory.Read.All"),
    "df021288-bdef-4463-88db-98f22de89214": reads("User.Read.All"),
    "483bed4a-2ad3-4361-a73b-c83ccdbdc53c": reads("RoleManagement.Read.Directory"),
    "c7fbd983-d9aa-4fa7-84b8-17382c103bc4": reads("RoleManagement.Read.All"),
};

export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
export const PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814";

/** Directory role template ids. */
export const DIRECTORY_ROLES: Readonly<Record<string, EntraPrivilege>> = {
    [GLOBAL_ADMINISTRATOR]: escalates("Global Administrator", "administers every part of the tenant", "admin-role"),
    [PRIVILEGED_ROLE_ADMINISTRATOR]: escalates("Privileged Role Administrator", "assigns any directory role, Global Administrator included"),
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": escalates("Privileged Authentication Administrator", "resets the credentials of any user, administrators included"),
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": escalates("Application Administrator", "adds credentials to any application and acts as it", "exposure"),
    "158c047a-c907-4556-b7ef-446551a6b5f7": escalates("Cloud Application Administrator", "adds credentials to any application and acts as it", "exposure"),
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": escalates("Authentication Administrator", "resets the credentials of non-administrator users"),
    "fe930be7-5e62-47db-91af-98c3a49a38b1": escalates("User Administrator", "resets passwords and manages users and groups"),
    "fdd7a751-b60b-444a-984c-02652fe8fa1c": escalates("Groups Administrator", "changes the membership of groups that hold access"),
    "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2": escalates("Hybrid Identity Administrator", "changes federation, and so who can sign in as anyone"),
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": escalates("Conditional Access Administrator", "turns off the conditional access that guards administrators"),
    "194ae4cb-b126-40b2-bd5b-6091b380977d": escalates("Security Administrator", "changes the tenant's security policies"),
    "f2ef992c-3afb-46b9-b7cf-a126ee74c451": reads("Global Reader"),
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": reads("Directory Readers"),
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The lower-case GUID an id names (a directory role's `roleId` may be given as `/roleDefinitions/<guid>`), or undefined. */
export function entraGuid(id: string): string | undefined {
    const tail = id.trim().toLowerCase().split("/").pop() ?? "";
    return GUID.test(tail) ? tail : undefined;
}

export interface EntraJudgement {
    /** How a message names it. */
    label: string;
    findings: PrivilegeFinding[];
    /** Non-empty unless the privilege only reads. */
    writes: string[];
}

/**
 * What granting `id` from `table` means. `tenantWide` is false for a directory role scoped to one
 * administrative unit or application: there only Global and Privileged Role Administrator, which
 * are tenant-wide whatever the scope says, are findings.
 */
export function judgeEntraPrivilege(kind: "app role" | "directory role", table: Readonly<Record<string, EntraPrivilege>>, id: string, tenantWide = true): EntraJudgement {
    const guid = entraGuid(id);
    const known = guid ? table[guid] : undefined;
    const name = known?.name ?? (guid ? `${guid} (unclassified)` : id.length > 64 ? `${id.slice(0, 64)}…` : id || "(none)");
    const item = `${kind === "app role" ? "AppRole" : "DirectoryRole"}::${name}`;
    const findings: PrivilegeFinding[] = [];
    const alwaysTenantWide = guid === GLOBAL_ADMINISTRATOR || guid === PRIVILEGED_ROLE_ADMINISTRATOR;
    if (known?.rule && (tenantWide || alwaysTenantWide)) findings.push({ rule: known.rule, item: `${item} (${known.why})` });
    if (!guid) findings.push({ rule: "admin-role", item: `${item} (not a GUID, so what it grants cannot be read)` });
    return { label: `${kind} ${name}`, findings, writes: known?.readOnly ? [] : [item] };
}

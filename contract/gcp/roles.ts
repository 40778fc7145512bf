/**
 * GCP role classification, shared by the readers (findings, write access) and the component (which
 * refuses at construction what the pack would block at preview).
 *
 * Read access is proven, never assumed: only `roles/browser`, `roles/iam.securityReviewer`, Secret
 * Manager's accessor roles and predefined roles whose last segment ends in `viewer` or `reader`
 * (Google's own naming of read roles) count as read, and none of them that holds an escalating
 * permission. A custom role in the stack is judged by its permissions (`customRoleEntry`); one
 * outside it, and anything unrecognised, count as write.
 *
 * Which predefined role holds which escalating or credential-minting permission comes from GCP's
 * published role definitions (contract/data/generated/gcpRoles.ts), so a role is judged by what it
 * grants, not by whether someone remembered to list it.
 */
import type { GrantEntry, PrivilegeFinding } from "../facts";
import { unpack } from "../data/unpack";
import { GCP_ROLES_PACKED, GCP_ROLES_SOURCE, GCP_SENSITIVE_PERMISSIONS_AT_GENERATION } from "../data/generated/gcpRoles";

export { GCP_ROLES_SOURCE };

/**
 * Permissions that let the holder act as a service account, change who may access a project,
 * folder, organisation or account, or redefine roles: whoever holds one is no longer bounded by its
 * own grants (Rhino Security Labs' GCP privilege-escalation methods).
 */
export const GCP_ESCALATION_PERMISSIONS: readonly string[] = [
    "iam.serviceAccounts.actAs",
    "iam.serviceAccounts.getAccessToken",
    "iam.serviceAccounts.getOpenIdToken",
    "iam.serviceAccounts.implicitDelegation",
    "iam.serviceAccounts.setIamPolicy",
    "iam.serviceAccounts.signBlob",
    "iam.serviceAccounts.signJwt",
    "iam.roles.create",
    "iam.roles.update",
    "iam.workloadIdentityPoolProviders.create",
    "iam.workloadIdentityPoolProviders.update",
    "resourcemanager.folders.setIamPolicy",
    "resourcemanager.organizations.setIamPolicy",
    "resourcemanager.projects.setIamPolicy",
    "deploymentmanager.deployments.create",
    "orgpolicy.policy.set",
];

/** Permissions that mint long-lived credentials (keys) or read them back. */
export const GCP_EXPOSURE_PERMISSIONS: readonly string[] = [
    "iam.serviceAccountKeys.create",
    "apikeys.keys.create",
    "apikeys.keys.getKeyString",
    "storage.hmacKeys.create",
];

/** The permissions the generated role data records per role (scripts/generate-cloud-data.js). */
export function gcpSensitivePermissions(): string[] {
    return [...GCP_ESCALATION_PERMISSIONS, ...GCP_EXPOSURE_PERMISSIONS];
}

let predefined: Map<string, string[]> | undefined;

/** Sensitive permissions of a predefined role, from GCP's data; undefined when the data does not have the role. */
export function predefinedRolePermissions(role: string): string[] | undefined {
    if (!predefined) {
        predefined = new Map();
        for (const row of unpack(GCP_ROLES_PACKED).split("\n")) {
            if (!row) continue;
            const colon = row.indexOf(":");
            const name = `roles/${colon < 0 ? row : row.slice(0, colon)}`.toLowerCase();
            const held = colon < 0 ? [] : row.slice(colon + 1).split(",").map((i) => GCP_SENSITIVE_PERMISSIONS_AT_GENERATION[Number(i)]).filter((p): p is string => !!p);
            predefined.set(name, held);
        }
    }
    return predefined.get(role.trim().toLowerCase());
}

const ESCALATION_PERMISSIONS = new Set(GCP_ESCALATION_PERMISSIONS.map((p) => p.toLowerCase()));
const EXPOSURE_PERMISSIONS = new Set(GCP_EXPOSURE_PERMISSIONS.map((p) => p.toLowerCase()));

/** Findings for the sensitive permissions a role holds, cdk-nag style: `Role::x (iam.serviceAccounts.actAs)`. */
function permissionFindings(item: string, permissions: readonly string[]): PrivilegeFinding[] {
    const escalation = permissions.filter((p) => ESCALATION_PERMISSIONS.has(p.toLowerCase()) || (/\.setiampolicy$/i.test(p) && /^(resourcemanager|iam)\./i.test(p)));
    const exposure = permissions.filter((p) => EXPOSURE_PERMISSIONS.has(p.toLowerCase()));
    const out: PrivilegeFinding[] = [];
    const list = (ps: string[]) => ps.slice(0, 3).join(", ") + (ps.length > 3 ? ` and ${ps.length - 3} more` : "");
    if (escalation.length) out.push({ rule: "escalation", item: `${item} (${list(escalation)})` });
    if (exposure.length) out.push({ rule: "exposure", item: `${item} (${list(exposure)})` });
    return out;
}

/**
 * Verbs of permissions that only read, for custom roles (`storage.objects.get`). Google's own read
 * roles hold a few permissions whose verb says otherwise (`bigquery.jobs.create` to run a query),
 * so predefined roles are read by their names; a custom role is read-only only when every one of
 * its permissions has a read verb.
 */
const READ_VERB = /^(get|list|search|query|lookup|read|view|fetch|batchget|testiampermissions|check|access)/i;

/**
 * A custom role (`IAMCustomRole`) as a grant entry: findings for the escalating and key-minting
 * permissions it holds, and its writes. The role grants nobody by itself; bindings that name it
 * take its findings and writes (and keep their own condition).
 */
export function customRoleEntry(label: string, handle: string, permissions: readonly string[]): GrantEntry {
    const item = `Role::${handle}`;
    const findings = permissionFindings(item, permissions);
    if (permissions.some((p) => p.includes("*"))) findings.push({ rule: "wildcard", item });
    const writes = permissions.filter((p) => !READ_VERB.test(p.split(".").pop() ?? "") || ESCALATION_PERMISSIONS.has(p.toLowerCase()) || EXPOSURE_PERMISSIONS.has(p.toLowerCase()));
    return { label, actions: [], roles: [handle], notAction: false, findings, writes };
}

/** The legacy project-wide roles: coarse, and owner/editor include almost every write permission. */
export const BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

/**
 * Roles that let the holder act as a service account, change who may, or grant itself more access:
 * a tool holding one is no longer bounded by its own grants.
 */
export const ESCALATION_ROLES: readonly string[] = [
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountUser",
    "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountOpenIdTokenCreator",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.securityAdmin",
    "roles/iam.roleAdmin",
    "roles/iam.organizationRoleAdmin",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/iam.workforcePoolAdmin",
    "roles/iam.denyAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/resourcemanager.folderIamAdmin",
    "roles/resourcemanager.organizationAdmin",
    "roles/privilegedaccessmanager.admin",
];

/** Roles that mint long-lived credentials (service-account keys, API keys) for whoever holds them. */
export const EXPOSURE_ROLES: readonly string[] = ["roles/iam.serviceAccountKeyAdmin", "roles/serviceusage.apiKeysAdmin"];

/** Roles that let a principal act as the service account they are granted on (trust, not access). */
export const IMPERSONATION_ROLES: readonly string[] = [
    "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountOpenIdTokenCreator",
];

const READ_ROLES: readonly string[] = ["roles/browser", "roles/iam.securityReviewer", "roles/secretmanager.secretAccessor", "roles/secretmanager.secretVersionAccessor"];

const lowerSet = (list: readonly string[]) => new Set(list.map((r) => r.toLowerCase()));
const BASIC = lowerSet(BASIC_ROLES);
const ESCALATION = lowerSet(ESCALATION_ROLES);
const EXPOSURE = lowerSet(EXPOSURE_ROLES);
const IMPERSONATION = lowerSet(IMPERSONATION_ROLES);
const READ = lowerSet(READ_ROLES);

/** `roles/x.y`, `projects/p/roles/x` or `organizations/o/roles/x`: the forms IAM accepts. */
export const ROLE_PATTERN = /^(?:roles\/[A-Za-z0-9_.]{1,128}|projects\/[a-z0-9:.-]{1,100}\/roles\/[A-Za-z0-9_.]{1,64}|organizations\/\d{1,32}\/roles\/[A-Za-z0-9_.]{1,64})$/;

export function isCustomRole(role: string): boolean {
    return !role.trim().toLowerCase().startsWith("roles/");
}

export function isBasicRole(role: string): boolean {
    return BASIC.has(role.trim().toLowerCase());
}

export function isImpersonationRole(role: string): boolean {
    return IMPERSONATION.has(role.trim().toLowerCase());
}

/** True only for roles proven read-only (see the module comment). */
export function isReadRole(role: string): boolean {
    const r = role.trim().toLowerCase();
    if (READ.has(r) || r === "roles/viewer") return true;
    if (predefinedRolePermissions(r)?.length) return false;
    if (!r.startsWith("roles/") || r.includes("*")) return false;
    const last = r.slice("roles/".length).split(".").pop() ?? "";
    return last.endsWith("viewer") || last.endsWith("reader");
}

/**
 * What a least-privilege reviewer flags on a role, cdk-nag style (`Role::roles/owner`): basic roles
 * and service `admin` roles (which include `setIamPolicy`) as `admin-role`, impersonation and IAM
 * administration as `escalation`, key minting as `exposure`.
 */
export function roleFindings(role: string): PrivilegeFinding[] {
    const r = role.trim().toLowerCase();
    const item = `Role::${role.trim()}`;
    const findings: PrivilegeFinding[] = [];
    if (BASIC.has(r) || /^roles\/[a-z0-9_]+\.admin$/.test(r)) findings.push({ rule: "admin-role", item });
    if (ESCALATION.has(r)) findings.push({ rule: "escalation", item });
    if (EXPOSURE.has(r)) findings.push({ rule: "exposure", item });
    // What GCP's data says the role holds, beyond the roles named above (an admin or basic role is
    // already flagged as a whole).
    const held = findings.length ? undefined : predefinedRolePermissions(r);
    if (held?.length) {
        for (const f of permissionFindings(item, held)) if (!findings.some((g) => g.rule === f.rule)) findings.push(f);
    }
    if (r.includes("*")) findings.push({ rule: "wildcard", item });
    return findings;
}

/** Why the component refuses to grant `role` itself, or undefined when it may. */
export function refusedRoleReason(role: string): string | undefined {
    const findings = roleFindings(role);
    if (!findings.length) return undefined;
    const r = role.trim().toLowerCase();
    const what = BASIC.has(r)
        ? "a basic role (project-wide and far broader than any tool needs)"
        : IMPERSONATION.has(r)
          ? "an impersonation role (the tool could act as another service account)"
          : EXPOSURE.has(r)
            ? "a key-administration role (the tool could mint long-lived keys)"
            : ESCALATION.has(r)
              ? "an IAM administration role (the tool could grant itself more access)"
              : "an administrator role (it includes `setIamPolicy`, so the tool could grant itself more access)";
    return `${what}`;
}

/**
 * GCP role classification, shared by the readers (findings, write access) and the component (which
 * refuses at construction what the pack would block at preview).
 *
 * Read access is proven, never assumed: only `roles/browser`, `roles/iam.securityReviewer`, Secret
 * Manager's accessor roles and predefined roles whose last segment ends in `viewer` or `reader`
 * count as read. Custom roles (`projects/p/roles/x`) and anything unrecognised count as write.
 */
import type { PrivilegeFinding } from "../facts";

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

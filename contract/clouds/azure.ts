/**
 * Azure (azure-native) and Entra ID (azuread) readers: managed identities and their federated
 * credentials, Entra applications and service principals with their passwords, certificates and
 * federated credentials, RBAC role assignments and PIM eligibility schedules, Key Vault secrets
 * and keys.
 *
 * Values a check needs (tags, dates, subjects, roles, scopes) are read through @pulumi/policy's
 * proxy, so an unknown one makes the policy advisory, which is the honest answer at preview.
 * Links and handles are read from the raw object: they are often unknown at preview, and stack
 * policies resolve them through property dependencies instead.
 */
import { type AnnotationReading, mergeReadings, parseExpiry, readTags, readText } from "../annotations";
import type { CloudCatalogue } from "../catalogue";
import { parseDurationSeconds, parseIsoInstant } from "../dates";
import type { CredentialFacts, GrantEntry, GrantFacts, Link, ResourceFacts, TrustFacts } from "../facts";
import { isUnknown, unproxied } from "../facts";
import { readEntraCredentialLifetime, readKeyRotationDays, readKeyVaultExpires } from "../azure/credentials";
import { readFederatedCredential, readFlexibleFederatedCredential, type FederationReading } from "../azure/federation";
import { builtInRole, customRoleDefinitionEntry, isReadOnlyRole, roleFindings, roleGuid, roleLabel } from "../azure/roles";
import { readScope } from "../azure/scope";
import { DIRECTORY_ROLES, GRAPH_APP_ROLES, judgeEntraPrivilege } from "../azure/entraRoles";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER } from "../azure/federation";
import { ALL_ANNOTATION_PARTS, collectUnknowns, knownMap, readingUnknowns } from "../unknowns";
import { TAG_KEYS, normaliseKey } from "../annotations";

type Props = Record<string, any>;

/** A known, non-empty string from the raw (unproxied) properties; unknowns and junk are undefined. */
function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value.length <= 2048 && !isUnknown(value) ? value : undefined;
}

function rawOf(props: Props): Props {
    const raw = unproxied(props);
    return raw && typeof raw === "object" ? raw : {};
}

function link(props: Props, property: string): Link {
    return { property, value: knownString(rawOf(props)[property]) };
}

function handles(props: Props, ...properties: string[]): string[] {
    const raw = rawOf(props);
    const out: string[] = [];
    for (const p of properties) {
        const v = knownString(raw[p]);
        if (v !== undefined && !out.includes(v)) out.push(v);
    }
    return out;
}

/** An object-valued property, or undefined when absent or not an object (never throws). */
function objectAt(value: unknown): Props | undefined {
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

/** Entra objects carry annotations as `key=value;...` text in `notes` and `description`. */
function entraAnnotations(props: Props): AnnotationReading {
    // Text built from an output is unknown as a whole: every annotation it may hold is unverified.
    const raw = rawOf(props);
    const text = (key: string) => {
        if (!isUnknown(raw[key])) return readText(props[key]);
        for (const p of ALL_ANNOTATION_PARTS) readingUnknowns().mark(p, key);
        return readText(undefined);
    };
    return mergeReadings(text("notes"), text("description"));
}

function trustFacts(targets: Link[], reading: FederationReading & { unknown?: string[] }): TrustFacts {
    const trust: TrustFacts = { targets, subjects: reading.subjects, problems: reading.problems, githubEnvironments: reading.githubEnvironments };
    if (reading.githubJobsWithoutEnvironment) trust.githubJobsWithoutEnvironment = reading.githubJobsWithoutEnvironment;
    if (reading.unknown?.length) trust.unknown = reading.unknown;
    return trust;
}

/**
 * A federated credential with some of `issuer`, `subject`, `audiences` unknown at preview: judged
 * under two opposite completions of the unknowns (a GitHub and a non-GitHub issuer; a GitHub and
 * a Kubernetes subject) and only the problems both share are kept, since they hold whatever the
 * values turn out to be. Subjects, environments and jobs are taken only from what is known.
 */
function knownFederation(props: Props): FederationReading & { unknown?: string[] } {
    const raw = rawOf(props);
    const unknown = ["issuer", "subject", "audiences"].filter((k) => isUnknown(raw[k]) || (Array.isArray(raw[k]) && raw[k].some(isUnknown)));
    if (!unknown.length) return readFederatedCredential(props.issuer, props.subject, props.audiences);
    const pick = (k: string, completion: unknown) => (unknown.includes(k) ? completion : raw[k]);
    const a = readFederatedCredential(pick("issuer", GITHUB_ISSUER), pick("subject", "repo:nhi-guard/unknown:environment:unknown"), pick("audiences", [AZURE_TOKEN_EXCHANGE_AUDIENCE]));
    const b = readFederatedCredential(pick("issuer", "https://issuer.unknown.invalid"), pick("subject", "system:serviceaccount:unknown:unknown"), pick("audiences", [AZURE_TOKEN_EXCHANGE_AUDIENCE]));
    const problems = a.problems.filter((p) => b.problems.includes(p));
    const known = !unknown.includes("issuer") && !unknown.includes("subject");
    return { subjects: unknown.includes("subject") ? [] : a.subjects, problems, githubEnvironments: known ? a.githubEnvironments : [], ...(known && a.githubJobsWithoutEnvironment ? { githubJobsWithoutEnvironment: a.githubJobsWithoutEnvironment } : {}), unknown };
}

// ---- identities ------------------------------------------------------------------------------

const FIELD_OF_TAG = new Map(Object.entries(TAG_KEYS).map(([field, key]) => [key, field]));
const tagField = (key: string) => FIELD_OF_TAG.get(normaliseKey(key));

function readUserAssignedIdentity(props: Props): ResourceFacts {
    return {
        cloud: "azure",
        kind: "identity",
        label: "user-assigned managed identity",
        annotations: readTags(knownMap(readingUnknowns(), props, "tags", tagField)),
        identity: { handles: handles(props, "principalId", "clientId", "id", "name", "resourceName") },
        plaintextFields: ["tags"],
    };
}

function entraIdentity(label: string, handleProps: string[]) {
    return (props: Props): ResourceFacts => ({
        cloud: "azure",
        kind: "identity",
        label,
        annotations: entraAnnotations(props),
        identity: { handles: handles(props, ...handleProps) },
        plaintextFields: ["notes", "description"],
    });
}

/**
 * An application with an inline `password` holds a credential as well as being an identity: it is
 * judged like an `ApplicationPassword` (an `endDate` within the credential limit).
 */
function readApplication(props: Props): ResourceFacts {
    const facts = entraIdentity("Entra application", ["id", "objectId", "clientId"])(props);
    const raw = rawOf(props);
    if (raw.password === undefined || raw.password === null) return facts;
    const kind = "Entra application inline password";
    if (isUnknown(raw.password) || isUnknown(objectAt(raw.password)?.endDate)) {
        readingUnknowns().mark("credential", isUnknown(raw.password) ? "password" : "password.endDate");
        return { ...facts, credential: { targets: [], kind, longLived: false } };
    }
    const password = objectAt(props.password);
    const lifetime = password ? readEntraCredentialLifetime(password.endDate, undefined) : { longLived: true, problem: "`password` is not an object" };
    if (lifetime.problem) lifetime.problem = lifetime.problem.replace("`endDate`", "`password.endDate`");
    return { ...facts, credential: { targets: [], kind, ...lifetime } };
}

// ---- trust -----------------------------------------------------------------------------------

function readManagedIdentityFederation(props: Props): ResourceFacts {
    const reading = knownFederation(props);
    return { cloud: "azure", kind: "trust", label: "managed identity federated credential", trust: trustFacts([link(props, "resourceName")], reading) };
}

function readApplicationFederation(props: Props): ResourceFacts {
    const reading = knownFederation(props);
    return { cloud: "azure", kind: "trust", label: "Entra application federated credential", trust: trustFacts([link(props, "applicationId")], reading), plaintextFields: ["description"] };
}

function readFlexibleApplicationFederation(props: Props): ResourceFacts {
    const reading = readFlexibleFederatedCredential(props.issuer, props.audience, props.claimsMatchingExpression);
    return { cloud: "azure", kind: "trust", label: "Entra application flexible federated credential", trust: trustFacts([link(props, "applicationId")], reading), plaintextFields: ["description"] };
}

// ---- credentials -----------------------------------------------------------------------------

function entraCredential(label: string, owner: "applicationId" | "servicePrincipalId") {
    return (props: Props): ResourceFacts => {
        const raw = rawOf(props);
        // An end date computed at preview (from a rotation resource, a time offset) is unverified, not missing.
        const endUnknown = isUnknown(raw.endDate) || isUnknown(raw.endDateRelative);
        if (endUnknown) readingUnknowns().mark("credential", isUnknown(raw.endDate) ? "endDate" : "endDateRelative");
        const lifetime = endUnknown ? { longLived: false } : readEntraCredentialLifetime(props.endDate, props.endDateRelative);
        const credential: CredentialFacts = { targets: [link(props, owner)], kind: label, ...lifetime };
        return { cloud: "azure", kind: "credential", label, credential, plaintextFields: ["displayName"] };
    };
}

// ---- grants ----------------------------------------------------------------------------------

/** The end of a grant from `expires-at` in its annotation text; a malformed one is a problem, not standing-and-silent. */
function annotatedEnd(reading: AnnotationReading, carrier: string): Pick<GrantEntry, "endsAt" | "endProblem"> {
    const problem = reading.problems.find((p) => p.field === "expiresAt");
    if (problem) return { endProblem: `${problem.message} in \`${carrier}\`` };
    const value = reading.values.expiresAt;
    if (value === undefined) return {};
    const end = parseExpiry(value);
    return end ? { endsAt: end } : { endProblem: `\`expires-at\` in \`${carrier}\` is not a UTC date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM:SSZ` };
}

function roleEntry(props: Props, end: Pick<GrantEntry, "endsAt" | "endProblem">, kind: string): GrantEntry {
    const raw = rawOf(props);
    // Unknown at preview: a role ID is judged by nothing (unverified); a scope (a resource group made
    // in the same program) is judged as the narrowest, so only findings that hold at every scope remain.
    const roleUnknown = isUnknown(raw.roleDefinitionId);
    const scopeUnknown = isUnknown(raw.scope);
    const unknownPrivileges = [...(roleUnknown ? ["roleDefinitionId"] : []), ...(scopeUnknown ? ["scope"] : [])];
    const roleText = !roleUnknown && typeof props.roleDefinitionId === "string" ? props.roleDefinitionId : "";
    const guid = roleGuid(roleText);
    const scope = scopeUnknown ? { level: "resource" as const } : readScope(props.scope);
    const role = roleUnknown ? "(unknown at preview)" : guid ? roleLabel(guid) : roleText.length > 64 ? `${roleText.slice(0, 64)}…` : roleText || "(no role)";
    return {
        label: `${kind} ${role} at ${scopeUnknown ? "a scope unknown at preview" : `${scope.level} scope`}`,
        actions: [],
        roles: roleUnknown ? [] : [guid ?? roleText],
        notAction: false,
        ...end,
        findings: roleUnknown ? [] : roleFindings(guid, scope.level, role),
        writes: roleUnknown || isReadOnlyRole(guid) ? [] : [`Role::${role}`],
        ...(unknownPrivileges.length ? { unknownPrivileges } : {}),
    };
}

/**
 * A role that is not built in may be defined in the stack (`RoleDefinition`): linked by the role's
 * GUID, which the definition's ID ends with, so any prefix form of the ID reaches it.
 */
function definitionLink(props: Props): Link[] | undefined {
    const text = knownString(rawOf(props).roleDefinitionId);
    const guid = roleGuid(text);
    if (text !== undefined && guid && builtInRole(guid)) return undefined;
    return [{ property: "roleDefinitionId", value: guid }];
}

function readRoleAssignment(props: Props): ResourceFacts {
    // The end lives in `description` (`expires-at=`): unknown there is an unknown end, not none.
    const descriptionUnknown = isUnknown(rawOf(props).description);
    const annotations = readText(descriptionUnknown ? undefined : props.description);
    const entry = roleEntry(props, annotatedEnd(annotations, "description"), "role");
    if (descriptionUnknown) entry.unknownEnd = ["description"];
    const grant: GrantFacts = { targets: [link(props, "principalId")], entries: [entry] };
    const definitions = definitionLink(props);
    if (definitions) grant.definitions = definitions;
    return {
        cloud: "azure",
        kind: "grant",
        label: "role assignment",
        annotations,
        grant,
        plaintextFields: ["description"],
    };
}

/**
 * A custom role definition: what its permissions allow, classified exactly as the built-in roles'
 * published definitions are (contract/azure/roles.ts). It grants nobody by itself; assignments that
 * name it take its findings and writes at their own scope.
 */
function readRoleDefinition(props: Props): ResourceFacts {
    const raw = rawOf(props);
    const guid = roleGuid(knownString(raw.roleDefinitionId)) ?? roleGuid(knownString(raw.name)) ?? roleGuid(knownString(raw.id));
    const name = typeof props.roleName === "string" ? props.roleName : guid ?? "(unnamed)";
    const permissions = props.permissions;
    const grant: GrantFacts = { targets: [], entries: [], roleDefinition: true, handles: [...(guid ? [guid] : []), ...handles(props, "id")] };
    if (permissions !== undefined && permissions !== null && !Array.isArray(permissions)) grant.unreadable = "`permissions` is not a list";
    else grant.entries.push(customRoleDefinitionEntry(`custom role "${name.length > 64 ? `${name.slice(0, 64)}…` : name}"`, guid, permissions ?? []));
    return { cloud: "azure", kind: "grant", label: "role definition", grant, plaintextFields: ["description"] };
}

/**
 * A PIM eligibility's end: `AfterDateTime` at `endDateTime`, `AfterDuration` at start + duration,
 * `NoExpiration` (or no schedule) never: standing eligibility.
 */
function eligibilityEnd(scheduleInfo: unknown): Pick<GrantEntry, "endsAt" | "endProblem"> {
    const schedule = objectAt(scheduleInfo);
    const expiration = objectAt(schedule?.expiration);
    if (!expiration) return {};
    const type = typeof expiration.type === "string" ? expiration.type.toLowerCase() : undefined;
    if (type === "noexpiration") return {};
    if (type === "afterduration") {
        const start = parseIsoInstant(schedule!.startDateTime);
        const seconds = parseDurationSeconds(expiration.duration);
        if (!start || seconds === undefined) return { endProblem: "`scheduleInfo.expiration` is AfterDuration without a readable `startDateTime` and ISO 8601 `duration`; use AfterDateTime with `endDateTime`" };
        return { endsAt: new Date(start.getTime() + seconds * 1000) };
    }
    if (type === "afterdatetime" || (type === undefined && expiration.endDateTime !== undefined)) {
        const end = parseIsoInstant(expiration.endDateTime);
        return end ? { endsAt: end } : { endProblem: "`scheduleInfo.expiration.endDateTime` is not an ISO 8601 date-time" };
    }
    if (type === undefined) return {};
    return { endProblem: "`scheduleInfo.expiration.type` is not AfterDateTime, AfterDuration or NoExpiration" };
}

function readEligibilitySchedule(props: Props): ResourceFacts {
    const annotations = readText(props.justification);
    return {
        cloud: "azure",
        kind: "grant",
        label: "PIM role eligibility",
        annotations,
        grant: { targets: [link(props, "principalId")], entries: [roleEntry(props, eligibilityEnd(props.scheduleInfo), "eligible role")] },
        plaintextFields: ["justification"],
    };
}

/**
 * An Entra app-role or directory-role assignment: no end of its own (Entra has no expiring
 * assignment outside PIM), so it is standing access; the privilege is judged from Microsoft's
 * published ids (contract/azure/entraRoles.ts). Unknown ids are unverified, never a finding.
 */
function entraRoleGrant(kind: "app role" | "directory role", idProperty: "appRoleId" | "roleId", label: string) {
    return (props: Props): ResourceFacts => {
        const raw = rawOf(props);
        const idUnknown = isUnknown(raw[idProperty]);
        const scopeUnknown = kind === "directory role" && isUnknown(raw.directoryScopeId);
        const scope = scopeUnknown ? undefined : knownString(raw.directoryScopeId);
        // Judged at the narrowest scope when unknown, so only findings that hold anywhere remain.
        const tenantWide = !scopeUnknown && (scope === undefined || scope === "/");
        const id = idUnknown ? "" : typeof props[idProperty] === "string" ? (props[idProperty] as string) : "";
        const judged = idUnknown ? undefined : judgeEntraPrivilege(kind, kind === "app role" ? GRAPH_APP_ROLES : DIRECTORY_ROLES, id, tenantWide);
        const unknownPrivileges = [...(idUnknown ? [idProperty] : []), ...(scopeUnknown ? ["directoryScopeId"] : [])];
        const entry: GrantEntry = {
            label: judged ? `${judged.label}${kind === "directory role" ? (tenantWide ? " across the tenant" : " at a narrower scope") : ""}` : `${kind} (unknown at preview)`,
            actions: [],
            roles: judged && id ? [id] : [],
            notAction: false,
            findings: judged?.findings ?? [],
            writes: judged?.writes ?? [],
            ...(unknownPrivileges.length ? { unknownPrivileges } : {}),
        };
        return { cloud: "azure", kind: "grant", label, grant: { targets: [link(props, "principalObjectId")], entries: [entry] } };
    };
}

/**
 * The end of a PIM group assignment or eligibility (azuread): `expirationDate`, or `startDate` (the
 * creation time when absent, so now bounds it at preview) + ISO 8601 `duration`; `permanentAssignment`
 * or neither is standing.
 */
function groupScheduleEnd(props: Props): Pick<GrantEntry, "endsAt" | "endProblem" | "unknownEnd"> {
    const raw = rawOf(props);
    const unknownEnd = ["expirationDate", "duration", "startDate", "permanentAssignment"].filter((k) => isUnknown(raw[k]));
    if (unknownEnd.length) return { unknownEnd };
    if (props.permanentAssignment === true) return {};
    if (props.expirationDate !== undefined && props.expirationDate !== null) {
        const end = parseIsoInstant(props.expirationDate);
        return end ? { endsAt: end } : { endProblem: "`expirationDate` is not an RFC 3339 date-time" };
    }
    if (props.duration !== undefined && props.duration !== null) {
        const seconds = parseDurationSeconds(props.duration);
        const start = props.startDate === undefined || props.startDate === null ? new Date() : parseIsoInstant(props.startDate);
        if (seconds === undefined || !start) return { endProblem: "`duration` is not an ISO 8601 duration such as P30D, or `startDate` is not a date-time; set `expirationDate` instead" };
        return { endsAt: new Date(start.getTime() + seconds * 1000) };
    }
    return {};
}

/** A PIM group membership or ownership: what it grants is the group's (judged where the group is granted); here, when it ends. */
function groupSchedule(label: string) {
    return (props: Props): ResourceFacts => {
        const raw = rawOf(props);
        const type = isUnknown(raw.assignmentType) ? "member or owner" : knownString(raw.assignmentType)?.toLowerCase() ?? "member";
        const entry: GrantEntry = { label: `${label} as ${type} of group ${knownString(raw.groupId) ?? "(unknown at preview)"}`, actions: [], roles: [], notAction: false, findings: [], writes: [], ...groupScheduleEnd(props) };
        return { cloud: "azure", kind: "grant", label, annotations: readText(isUnknown(raw.justification) ? undefined : props.justification), grant: { targets: [link(props, "principalId")], entries: [entry] }, plaintextFields: ["justification"] };
    };
}

// ---- Key Vault -------------------------------------------------------------------------------

/**
 * `properties` present but not an object: most often a whole-property secret in a stack export
 * (the component lists `properties` in `additionalSecretOutputs`), which hides the expiry. Said
 * so, rather than read as "never expires".
 */
function unreadableProperties(props: Props): string | undefined {
    const value = props.properties;
    return value !== undefined && value !== null && !objectAt(value) ? "`properties` cannot be read (encrypted in the state, or not an object), so its expiry cannot be verified" : undefined;
}

function readKeyVaultSecret(props: Props): ResourceFacts {
    const properties = objectAt(props.properties);
    const attributes = objectAt(properties?.attributes);
    const expiry = readKeyVaultExpires(attributes?.expires);
    const problem = unreadableProperties(props) ?? expiry.problem;
    return {
        cloud: "azure",
        kind: "secret",
        label: "Key Vault secret",
        annotations: readTags(props.tags),
        secret: { expiresAt: expiry.expiresAt, ...(problem ? { problem } : {}), handles: handles(props, "id", "name", "secretName", "secretUri") },
        plaintextFields: ["tags", "properties.contentType"],
    };
}

function readKeyVaultKey(props: Props): ResourceFacts {
    const properties = objectAt(props.properties);
    const expiry = readKeyVaultExpires(objectAt(properties?.attributes)?.expires);
    const rotation = readKeyRotationDays(properties?.rotationPolicy);
    const problem = [unreadableProperties(props), expiry.problem, rotation.problem].filter(Boolean).join("; ") || undefined;
    return {
        cloud: "azure",
        kind: "secret",
        label: "Key Vault key",
        annotations: readTags(props.tags),
        secret: { expiresAt: expiry.expiresAt, rotationDays: rotation.rotationDays, problem, handles: handles(props, "id", "name", "keyName", "keyUri") },
        plaintextFields: ["tags"],
    };
}

export const azureCatalogue: CloudCatalogue = collectUnknowns({
    "azure-native:managedidentity:UserAssignedIdentity": { kind: "identity", label: "user-assigned managed identity", read: readUserAssignedIdentity },
    "azure-native:managedidentity:FederatedIdentityCredential": { kind: "trust", label: "managed identity federated credential", read: readManagedIdentityFederation },
    "azure-native:authorization:RoleAssignment": { kind: "grant", label: "role assignment", read: readRoleAssignment },
    "azure-native:authorization:RoleDefinition": { kind: "grant", label: "role definition", read: readRoleDefinition },
    "azure-native:authorization:PimRoleEligibilitySchedule": { kind: "grant", label: "PIM role eligibility", read: readEligibilitySchedule },
    "azure-native:keyvault:Secret": { kind: "secret", label: "Key Vault secret", read: readKeyVaultSecret },
    "azure-native:keyvault:Key": { kind: "secret", label: "Key Vault key", read: readKeyVaultKey },
    "azuread:index/application:Application": { kind: "identity", label: "Entra application", read: readApplication },
    "azuread:index/applicationRegistration:ApplicationRegistration": { kind: "identity", label: "Entra application registration", read: entraIdentity("Entra application registration", ["id", "objectId", "clientId"]) },
    "azuread:index/servicePrincipal:ServicePrincipal": { kind: "identity", label: "Entra service principal", read: entraIdentity("Entra service principal", ["id", "objectId"]) },
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": { kind: "trust", label: "Entra application federated credential", read: readApplicationFederation },
    "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential": { kind: "trust", label: "Entra application flexible federated credential", read: readFlexibleApplicationFederation },
    "azuread:index/applicationPassword:ApplicationPassword": { kind: "credential", label: "Entra application password", read: entraCredential("Entra application password", "applicationId") },
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": { kind: "credential", label: "Entra service principal password", read: entraCredential("Entra service principal password", "servicePrincipalId") },
    "azuread:index/applicationCertificate:ApplicationCertificate": { kind: "credential", label: "Entra application certificate", read: entraCredential("Entra application certificate", "applicationId") },
    "azuread:index/appRoleAssignment:AppRoleAssignment": { kind: "grant", label: "Entra app role assignment", read: entraRoleGrant("app role", "appRoleId", "Entra app role assignment") },
    "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment": { kind: "grant", label: "Entra directory role assignment", read: entraRoleGrant("directory role", "roleId", "Entra directory role assignment") },
    "azuread:index/privilegedAccessGroupAssignmentSchedule:PrivilegedAccessGroupAssignmentSchedule": { kind: "grant", label: "PIM group assignment", read: groupSchedule("PIM group assignment") },
    "azuread:index/privilegedAccessGroupEligibilitySchedule:PrivilegedAccessGroupEligibilitySchedule": { kind: "grant", label: "PIM group eligibility", read: groupSchedule("PIM group eligibility") },
    "azuread:index/servicePrincipalCertificate:ServicePrincipalCertificate": { kind: "credential", label: "Entra service principal certificate", read: entraCredential("Entra service principal certificate", "servicePrincipalId") },
});

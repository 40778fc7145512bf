/**
 * GCP readers: service accounts, IAM members/bindings/policies on every resource, service-account
 * and API keys, Secret Manager secrets, workload identity pool providers and Privileged Access
 * Manager entitlements.
 *
 * Values a check needs (a role, a condition, a member trusted to impersonate) are read through
 * @pulumi/policy's proxy, so an unknown one makes the policy advisory. Values that only link
 * resources (an e-mail, a service account ID) are read around it: they are often unknown at
 * preview and stack policies resolve them through property dependencies anyway.
 */
import type { CloudCatalogue, CatalogueEntry } from "../catalogue";
import { mergeReadings, readLabels, readText, type AnnotationReading } from "../annotations";
import { parseDurationSeconds, parseIsoInstant } from "../dates";
import { isUnknown, unproxied, type GrantEntry, type GrantFacts, type Link, type ResourceFacts, type TrustFacts } from "../facts";
import { isUnknownValueError } from "../aws/policyDocument";
import { readTimeBound } from "../gcp/cel";
import { iamTypes, type IamShape } from "../gcp/iamTokens";
import { customRoleEntry, isCustomRole, isImpersonationRole, isReadRole, roleFindings } from "../gcp/roles";
import { readProviderCondition, readTrustedMember } from "../gcp/workloadIdentity";
import { ALL_ANNOTATION_PARTS, collectUnknowns, readingUnknowns } from "../unknowns";

/** Larger than any policy GCP accepts (IAM policies stop at 64 KiB). */
export const MAX_POLICY_DATA_CHARS = 262_144;
/** More entries than any list GCP accepts (1,500 principals per policy). */
export const MAX_LIST = 5_000;

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A linking string read around the proxy: unknown, absent or not a string is undefined. */
function linkValue(bare: Record<string, any>, key: string): string | undefined {
    const v = isObject(bare) ? bare[key] : undefined;
    return typeof v === "string" && !isUnknown(v) && v !== "" ? v : undefined;
}

function link(bare: Record<string, any>, property: string): Link {
    return { property, value: linkValue(bare, property) };
}

function clip(s: string, max = 64): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Guards a reader: anything but the proxy's unknown error becomes the reader's fallback fact. */
function guarded(read: (props: Record<string, any>) => ResourceFacts, fallback: (why: string) => ResourceFacts): (props: Record<string, any>) => ResourceFacts {
    return (props) => {
        try {
            return read(isObject(props) ? props : {});
        } catch (e) {
            if (isUnknownValueError(e)) throw e;
            return fallback("its properties could not be read");
        }
    };
}

// ---- service accounts ---------------------------------------------------------------------------

function readServiceAccount(props: Record<string, any>): ResourceFacts {
    const bare = unproxied(props);
    // A description built from an output is unknown as a whole: every annotation in it is unverified.
    const descriptionUnknown = isUnknown(bare.description);
    if (descriptionUnknown) for (const p of ALL_ANNOTATION_PARTS) readingUnknowns().mark(p, "description");
    const text = readText(descriptionUnknown ? undefined : props.description);
    const displayName = isUnknown(bare.displayName) ? undefined : props.displayName;
    // The component keeps the purpose in `displayName` (the description has no room for it).
    const purpose: AnnotationReading =
        typeof displayName === "string" && displayName.trim() !== "" && text.values.purpose === undefined && !displayName.includes("=")
            ? { carrier: "text", values: { purpose: displayName.trim() }, problems: [] }
            : { carrier: "text", values: {}, problems: [] };
    const annotations = mergeReadings(text, purpose);

    const handles = new Set<string>();
    const email = linkValue(bare, "email");
    const accountId = linkValue(bare, "accountId");
    const project = linkValue(bare, "project");
    const emails = new Set<string>();
    if (email) emails.add(email);
    if (accountId && project && /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(accountId)) emails.add(`${accountId}@${project}.iam.gserviceaccount.com`);
    for (const e of emails) {
        handles.add(e);
        handles.add(`serviceAccount:${e}`);
        handles.add(`projects/-/serviceAccounts/${e}`);
        if (project) handles.add(`projects/${project}/serviceAccounts/${e}`);
    }
    for (const key of ["name", "uniqueId", "member", "id"]) {
        const v = linkValue(bare, key);
        if (v) handles.add(v);
    }
    return {
        cloud: "gcp",
        kind: "identity",
        label: "service account",
        annotations,
        identity: { handles: [...handles] },
        plaintextFields: ["description", "displayName"],
    };
}

/** Fail closed: an account whose properties cannot be read has no owner and no expiry. */
function unreadableServiceAccount(why: string): ResourceFacts {
    return {
        cloud: "gcp",
        kind: "identity",
        label: "service account",
        annotations: { carrier: "text", values: {}, problems: [{ field: "owner", message: why }, { field: "expiresAt", message: why }] },
        identity: { handles: [] },
    };
}

// ---- IAM ----------------------------------------------------------------------------------------

/** One role granted under an optional condition, as a grant entry. */
function roleEntry(role: unknown, condition: unknown, label: string): GrantEntry {
    if (typeof role !== "string" || role.trim() === "") {
        // A role that cannot be read could be any role: count it as writing, standing and flagged.
        return { label, actions: [], roles: [], notAction: false, endProblem: "its `role` is not a string", findings: [{ rule: "admin-role", item: "Role::(unreadable)" }], writes: ["(unreadable role)"] };
    }
    const entry: GrantEntry = {
        label: `role ${clip(role.trim(), 128)}`,
        actions: [],
        roles: [role.trim()],
        notAction: false,
        findings: roleFindings(role),
        writes: isReadRole(role) ? [] : [role.trim()],
    };
    if (condition !== undefined && condition !== null) {
        const expression = isObject(condition) ? condition.expression : condition;
        const bound = readTimeBound(expression);
        if (bound.endsAt) entry.endsAt = bound.endsAt;
        else if (bound.endProblem) entry.endProblem = bound.endProblem;
    }
    return entry;
}

function memberList(value: unknown, property: string, problems: string[]): Link[] {
    if (isUnknown(value)) return [{ property }];
    if (!Array.isArray(value)) {
        problems.push(`\`${property}\` is not a list of members`);
        return [];
    }
    if (value.length > MAX_LIST) {
        problems.push(`\`${property}\` has more than ${MAX_LIST} members`);
        return [];
    }
    return value.map((v) => ({ property, value: typeof v === "string" && !isUnknown(v) && v !== "" ? v : undefined }));
}

interface IamReading {
    grant: GrantFacts;
    /** Each entry's members (for policies, whose bindings name their own members). */
    membersByEntry: string[][];
    /** Member inputs unknown at preview (a `principal://` member built from a pool's name). */
    unknownMembers?: string[];
}

/**
 * `roleEntry` for a member or binding whose `role` or `condition` may be unknown at preview: an
 * unknown role leaves the entry's privileges unverified (no finding, no write), an unknown
 * condition its end.
 */
function knownRoleEntry(bare: Record<string, any>, props: Record<string, any>): GrantEntry {
    const roleUnknown = isUnknown(bare.role);
    const condition = bare.condition;
    const conditionUnknown = isUnknown(condition) || (isObject(condition) && isUnknown(condition.expression));
    const entry = roleUnknown
        ? { label: "role (unknown at preview)", actions: [], roles: [], notAction: false, findings: [], writes: [] }
        : roleEntry(props.role, conditionUnknown ? undefined : props.condition, "role");
    if (roleUnknown) entry.unknownPrivileges = ["role"];
    if (conditionUnknown && !entry.endsAt) entry.unknownEnd = [isUnknown(condition) ? "condition" : "condition.expression"];
    return entry;
}

function readIamMember(props: Record<string, any>): IamReading {
    const bare = unproxied(props);
    const target = link(bare, "member");
    const entry = knownRoleEntry(bare, props);
    return { grant: { targets: [target], entries: [entry] }, membersByEntry: [target.value ? [target.value] : []], ...(isUnknown(bare.member) ? { unknownMembers: ["member"] } : {}) };
}

function readIamBinding(props: Record<string, any>): IamReading {
    const bare = unproxied(props);
    const problems: string[] = [];
    const targets = memberList(bare.members, "members", problems);
    const entry = knownRoleEntry(bare, props);
    const grant: GrantFacts = { targets, entries: [entry] };
    if (problems.length) grant.unreadable = problems.join("; ");
    const members = bare.members;
    const unknownMembers = isUnknown(members) ? ["members"] : Array.isArray(members) ? members.flatMap((m, i) => (isUnknown(m) ? [`members[${i}]`] : [])) : [];
    return { grant, membersByEntry: [targets.flatMap((t) => (t.value ? [t.value] : []))], ...(unknownMembers.length ? { unknownMembers } : {}) };
}

/** `policyData`: `{"bindings": [{"role", "members", "condition"}]}` as JSON text. */
function readIamPolicy(props: Record<string, any>): IamReading {
    const unreadable = (why: string): IamReading => ({ grant: { targets: [{ property: "policyData" }], entries: [], unreadable: why }, membersByEntry: [] });
    const raw = props.policyData;
    let doc: unknown = raw;
    if (typeof raw === "string") {
        if (raw.length > MAX_POLICY_DATA_CHARS) return unreadable(`\`policyData\` is longer than ${MAX_POLICY_DATA_CHARS} characters`);
        try {
            doc = JSON.parse(raw);
        } catch {
            return unreadable("`policyData` is not valid JSON");
        }
    }
    if (!isObject(doc)) return unreadable("`policyData` is not a JSON object");
    const bindings = doc.bindings ?? [];
    if (!Array.isArray(bindings)) return unreadable("`policyData.bindings` is not a list");
    if (bindings.length > MAX_LIST) return unreadable(`\`policyData.bindings\` has more than ${MAX_LIST} entries`);
    const targets: Link[] = [];
    const seen = new Set<string>();
    const entries: GrantEntry[] = [];
    const membersByEntry: string[][] = [];
    const problems: string[] = [];
    bindings.forEach((b: unknown, i: number) => {
        if (!isObject(b)) {
            problems.push(`\`policyData.bindings[${i}]\` is not an object`);
            return;
        }
        const members = b.members ?? [];
        const list = Array.isArray(members) && members.length <= MAX_LIST ? members.filter((m): m is string => typeof m === "string") : undefined;
        if (!list || list.length !== (members as unknown[]).length) problems.push(`\`policyData.bindings[${i}].members\` is not a list of strings`);
        for (const m of list ?? []) {
            if (!seen.has(m)) targets.push({ property: "policyData", value: m });
            seen.add(m);
        }
        const entry = roleEntry(b.role, b.condition, `binding #${i + 1}`);
        entry.label = `${entry.label} (binding #${i + 1})`;
        entries.push(entry);
        membersByEntry.push(list ?? []);
    });
    const grant: GrantFacts = { targets, entries };
    if (problems.length) grant.unreadable = problems.join("; ");
    return { grant, membersByEntry };
}

const IAM_READERS: Record<IamShape, (props: Record<string, any>) => IamReading> = {
    member: readIamMember,
    binding: readIamBinding,
    policy: readIamPolicy,
};

/** Workload identity federation principals: outside GCP, so never an identity the stack declares. */
const isFederated = (member: string) => /^principal(?:Set)?:\/\//.test(member);

/**
 * On a service account, impersonation roles are trust: whoever holds one acts as the account. Held
 * by federated principals only, that is all they are (such a principal is never an identity of the
 * stack), so the entry leaves the grant facts. Held by a service account or a user, the entry stays
 * a grant too: an AI tool that may impersonate another account has escalated.
 */
function splitImpersonation(bare: Record<string, any>, reading: IamReading): TrustFacts | undefined {
    const trust: TrustFacts = { targets: [link(bare, "serviceAccountId")], subjects: [], problems: [], githubEnvironments: [] };
    let any = false;
    const kept: GrantEntry[] = [];
    reading.grant.entries.forEach((entry, i) => {
        const members = reading.membersByEntry[i] ?? [];
        if (entry.unknownPrivileges && !entry.roles.length) {
            // The role may be an impersonation role: whom the account trusts is unverified.
            any = true;
            trust.unknown = [...(trust.unknown ?? []), ...entry.unknownPrivileges];
        }
        if (!entry.roles.some(isImpersonationRole)) {
            kept.push(entry);
            return;
        }
        any = true;
        // A member unknown at preview is unverified, never "not pinned": the known ones are still judged.
        if (!members.length && !reading.unknownMembers?.length) trust.problems.push(`${entry.label} names no member that can be read`);
        if (reading.unknownMembers?.length) trust.unknown = [...(trust.unknown ?? []), ...reading.unknownMembers];
        for (const member of members) {
            const r = readTrustedMember(member);
            trust.subjects.push(...r.subjects);
            trust.problems.push(...r.problems);
            trust.githubEnvironments.push(...r.githubEnvironments);
            if (r.githubJobsWithoutEnvironment) trust.githubJobsWithoutEnvironment = [...(trust.githubJobsWithoutEnvironment ?? []), ...r.githubJobsWithoutEnvironment];
        }
        if ((!members.length && !reading.unknownMembers?.length) || !members.every(isFederated)) kept.push(entry);
    });
    if (reading.grant.unreadable) trust.problems.push(reading.grant.unreadable);
    reading.grant.entries = kept;
    return any || reading.grant.unreadable ? trust : undefined;
}

function iamLabel(token: string, shape: IamShape): string {
    const [, path, type] = token.split(":");
    const module = path.split("/")[0];
    const scope: Record<string, string> = { projects: "project", folder: "folder", organizations: "organization", serviceaccount: "service account" };
    const words = type
        .replace(/(IAM|Iam)(Member|Binding|Policy)$/, "")
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .toLowerCase();
    return `${scope[module] ?? `${module}${words ? ` ${words}` : ""}`} IAM ${shape}`;
}

function iamEntry(token: string, shape: IamShape): CatalogueEntry {
    const label = iamLabel(token, shape);
    const onServiceAccount = token.startsWith("gcp:serviceaccount/");
    const read = guarded(
        (props) => {
            const reading = IAM_READERS[shape](props);
            const facts: ResourceFacts = { cloud: "gcp", kind: "grant", label, grant: reading.grant };
            // A custom role may be defined in the stack: its permissions then say what the binding grants.
            const custom = [...new Set(reading.grant.entries.flatMap((e) => e.roles).filter(isCustomRole))];
            if (custom.length) reading.grant.definitions = custom.map((value) => ({ property: shape === "policy" ? "policyData" : "role", value }));
            if (onServiceAccount) {
                const trust = splitImpersonation(unproxied(props), reading);
                if (trust) facts.trust = trust;
            }
            return facts;
        },
        (why) => ({ cloud: "gcp", kind: "grant", label, grant: { targets: [], entries: [], unreadable: why } }),
    );
    return { kind: "grant", label, read };
}

// ---- custom roles -------------------------------------------------------------------------------

/**
 * A custom role (`projects/p/roles/x`, `organizations/o/roles/x`): judged by its permissions like a
 * predefined role is by GCP's data. It grants nobody by itself; bindings that name it take its
 * findings and writes and keep their own condition.
 */
function customRoleReader(parent: "projects" | "organizations") {
    const label = parent === "projects" ? "project custom role" : "organization custom role";
    return guarded(
        (props) => {
            const bare = unproxied(props);
            const roleId = linkValue(bare, "roleId");
            const owner = linkValue(bare, parent === "projects" ? "project" : "orgId");
            const handles = [...new Set([linkValue(bare, "name"), linkValue(bare, "id"), roleId && owner ? `${parent}/${owner}/roles/${roleId}` : undefined].filter((h): h is string => !!h))];
            const handle = handles[0] ?? `${parent}/…/roles/${roleId ?? "(unnamed)"}`;
            const permissions = props.permissions;
            const grant: GrantFacts = { targets: [], entries: [], handles, roleDefinition: true };
            if (!Array.isArray(permissions) || permissions.length > MAX_LIST || permissions.some((p) => typeof p !== "string")) grant.unreadable = "`permissions` is not a list of permission names";
            else grant.entries.push(customRoleEntry(`custom role ${clip(handle, 128)}`, handle, permissions));
            return { cloud: "gcp", kind: "grant", label, grant, plaintextFields: ["description", "title"] };
        },
        (why) => ({ cloud: "gcp", kind: "grant", label, grant: { targets: [], entries: [], unreadable: why, roleDefinition: true } }),
    );
}

// ---- credentials --------------------------------------------------------------------------------

const readServiceAccountKey = guarded(
    (props) => ({
        cloud: "gcp",
        kind: "credential",
        label: "service account key",
        credential: { targets: [link(unproxied(props), "serviceAccountId")], kind: "service account key", longLived: true },
        plaintextFields: ["keepers"],
    }),
    (problem) => ({ cloud: "gcp", kind: "credential", label: "service account key", credential: { targets: [], kind: "service account key", longLived: true, problem } }),
);

const readApiKey = guarded(
    (props) => {
        const bare = unproxied(props);
        const target = link(bare, "serviceAccountEmail");
        // A key without restrictions calls every enabled API of the project from any caller; unknown, it is not judged.
        const unrestricted = !readingUnknowns().markIfUnknown("credential", props, "restrictions") && !hasRestrictions(bare.restrictions);
        return {
            cloud: "gcp",
            kind: "credential",
            label: "API key",
            credential: {
                targets: target.value || isUnknown(bare.serviceAccountEmail) ? [target] : [],
                kind: "API key",
                longLived: true,
                ...(unrestricted ? { unrestricted: "set `restrictions` with `apiTargets` naming the APIs it may call and an application restriction (server IPs, referrers or apps)" } : {}),
            },
            plaintextFields: ["displayName"],
        };
    },
    (problem) => ({ cloud: "gcp", kind: "credential", label: "API key", credential: { targets: [], kind: "API key", longLived: true, problem } }),
);

/** Whether an API key's `restrictions` limit it at all: an empty object restricts nothing. */
function hasRestrictions(restrictions: unknown): boolean {
    if (!isObject(restrictions)) return false;
    return Object.values(restrictions).some((v) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && !Array.isArray(v) && Object.keys(v).length === 0));
}

// HMAC keys are static S3-style secrets with no expiry: they stay valid until deleted.
const readHmacKey = guarded(
    (props) => {
        const bare = unproxied(props);
        return { cloud: "gcp", kind: "credential", label: "HMAC key", credential: { targets: [link(bare, "serviceAccountEmail")], kind: "HMAC key", longLived: true } };
    },
    (problem) => ({ cloud: "gcp", kind: "credential", label: "HMAC key", credential: { targets: [], kind: "HMAC key", longLived: true, problem } }),
);

// ---- secrets ------------------------------------------------------------------------------------

function secretReader(label: string) {
    return guarded(
        (props) => {
            const bare = unproxied(props);
            const problems: string[] = [];
            const facts: ResourceFacts = { cloud: "gcp", kind: "secret", label, annotations: readLabels(props.labels), secret: {}, plaintextFields: ["labels", "annotations"] };
            const rotation = props.rotation;
            if (rotation !== undefined && rotation !== null) {
                const period = isObject(rotation) ? rotation.rotationPeriod : undefined;
                if (period !== undefined) {
                    const seconds = parseDurationSeconds(period);
                    if (seconds === undefined || seconds <= 0) problems.push("`rotation.rotationPeriod` is not a duration such as `2592000s`");
                    else facts.secret!.rotationDays = seconds / 86_400;
                }
            }
            const expireTime = props.expireTime;
            if (expireTime !== undefined && expireTime !== null) {
                const at = parseIsoInstant(expireTime);
                if (at) facts.secret!.expiresAt = at;
                else problems.push("`expireTime` is not an RFC 3339 date-time");
            } else if (props.ttl !== undefined && props.ttl !== null) {
                // A TTL counts from creation; at preview (and for a secret about to be made) that is now.
                const seconds = parseDurationSeconds(props.ttl);
                if (seconds === undefined) problems.push("`ttl` is not a duration such as `2592000s`");
                else facts.secret!.expiresAt = new Date(Date.now() + Math.min(seconds, 3650 * 86_400) * 1000);
            }
            if (problems.length) facts.secret!.problem = problems.join("; ");
            const handles = new Set<string>();
            for (const key of ["id", "name", "secretId"]) {
                const v = linkValue(bare, key);
                if (v) handles.add(v);
            }
            const project = linkValue(bare, "project");
            const secretId = linkValue(bare, "secretId");
            if (project && secretId && !secretId.includes("/")) handles.add(`projects/${project}/secrets/${secretId}`);
            if (handles.size) facts.secret!.handles = [...handles];
            return facts;
        },
        (problem) => ({ cloud: "gcp", kind: "secret", label, secret: { problem } }),
    );
}

// ---- trust ----------------------------------------------------------------------------------------

const readPoolProvider = guarded(
    (props) => {
        const bare = unproxied(props);
        const oidc = bare.oidc;
        const issuerUnknown = isUnknown(oidc) || (isObject(oidc) && isUnknown(oidc.issuerUri));
        const issuer = isObject(oidc) && !issuerUnknown ? oidc.issuerUri : undefined;
        const condition = bare.attributeCondition;
        const absent = condition === undefined || condition === null || (typeof condition === "string" && condition.trim() === "");
        // Without a condition every token of the issuer passes, whichever issuer it is: known. With
        // an unknown condition, or an unknown issuer (which decides the rules), nothing is judged.
        const unknown = isUnknown(condition) ? ["attributeCondition"] : issuerUnknown && !absent ? [isUnknown(oidc) ? "oidc" : "oidc.issuerUri"] : [];
        const reading = unknown.length ? { subjects: [], problems: [], githubEnvironments: [], unknown } : readProviderCondition(issuer, condition);
        return {
            cloud: "gcp",
            kind: "trust",
            label: "workload identity pool provider",
            trust: { targets: [link(bare, "workloadIdentityPoolId")], ...reading },
            plaintextFields: ["description", "displayName"],
        };
    },
    (why) => ({ cloud: "gcp", kind: "trust", label: "workload identity pool provider", trust: { targets: [], subjects: [], problems: [why], githubEnvironments: [] } }),
);

// ---- just-in-time access --------------------------------------------------------------------------

const PAM_LABEL = "PAM entitlement";

const readEntitlement = guarded(
    (props) => {
        const bare = unproxied(props);
        const problems: string[] = [];
        const targets: Link[] = [];
        const users = bare.eligibleUsers;
        if (Array.isArray(users) && users.length <= MAX_LIST) {
            for (const u of users) {
                const principals = isObject(u) ? u.principals : undefined;
                if (Array.isArray(principals) && principals.length <= MAX_LIST) {
                    for (const p of principals) targets.push({ property: "eligibleUsers", value: typeof p === "string" && !isUnknown(p) ? p : undefined });
                } else problems.push("`eligibleUsers[].principals` is not a list");
            }
        } else if (!isUnknown(users)) problems.push("`eligibleUsers` is not a list");
        const access = props.privilegedAccess;
        const bindings = isObject(access) && isObject(access.gcpIamAccess) ? access.gcpIamAccess.roleBindings : undefined;
        const entries: GrantEntry[] = [];
        if (Array.isArray(bindings) && bindings.length <= MAX_LIST) {
            bindings.forEach((b: unknown, i: number) => {
                const entry = roleEntry(isObject(b) ? b.role : undefined, isObject(b) ? b.conditionExpression : undefined, `role binding #${i + 1}`);
                entries.push(entry);
            });
        } else problems.push("`privilegedAccess.gcpIamAccess.roleBindings` is not a list");
        const grant: GrantFacts = { targets, entries };
        if (problems.length) grant.unreadable = problems.join("; ");
        const facts: ResourceFacts = { cloud: "gcp", kind: "grant", label: PAM_LABEL, grant };
        // The key is set even when the duration cannot be read: the pack reads that as "unreadable".
        facts.sessionSeconds = parseDurationSeconds(props.maxRequestDuration);
        return facts;
    },
    (why) => ({ cloud: "gcp", kind: "grant", label: PAM_LABEL, grant: { targets: [], entries: [], unreadable: why } }),
);

// ---- the catalogue --------------------------------------------------------------------------------

function iamEntries(): CloudCatalogue {
    const out: CloudCatalogue = {};
    for (const { token, shape } of iamTypes()) out[token] = iamEntry(token, shape);
    return out;
}

export const gcpCatalogue: CloudCatalogue = collectUnknowns({
    "gcp:serviceaccount/account:Account": { kind: "identity", label: "service account", read: guarded(readServiceAccount, unreadableServiceAccount) },
    ...iamEntries(),
    "gcp:projects/iAMCustomRole:IAMCustomRole": { kind: "grant", label: "project custom role", read: customRoleReader("projects") },
    "gcp:organizations/iAMCustomRole:IAMCustomRole": { kind: "grant", label: "organization custom role", read: customRoleReader("organizations") },
    "gcp:serviceaccount/key:Key": { kind: "credential", label: "service account key", read: readServiceAccountKey },
    "gcp:projects/apiKey:ApiKey": { kind: "credential", label: "API key", read: readApiKey },
    "gcp:storage/hmacKey:HmacKey": { kind: "credential", label: "HMAC key", read: readHmacKey },
    "gcp:secretmanager/secret:Secret": { kind: "secret", label: "Secret Manager secret", read: secretReader("Secret Manager secret") },
    "gcp:secretmanager/regionalSecret:RegionalSecret": { kind: "secret", label: "Secret Manager regional secret", read: secretReader("Secret Manager regional secret") },
    "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider": { kind: "trust", label: "workload identity pool provider", read: readPoolProvider },
    "gcp:privilegedaccessmanager/entitlement:entitlement": { kind: "grant", label: PAM_LABEL, read: readEntitlement },
});

/**
 * What a resource means for NHI governance, read from its type and properties. Each cloud has a
 * reader per type token (`clouds/<cloud>.ts`); policies and the inventory consume only these facts,
 * so a policy is written once and every cloud that can express the concept feeds it.
 *
 * Readers take properties as the pack sees them (secrets unwrapped, unknowns as sentinels behind
 * @pulumi/policy's proxy, which throws when an unknown is read). A reader reads each part on its
 * own and marks what is unknown at preview (`unknown`, and the finer lists in trust, grant and
 * gate facts; see `unknowns.ts`), so checks on known parts still run; a problem is never built
 * from an unknown value. Readers must not throw for any other reason: a malformed value is a fact
 * (`problem`), never an exception.
 */
import type { AnnotationReading } from "./annotations";
import type { UnknownPart } from "./unknowns";

export type Cloud = "aws" | "gcp" | "azure" | "github";

/** identity: can act (role, service account, managed identity, app). credential: proves it is one
 *  (key, password). grant: gives an identity access. secret: stores a credential the tool reads.
 *  rotation: rotates a secret. trust: says who may act as an identity. gate: a human-approval
 *  control (GitHub environment, ruleset, workflow permissions). */
export type NhiKind = "identity" | "credential" | "grant" | "secret" | "rotation" | "trust" | "gate";

/**
 * A property of this resource that names another resource (the identity a grant attaches to, the
 * secret a rotation rotates). Stack policies resolve it through the property's dependencies first
 * (exact, works at preview), then by matching `value` against the other resource's handles.
 */
export interface Link {
    property: string;
    /** The referenced name/ARN/e-mail/ID when known; undefined when the property is absent. */
    value?: string;
}

export type PrivilegeRule = "wildcard" | "not-action" | "escalation" | "exposure" | "admin-role" | "not-resource" | "resource-wildcard";

/** One item a least-privilege reviewer would flag, cdk-nag style: `Action::iam:*`, `Role::roles/owner`. */
export interface PrivilegeFinding {
    rule: PrivilegeRule;
    item: string;
}

/** One unit of access: an AWS Allow statement, a GCP binding, an Azure role assignment. */
export interface GrantEntry {
    /** How a message names it: `statement "ReadDocs"`, `statement #2`, `role roles/editor`. */
    label: string;
    /** AWS actions as written (case kept for messages). */
    actions: string[];
    /** GCP roles, Azure role definitions, AWS managed policy ARNs. */
    roles: string[];
    /** An Allow with NotAction: grants everything but the listed actions. */
    notAction: boolean;
    /** When the entry stops granting; undefined means standing access. */
    endsAt?: Date;
    /** Why an end could not be read (a malformed date or condition), for the message. */
    endProblem?: string;
    /** Privilege findings on this entry. */
    findings: PrivilegeFinding[];
    /** Actions or roles in this entry that write or administer (for `nhi-declared-access`). */
    writes: string[];
    /**
     * The escalation-method actions this entry grants, expanded (AWS): stack policies join them over
     * all of an identity's entries to find methods that need several actions from several documents.
     */
    sensitive?: string[];
    /** Inputs unknown at preview that hold some of the entry's actions or roles; the known ones are still judged. */
    unknownPrivileges?: string[];
    /** Inputs unknown at preview that hold the entry's end (a date condition's value): its end is unverified, not absent. */
    unknownEnd?: string[];
}

export interface GrantFacts {
    /** What the grant attaches to (role, user, service account, principal). */
    targets: Link[];
    entries: GrantEntry[];
    /** Set when the grant's document could not be read at all (fail closed: treated as standing and unbounded). */
    unreadable?: string;
    /**
     * Values other resources use to name this grant document (a customer-managed policy's ARN and
     * name), so attachments and permissions boundaries in the stack can reach its entries.
     */
    handles?: string[];
    /**
     * Grant documents this grant attaches (an attachment's `policyArn`). Stack policies resolve
     * them like targets; a resolved document's entries count as this grant's, an unresolved one
     * (AWS-managed, or outside the stack) leaves this grant's own entries standing.
     */
    attaches?: Link[];
    /**
     * Role definitions this grant's entries name (a GCP custom role, an Azure role definition).
     * Stack policies resolve them like `attaches`; a resolved definition's findings and writes stand
     * for the entry that names it, which keeps its own end and scope.
     */
    definitions?: Link[];
    /** Set on a role definition (GCP custom role, Azure role definition): it grants nobody by itself. */
    roleDefinition?: boolean;
    /** Inputs unknown at preview that may hold further entries (a whole statement, binding or document). */
    unknown?: string[];
}

export interface CredentialFacts {
    /** Who the credential belongs to. */
    targets: Link[];
    /** Human name: `IAM access key`, `service account key`. */
    kind: string;
    /** A credential that cannot expire (static keys, login profiles): always a violation for an NHI. */
    longLived: boolean;
    /** When it expires, for credentials that can. */
    expiresAt?: Date;
    /** Lifetime in days when given relatively (Bedrock `credentialAgeDays`). */
    lifetimeDays?: number;
    problem?: string;
    /** Set when the credential works for any API from anywhere (a GCP API key without `restrictions`): the fix. */
    unrestricted?: string;
}

export interface SecretFacts {
    /** Rotation period in days when the secret rotates by itself (GCP rotation, Key Vault key policy). */
    rotationDays?: number;
    expiresAt?: Date;
    problem?: string;
    /** Values rotation resources use to name this secret (ID, ARN, name), when known. */
    handles?: string[];
}

export interface RotationFacts {
    /** The secret rotated. */
    secret: Link;
    rotationDays?: number;
    enabled: boolean;
    problem?: string;
    /**
     * When the next rotation is due, for rotations recorded by hand rather than run by the cloud
     * (a GitHub secret's rotation record): once past, the secret is stale however short its period.
     */
    dueAt?: Date;
}

export interface GithubEnvironmentRef {
    /** `owner/repo`, or `repository_id:<id>` when a trust names the repository by ID only. */
    repository: string;
    environment: string;
    /** The repository's immutable ID, when the trust names it. */
    repositoryId?: string;
}

export interface TrustFacts {
    /** The identity the trust applies to; empty when the trust is inline on the identity (AWS role). */
    targets: Link[];
    /** The exact subjects trusted (`repo:acme/app:environment:ai-review`, a service principal). */
    subjects: string[];
    /** Why the trust is not pinned to exactly one subject; empty when it is. */
    problems: string[];
    /** GitHub environments the trust names, to check they have human reviewers. */
    githubEnvironments: GithubEnvironmentRef[];
    /** Inputs unknown at preview that may name further subjects or conditions; `problems` come from the known ones only. */
    unknown?: string[];
    /**
     * GitHub jobs trusted that run in no environment (a branch, a tag, pull requests, any job of a
     * repository): no human approves what they do, which `nhi-human-approval` reports for AI tools.
     */
    githubJobsWithoutEnvironment?: string[];
}

export interface GateFacts {
    /** Why this control lets a machine approve its own change; empty when it does not. */
    problems: string[];
    /** For GitHub environments: the environment and whether humans must approve. */
    environment?: GithubEnvironmentRef & { humanReviewers: boolean; preventSelfReview: boolean };
    /** GitHub App IDs or actor IDs allowed to bypass the gate. */
    bypassActors?: string[];
    /** Inputs unknown at preview that decide part of the control; `problems` come from the known ones only. */
    unknown?: string[];
}

export interface IdentityFacts {
    /** Values other resources use to name this identity (name, ARN, e-mail, principal ID), when known. */
    handles: string[];
    /** Longest session or token, in seconds. */
    sessionSeconds?: number;
    /** Trust stated on the identity itself (AWS assume-role policy). */
    trust?: TrustFacts;
    /** Grants carried inline by the identity (AWS `inlinePolicies`, `managedPolicyArns`). */
    inlineGrants?: GrantFacts;
    /**
     * A permissions boundary capping every grant of the identity (AWS `permissionsBoundary`). When
     * it resolves to a grant document in the stack whose Allow entries all end, no grant of the
     * identity outlives the latest of those ends.
     */
    boundary?: Link;
    /** Set for identity types whose trust the cloud owns (service-linked roles): inventory only. */
    cloudManaged?: boolean;
}

export interface ResourceFacts {
    cloud: Cloud;
    kind: NhiKind;
    /** Human name of the type for messages: `IAM role`, `service account`. */
    label: string;
    /** Governance annotations; undefined when the type cannot carry any. */
    annotations?: AnnotationReading;
    identity?: IdentityFacts;
    grant?: GrantFacts;
    credential?: CredentialFacts;
    secret?: SecretFacts;
    rotation?: RotationFacts;
    trust?: TrustFacts;
    gate?: GateFacts;
    /** Session length for non-identity types that bound one (IAM Roles Anywhere profiles, GCP PAM). */
    sessionSeconds?: number;
    /** Property paths of non-secret inputs that must not hold credentials (tags, descriptions, env vars, `insecureValue`). */
    plaintextFields?: string[];
    /** Parts of these facts that rest on inputs unknown at preview: checks on them are unverified, the rest run. */
    unknown?: UnknownPart[];
}

/** Reads one resource's facts from its properties. */
export type Reader = (props: Record<string, any>) => ResourceFacts;

/** The unknown sentinels @pulumi/policy and the engine use for values not known at preview. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** Every sentinel is a UUID: checking the length first spares hashing every long string a reader meets (a whole policy document). */
const SENTINEL_LENGTH = 36;

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && value.length === SENTINEL_LENGTH && UNKNOWN_SENTINELS.has(value);
}

/**
 * The raw object behind @pulumi/policy's unknown-checking proxy, for scans that must skip unknowns
 * instead of giving up (a value unknown at preview cannot hold a plaintext credential).
 */
export function unproxied<T>(value: T): T {
    if (value && typeof value === "object") {
        const target = (value as any).__getSpecialProxyTarget;
        if (target && typeof target === "object") return target as T;
    }
    return value;
}

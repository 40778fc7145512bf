import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Annotations, toLabels } from "../../contract/annotations";
import { DAY_MS, formatInstant } from "../../contract/dates";
import { DEFAULT_MAX_ROTATION_DAYS, grantEnd } from "../../contract/declaration";
import {
    GITHUB_ATTRIBUTE_MAPPING,
    GITHUB_ID_ATTRIBUTE_MAPPING,
    GITHUB_ISSUER,
    githubAttributeCondition,
    githubIdAttributeCondition,
    repositoryIdPrincipalSet,
    repositoryPrincipalSet,
} from "../../contract/gcp/workloadIdentity";
import { childName, withPreviousType } from "../shared/naming";
import { AiToolDeclaration, GithubActionsTrust } from "../shared/types";
import { validateComponentArgs } from "../shared/validation";
import { githubIdsOf } from "../shared/githubIds";
import { createMember, MemberArgs, parseScope } from "./scopes";
import { accountIdFor, descriptionText, GCP_ARG_KEYS, gcpProblems } from "./validation";

/** Who may act as the service account: on GCP, one GitHub Actions environment. */
export interface GcpTrust {
    /** A GitHub Actions job in one environment of one repository, through a workload identity pool (needs `projectNumber`). Default: none. */
    githubActions?: GithubActionsTrust;
    /** Refused on GCP: impersonation takes `roles/iam.serviceAccountTokenCreator`, granted outside the component with a pack exemption. Default: none. */
    identity?: string;
    /** Refused on GCP (there are no service principals). Default: none. */
    service?: string;
}

/** One grant: a role on one scope, as an IAM member whose condition ends it. */
export interface GcpGrant {
    /** A short slug for the grant, used in the child's name. Default: its index. */
    name?: string;
    /** The role, `roles/<service>.<role>` or a custom role. Basic, impersonation, key-admin and admin roles are refused. Required. */
    role: string;
    /**
     * Where the role applies: `projects/<id>`, `folders/<id>`, `organizations/<id>`,
     * `projects/<id>/serviceAccounts/<email>`, `buckets/<name>`, `projects/<id>/datasets/<dataset>`
     * or `projects/<id>/secrets/<secret>` (Pub/Sub refuses IAM conditions, so it is no scope). Required.
     */
    scope: string;
    /** When this grant ends, if earlier than `expiresAt` (UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`). Default: `expiresAt`. */
    until?: string;
}

/** A Secret Manager secret the tool reads, with rotation notices on the component's topic. */
export interface GcpSecret {
    /** The secret's slug (letters, digits, `_`, `-`), unique within the identity; the secret ID is `<accountId>-<name>`. Required. */
    name: string;
    /** Days between rotation notices. Default: 30. */
    rotationDays?: number;
    /** What the secret holds, never the value. Default: none. */
    description?: string;
}

/**
 * The arguments of `nhi-guard:index:GcpAiToolIdentity`: the shared declaration, then GCP's own.
 *
 * Declaration fields are plain values, never Outputs: a value unknown at preview would turn the
 * policy pack's mandatory checks into advisory ones without anybody noticing.
 */
export interface GcpAiToolIdentityArgs {
    /** The AI tool (`claude-code`, `copilot-agent`, ...): lower-case letters, digits, `_` and `-`. Required. */
    tool: string;
    /** The accountable team's slug (`platform-team`); GCP labels cannot hold an e-mail address. Required. */
    owner: string;
    /** Why the tool has this identity, in one sentence of at most 100 bytes (it is the account's display name). Required. */
    purpose: string;
    /** When the identity, its trust and every grant end: UTC `YYYY-MM-DD`, within `nhi-guard:maxLifetimeDays` (default 365). Required. */
    expiresAt: string;
    /** The declared access level: one of `read`, `write` or `admin`. A `read` tool may hold only viewer and reader roles. Required. */
    access: string;
    /** Who may act as the account: exactly one subject. Required. */
    trust: GcpTrust;
    /** The access granted, one IAM member each. Default: none. */
    grants?: GcpGrant[];
    /** Secrets the tool reads, each with rotation notices. Default: none. */
    secrets?: GcpSecret[];
    /** The longest token lifetime, in seconds (3600 to 43200: GCP tokens last an hour). Default: 3600. */
    maxSessionSeconds?: number;

    /** The project ID that holds the account, the pool, the secrets and the topic. Default: the provider's project. */
    project?: string;
    /** The project's number, as a string. Required with `trust.githubActions` or `secrets`. Default: none. */
    projectNumber?: string;
    /** The service account ID (6 to 30 characters, RFC 1035). Default: the component's name. */
    accountId?: string;
    /** The workload identity pool's ID (GitHub trust only; pool IDs stay reserved for 30 days after deletion). Default: the account ID. */
    workloadIdentityPoolId?: string;
    /** The pool provider's ID (GitHub trust only). Default: `github`. */
    workloadIdentityPoolProviderId?: string;
}

const WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
const SECRET_ACCESSOR = "roles/secretmanager.secretAccessor";
const PUBSUB_PUBLISHER = "roles/pubsub.publisher";

/**
 * An AI tool as an owned, expiring GCP workload identity: a service account carrying the
 * governance annotations in its description, trusted by exactly one subject until the expiry, with
 * one conditioned IAM member per grant that ends by itself, and Secret Manager secrets that send
 * rotation notices. It never creates a service-account key.
 */
export class GcpAiToolIdentity extends pulumi.ComponentResource {
    /** The type token, as the multi-language package serves it (`provider/`), so a URN is the same from every language. */
    static readonly TYPE = "nhi-guard:index:GcpAiToolIdentity";
    /** The token before the package existed; an alias, so stacks deployed with it keep their resources. */
    static readonly PREVIOUS_TYPE = "nhi-guard:gcp:AiToolIdentity";

    /** The account's e-mail; resolves once every grant and the trust exist, so users never see it half-granted. */
    public readonly serviceAccountEmail: pulumi.Output<string>;
    /** The pool provider's full name (`projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<id>`) for `google-github-actions/auth`; undefined without GitHub trust. */
    public readonly workloadIdentityProviderName: pulumi.Output<string | undefined>;
    /** The validated declaration, with defaults applied. */
    public readonly declaration: AiToolDeclaration;
    /** When the identity ends, as declared. */
    public readonly expiresAt: string;
    /** The service account's resource name, `projects/<project>/serviceAccounts/<email>`, for IAM bindings on the account itself. */
    public readonly serviceAccountName: pulumi.Output<string>;

    constructor(name: string, args: GcpAiToolIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super(GcpAiToolIdentity.TYPE, name, {}, withPreviousType(GcpAiToolIdentity.PREVIOUS_TYPE, opts));
        const { declaration } = validateComponentArgs(this, name, args, { cloudKeys: GCP_ARG_KEYS, cloudProblems: (raw) => gcpProblems(name, raw) });
        const parent = { parent: this };
        const annotations: Annotations = { owner: declaration.owner, expiresAt: declaration.expiresAt, tool: declaration.tool, access: declaration.access };
        const labels = toLabels(annotations);
        const accountId = accountIdFor(name, args);
        const project = args.project;
        /** Every IAM condition the component writes: the same owner and tool, each its own end. */
        const endingAt = (end: Date): MemberArgs["condition"] => ({
            title: `nhi-guard: ends ${formatInstant(end)}`,
            description: descriptionText(declaration),
            expression: `request.time < timestamp("${formatInstant(end)}")`,
        });
        const expiry = grantEnd(declaration, {});

        const serviceAccount = new gcp.serviceaccount.Account(childName(name, "sa"), {
            accountId,
            project,
            displayName: declaration.purpose,
            description: descriptionText(declaration),
        }, parent);
        const member = serviceAccount.member;

        const dependents: pulumi.CustomResource[] = declaration.grants.map((grant, i) =>
            createMember(childName(name, "grant", grant.name ?? i), parseScope(grant.scope!)!, { role: grant.role!, member, condition: endingAt(grantEnd(declaration, grant)) }, parent),
        );

        let provider: gcp.iam.WorkloadIdentityPoolProvider | undefined;
        const github = declaration.trust.githubActions;
        const ids = githubIdsOf(args.trust);
        if (github) {
            const poolId = args.workloadIdentityPoolId ?? accountId;
            const pool = new gcp.iam.WorkloadIdentityPool(childName(name, "pool"), {
                workloadIdentityPoolId: poolId,
                project,
                displayName: poolId,
                description: descriptionText(declaration),
            }, parent);
            provider = new gcp.iam.WorkloadIdentityPoolProvider(childName(name, "github"), {
                workloadIdentityPoolId: pool.workloadIdentityPoolId,
                workloadIdentityPoolProviderId: args.workloadIdentityPoolProviderId ?? "github",
                project,
                displayName: "GitHub Actions",
                description: descriptionText(declaration),
                attributeMapping: ids ? { ...GITHUB_ATTRIBUTE_MAPPING, ...GITHUB_ID_ATTRIBUTE_MAPPING } : { ...GITHUB_ATTRIBUTE_MAPPING },
                // Pins the one repository (by its IDs when given, which a rename cannot move) and
                // environment: without it any GitHub repository could exchange a token.
                attributeCondition: ids
                    ? pulumi.all([ids.repositoryId, ids.ownerId]).apply(([repositoryId, ownerId]) => githubIdAttributeCondition(github.repository, repositoryId, ownerId, github.environment))
                    : githubAttributeCondition(github.repository, github.environment),
                oidc: { issuerUri: GITHUB_ISSUER },
            }, parent);
            dependents.push(new gcp.serviceaccount.IAMMember(childName(name, "trust"), {
                serviceAccountId: serviceAccount.name,
                role: WORKLOAD_IDENTITY_USER,
                member: ids
                    ? pulumi.output(ids.repositoryId).apply((repositoryId) => repositoryIdPrincipalSet(args.projectNumber!, poolId, repositoryId))
                    : repositoryPrincipalSet(args.projectNumber!, poolId, github.repository),
                condition: endingAt(expiry),
            }, { parent: this, dependsOn: [provider] }));
        }

        if (declaration.secrets.length) {
            const topic = new gcp.pubsub.Topic(childName(name, "rotation"), { project, labels }, parent);
            // Secret Manager refuses a rotating secret until its service agent may publish to the topic.
            // Topics refuse IAM conditions, so the agent gets the role on the project, where it can
            // end with everything else the component made.
            const publisher = new gcp.projects.IAMMember(childName(name, "rotation-publisher"), {
                project: topic.project,
                role: PUBSUB_PUBLISHER,
                member: `serviceAccount:service-${args.projectNumber}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
                condition: endingAt(expiry),
            }, parent);
            for (const secret of declaration.secrets) {
                const days = secret.rotationDays ?? DEFAULT_MAX_ROTATION_DAYS;
                const stored = new gcp.secretmanager.Secret(childName(name, "secret", secret.name), {
                    secretId: `${accountId}-${secret.name}`,
                    project,
                    labels,
                    annotations: secret.description ? { description: secret.description } : undefined,
                    replication: { auto: {} },
                    topics: [{ name: topic.id }],
                    rotation: {
                        rotationPeriod: `${days * 86_400}s`,
                        nextRotationTime: formatInstant(new Date(Date.now() + days * DAY_MS)),
                    },
                }, {
                    parent: this,
                    dependsOn: [publisher],
                    // Secret Manager moves the next rotation forward itself; the first one is all the program sets.
                    ignoreChanges: ["rotation.nextRotationTime"],
                });
                dependents.push(new gcp.secretmanager.SecretIamMember(childName(name, "secret", secret.name, "access"), {
                    project: stored.project,
                    secretId: stored.secretId,
                    role: SECRET_ACCESSOR,
                    member,
                    condition: endingAt(expiry),
                }, parent));
            }
        }

        this.declaration = declaration;
        this.expiresAt = declaration.expiresAt;
        this.serviceAccountEmail = pulumi.all([serviceAccount.email, ...dependents.map((d) => d.id)]).apply(([email]) => email as string);
        this.serviceAccountName = serviceAccount.name;
        this.workloadIdentityProviderName = provider ? provider.name : pulumi.output(undefined);
        this.registerOutputs({
            serviceAccountEmail: this.serviceAccountEmail,
            serviceAccountName: this.serviceAccountName,
            workloadIdentityProviderName: this.workloadIdentityProviderName,
            declaration: this.declaration,
            expiresAt: this.expiresAt,
        });
    }
}

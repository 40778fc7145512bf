import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Annotations, toTags } from "../../contract/annotations";
import { DEFAULT_MAX_ROTATION_DAYS } from "../../contract/declaration";
import { childName, withPreviousType } from "../shared/naming";
import { AiToolDeclaration, GithubActionsTrust } from "../shared/types";
import { validateComponentArgs } from "../shared/validation";
import { githubIdsOf } from "../shared/githubIds";
import { expiryBoundaryPolicy, grantName, grantPolicy, secretReadPolicy, trustPolicy } from "./policyDocuments";
import { AWS_ARG_KEYS, awsProblems } from "./validation";

/**
 * Who may act as the identity: exactly one of the three. Owner-facing names match the shared
 * declaration (`contract/declaration.ts`).
 */
export interface AwsTrust {
    /** A GitHub Actions job in one environment of one repository (needs `githubOidcProviderArn`). Default: none. */
    githubActions?: GithubActionsTrust;
    /** An AWS service principal, e.g. `bedrock-agentcore.amazonaws.com` or `lambda.amazonaws.com`. Default: none. */
    service?: string;
    /** Another IAM role's ARN, `arn:aws:iam::<account>:role/<name>`. Default: none. */
    identity?: string;
}

/** One grant of access, as an inline policy that ends by itself. */
export interface AwsGrant {
    /** A short slug for the grant, used in child names and the inline policy's name. Default: its index. */
    name?: string;
    /** The exact IAM actions granted (`s3:GetObject`); no wildcards, no escalation or credential-issuing actions. Required. */
    actions: string[];
    /** The ARNs the actions apply to; `*` only for actions that take no resource. Required. */
    resources: string[];
    /** When this grant ends, if earlier than `expiresAt` (UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`). Default: `expiresAt`. */
    until?: string;
}

/** A Secrets Manager secret the tool reads, rotated by `secretRotationLambdaArn`. */
export interface AwsSecret {
    /** The secret's slug (lower case letters, digits, `.`, `_`, `-`), unique within the identity. Required. */
    name: string;
    /** Days between rotations. Default: 30. */
    rotationDays?: number;
    /** What the secret holds, never the value. Default: none. */
    description?: string;
}

/**
 * The arguments of `nhi-guard:index:AwsAiToolIdentity`: the shared declaration, then AWS's own.
 *
 * Declaration fields are plain values, never Outputs: a value unknown at preview would turn the
 * policy pack's mandatory checks into advisory ones without anybody noticing.
 */
export interface AwsAiToolIdentityArgs {
    /** The AI tool (`claude-code`, `copilot-agent`, ...): a lower-case slug. Required. */
    tool: string;
    /** The accountable owner: a team slug (`platform-team`) or an e-mail address. Required. */
    owner: string;
    /** Why the tool has this identity, in one sentence (letters, digits, spaces, `_ . : / = + -` and the at sign, as AWS tags allow). Required. */
    purpose: string;
    /** When the identity, its trust and every grant end: UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`, within `nhi-guard:maxLifetimeDays` (default 365). Required. */
    expiresAt: string;
    /** The declared access level: one of `read`, `write` or `admin`. A `read` tool may hold no action that writes. Required. */
    access: string;
    /** Who may assume the role: exactly one subject. Required. */
    trust: AwsTrust;
    /** The access granted, one inline policy each. Default: none. */
    grants?: AwsGrant[];
    /** Secrets the tool reads, each rotated. Default: none. */
    secrets?: AwsSecret[];
    /** The role's longest session, in seconds (900 to 43200). Default: 3600. */
    maxSessionSeconds?: number;

    /**
     * The account's GitHub OIDC provider, `arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`.
     * Required with `trust.githubActions`, refused otherwise. A plain string, so the trust is verifiable at preview.
     */
    githubOidcProviderArn?: string;
    /** With `trust.service`: the only account (12 digits) whose resources may have the service assume the role (`aws:SourceAccount`). Default: none. */
    serviceSourceAccount?: string;
    /** The IAM role's name. Default: generated from the component's name. */
    roleName?: string;
    /** The IAM role's path. Default: `/`. */
    path?: string;
    /**
     * AWS-managed policies to attach. They cannot carry a date condition, so the role then gets a
     * permissions boundary that ends everything at `expiresAt`. Admin policies are refused, and a
     * `read` tool takes only read-only ones. Default: none.
     */
    managedPolicyArns?: string[];
    /** The Lambda function that rotates `secrets` (an Output is fine); required when `secrets` is set, refused otherwise. Default: none. */
    secretRotationLambdaArn?: pulumi.Input<string>;
    /** Also create a Bedrock AgentCore workload identity (needs `trust.service` `bedrock-agentcore.amazonaws.com`). Default: `false`. */
    agentCoreWorkloadIdentity?: boolean;
    /** More tags for the role, its boundary and its secrets; `nhi:` and `aws:` keys are refused. Default: none. */
    tags?: Record<string, string>;
}

/**
 * An AI tool as an owned, expiring AWS workload identity: an IAM role carrying the governance
 * annotations, trusted by exactly one subject until the expiry, with one inline policy per grant
 * that ends by itself, and optionally rotated secrets and an AgentCore workload identity. It never
 * creates an access key or a login profile.
 */
export class AwsAiToolIdentity extends pulumi.ComponentResource {
    /** The type token, as the multi-language package serves it (`provider/`), so a URN is the same from every language. */
    static readonly TYPE = "nhi-guard:index:AwsAiToolIdentity";
    /** The token before the package existed; an alias, so stacks deployed with it keep their resources. */
    static readonly PREVIOUS_TYPE = "nhi-guard:aws:AiToolIdentity";

    /** The role's ARN; resolves once every grant is attached, so users of the role never see it half-granted. */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name (generated from the component's name unless `roleName` is set). */
    public readonly roleName: pulumi.Output<string>;
    /** The validated declaration, with defaults applied. */
    public readonly declaration: AiToolDeclaration;
    /** When the identity ends, as declared. */
    public readonly expiresAt: string;
    /** The ARNs of the tool's secrets, in the order declared. */
    public readonly secretArns: pulumi.Output<string[]>;
    /** The AgentCore workload identity's ARN, when `agentCoreWorkloadIdentity` is set. */
    public readonly workloadIdentityArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: AwsAiToolIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super(AwsAiToolIdentity.TYPE, name, {}, withPreviousType(AwsAiToolIdentity.PREVIOUS_TYPE, opts));
        const { declaration } = validateComponentArgs(this, name, args, { cloudKeys: AWS_ARG_KEYS, cloudProblems: awsProblems });
        const parent = { parent: this };
        const annotations: Annotations = {
            owner: declaration.owner,
            expiresAt: declaration.expiresAt,
            purpose: declaration.purpose,
            tool: declaration.tool,
            access: declaration.access,
        };
        const tags = { ...args.tags, ...toTags(annotations) };

        const managedPolicyArns = args.managedPolicyArns ?? [];
        const boundary = managedPolicyArns.length
            ? new aws.iam.Policy(childName(name, "boundary"), {
                  description: `Ends every permission of AI tool ${declaration.tool} at ${declaration.expiresAt}`,
                  policy: expiryBoundaryPolicy(declaration),
                  tags,
              }, parent)
            : undefined;

        const role = new aws.iam.Role(childName(name, "role"), {
            name: args.roleName,
            path: args.path,
            assumeRolePolicy: trustPolicy(declaration, { githubOidcProviderArn: args.githubOidcProviderArn, serviceSourceAccount: args.serviceSourceAccount, githubIds: githubIdsOf(args.trust) }),
            maxSessionDuration: declaration.maxSessionSeconds,
            permissionsBoundary: boundary?.arn,
            tags,
        }, parent);

        const grants: pulumi.CustomResource[] = declaration.grants.map((grant, i) =>
            new aws.iam.RolePolicy(childName(name, "grant", grant.name ?? i), {
                role: role.name,
                name: grantName(grant, i),
                policy: grantPolicy(declaration, grant, i),
            }, parent),
        );
        for (const arn of managedPolicyArns) {
            grants.push(new aws.iam.RolePolicyAttachment(childName(name, "managed", arn.slice(arn.lastIndexOf("/") + 1)), { role: role.name, policyArn: arn }, parent));
        }

        const secrets = declaration.secrets.map((secret) => {
            const stored = new aws.secretsmanager.Secret(childName(name, "secret", secret.name), { description: secret.description, tags }, parent);
            new aws.secretsmanager.SecretRotation(childName(name, "secret", secret.name, "rotation"), {
                secretId: stored.arn,
                rotationLambdaArn: args.secretRotationLambdaArn,
                rotationRules: { automaticallyAfterDays: secret.rotationDays ?? DEFAULT_MAX_ROTATION_DAYS },
            }, parent);
            return stored;
        });
        if (secrets.length) {
            grants.push(new aws.iam.RolePolicy(childName(name, "secrets-read"), {
                role: role.name,
                name: "read-own-secrets",
                policy: secretReadPolicy(declaration, secrets.map((s) => s.arn)),
            }, parent));
        }

        const workloadIdentity = args.agentCoreWorkloadIdentity ? new aws.bedrock.AgentcoreWorkloadIdentity(childName(name, "workload-identity"), {}, parent) : undefined;

        this.declaration = declaration;
        this.expiresAt = declaration.expiresAt;
        this.roleName = role.name;
        this.roleArn = pulumi.all([role.arn, ...grants.map((g) => g.id)]).apply(([arn]) => arn as string);
        this.secretArns = secrets.length ? pulumi.all(secrets.map((s) => s.arn)) : pulumi.output([]);
        this.workloadIdentityArn = workloadIdentity ? workloadIdentity.workloadIdentityArn : pulumi.output(undefined);
        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            declaration: this.declaration,
            expiresAt: this.expiresAt,
            secretArns: this.secretArns,
            workloadIdentityArn: this.workloadIdentityArn,
        });
    }
}

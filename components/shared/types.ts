/**
 * Argument and output shapes shared by every cloud's component.
 *
 * They are explicit interfaces, not types inferred from the zod schema, because the components are
 * also served to Python, Go, .NET, Java and YAML through a Pulumi package schema generated from
 * this source (`provider/`): the schema generator reads interfaces only, keys object types by
 * interface name across the whole package, and refuses unions (string-literal ones included). So
 * enumerations are `string`, documented with their values and checked at construction by the zod
 * schema, and every name here is unique in the package.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * A GitHub Actions job in one environment of one repository: the OIDC subject
 * `repo:<repository>:environment:<environment>`, or with both IDs the immutable
 * `repo:<owner>@<ownerId>/<repo>@<repositoryId>:environment:<environment>` that repositories created
 * or renamed since 2026-07-15 (or opted in) issue; on GCP, ID conditions.
 */
export interface GithubActionsTrust {
    /** The repository, `owner/repo`, no wildcard. Required. */
    repository: string;
    /** The environment whose jobs may act as the identity (exact name, no wildcard); it should require human reviewers. Required. */
    environment: string;
    /** The owner's numeric GitHub ID, as a string; with `repositoryId`, the trust names the repository by its IDs. Default: none (names only). */
    ownerId?: pulumi.Input<string>;
    /** The repository's numeric GitHub ID, as a string; with `ownerId`. Default: none (names only). */
    repositoryId?: pulumi.Input<string>;
}

/** The GitHub Actions environment an identity trusts, as declared. */
export interface GithubActionsSubject {
    /** The repository, `owner/repo`. */
    repository: string;
    /** The environment whose jobs may act as the identity. */
    environment: string;
    /** The owner's numeric ID, when the repository issues immutable subjects. */
    ownerId?: pulumi.Input<string>;
    /** The repository's numeric ID, when the repository issues immutable subjects. */
    repositoryId?: pulumi.Input<string>;
}

/** Who may act as the identity, as declared: exactly one of the three is set. */
export interface DeclaredTrust {
    /** A GitHub Actions environment, when the trust is federated from GitHub. */
    githubActions?: GithubActionsSubject;
    /** A cloud service principal (`bedrock-agentcore.amazonaws.com`), when a service assumes the identity. */
    service?: string;
    /** Another identity (an AWS role ARN), when that identity assumes this one. */
    identity?: string;
}

/** One grant, as declared; which fields are set depends on the cloud. */
export interface DeclaredGrant {
    /** The grant's slug, when it has one (child names otherwise use its index). */
    name?: string;
    /** AWS: the IAM actions granted. */
    actions?: string[];
    /** AWS: the ARNs the actions apply to. */
    resources?: string[];
    /** GCP and Azure: the role granted. */
    role?: string;
    /** GCP and Azure: where the role applies. */
    scope?: string;
    /** When the grant ends, when earlier than the identity's expiry. */
    until?: string;
}

/** One secret the tool reads, as declared. */
export interface DeclaredSecret {
    /** The secret's slug. */
    name: string;
    /** Days between rotations, when set (the component's default applies otherwise: 30). */
    rotationDays?: number;
    /** What the secret holds, never the value. */
    description?: string;
}

/**
 * The validated declaration of an AI tool's identity, with defaults applied: what the component
 * governs, readable by the program and by reviewers in any language.
 */
export interface AiToolDeclaration {
    /** The AI tool (`claude-code`, `copilot-agent`, ...). */
    tool: string;
    /** The accountable owner: a team slug or an e-mail address. */
    owner: string;
    /** Why the tool has this identity. */
    purpose: string;
    /** When the identity, its trust and every grant end: UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`. */
    expiresAt: string;
    /** The declared access level: `read`, `write` or `admin`. */
    access: string;
    /** Who may act as the identity. */
    trust: DeclaredTrust;
    /** The access granted (empty when none). */
    grants: DeclaredGrant[];
    /** The secrets the tool reads (empty when none). */
    secrets: DeclaredSecret[];
    /** The longest session or token lifetime, in seconds (default 3600). */
    maxSessionSeconds: number;
}

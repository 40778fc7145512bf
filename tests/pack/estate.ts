/**
 * Small builders for realistic resources as the engine would send them to the pack. Property
 * names follow the installed SDKs (@pulumi/aws 7, @pulumi/github 6).
 */
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { resource } from "../helpers/pack";

export const NOW = new Date("2026-01-01T00:00:00Z");
export const ACCOUNT = "123456789012";
export const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

export const T = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    user: "aws:iam/user:User",
    accessKey: "aws:iam/accessKey:AccessKey",
    serviceCredential: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    secret: "aws:secretsmanager/secret:Secret",
    rotation: "aws:secretsmanager/secretRotation:SecretRotation",
    ssmParameter: "aws:ssm/parameter:Parameter",
    profile: "aws:rolesanywhere/profile:Profile",
    bucket: "aws:s3/bucket:Bucket",
    environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
    workflowPermissions: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
} as const;

export function githubTrust(sub = "repo:acme/app:environment:ai-review", extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: OIDC },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub }, ...extra },
            },
        ],
    });
}

export const GOOD_TAGS = { "nhi:owner": "platform-team", "nhi:expires-at": "2026-06-30", "nhi:tool": "claude-code", "nhi:access": "read", "nhi:purpose": "reviews pull requests" };

export function role(name: string, props: Record<string, unknown> = {}, parent?: AnalyzerInput): AnalyzerInput {
    return resource({ type: T.role, name, parent, props: { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, tags: GOOD_TAGS, assumeRolePolicy: githubTrust(), maxSessionDuration: 3600, ...props } });
}

export interface StatementSpec {
    sid?: string;
    actions: string[];
    until?: string;
    effect?: "Allow" | "Deny";
    notAction?: boolean;
}

export function document(...statements: StatementSpec[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: statements.map((s) => ({
            ...(s.sid ? { Sid: s.sid } : {}),
            Effect: s.effect ?? "Allow",
            [s.notAction ? "NotAction" : "Action"]: s.actions,
            Resource: "*",
            ...(s.until ? { Condition: { DateLessThan: { "aws:CurrentTime": s.until } } } : {}),
        })),
    });
}

/** An inline role policy; linked by property dependency when `to` is given, else by the role's name only. */
export function rolePolicy(name: string, roleName: string, policy: string, opts: { to?: AnalyzerInput; parent?: AnalyzerInput } = {}): AnalyzerInput {
    return resource({ type: T.rolePolicy, name, parent: opts.parent, props: { role: roleName, policy }, propertyDependencies: opts.to ? { role: [opts.to] } : {} });
}

export function managedPolicy(name: string, policy: string, parent?: AnalyzerInput): AnalyzerInput {
    return resource({ type: T.policy, name, parent, props: { name, arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, policy } });
}

export function attachment(name: string, roleName: string, policyArn: string, opts: { to?: AnalyzerInput; policy?: AnalyzerInput; parent?: AnalyzerInput } = {}): AnalyzerInput {
    const deps: Record<string, AnalyzerInput[]> = {};
    if (opts.to) deps.role = [opts.to];
    if (opts.policy) deps.policyArn = [opts.policy];
    return resource({ type: T.attachment, name, parent: opts.parent, props: { role: roleName, policyArn }, propertyDependencies: deps });
}

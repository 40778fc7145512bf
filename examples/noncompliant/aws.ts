/**
 * AWS violations. Everything is written with raw @pulumi/aws resources except the one governed
 * identity, whose declaration is compliant: its violations come from grants attached around it.
 */
import * as aws from "@pulumi/aws";
import * as nhi from "../../components";

const OIDC_PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const lambdaTrust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

// nhi-owner-required: an AI tool's role with an expiry but no `nhi:owner`: nobody is accountable.
const ownerless = new aws.iam.Role("ownerless-agent", {
    assumeRolePolicy: lambdaTrust,
    tags: { "nhi:tool": "langchain-agent", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read", "nhi:purpose": "Summarises support tickets" },
});

// A correctly annotated raw role: the grants below attach to it, so each trips only its own policy.
const raw = new aws.iam.Role("raw-agent", {
    assumeRolePolicy: lambdaTrust,
    tags: { "nhi:owner": "ml-team", "nhi:tool": "triage-bot", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "write", "nhi:purpose": "Triages incoming issues" },
});

// nhi-no-standing-access: a grant with no `DateLessThan aws:CurrentTime` outlives the identity's expiry.
new aws.iam.RolePolicy("standing-grant", {
    role: raw.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: "arn:aws:sqs:us-east-1:123456789012:issues" }],
    }),
});

// nhi-least-privilege: a wildcard action (dated, so it trips only least privilege).
new aws.iam.RolePolicy("wildcard-grant", {
    role: raw.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: "s3:*",
            Resource: "arn:aws:s3:::acme-issue-attachments/*",
            Condition: { DateLessThan: { "aws:CurrentTime": `${nhi.daysFromNow(30)}T00:00:00Z` } },
        }],
    }),
});

// nhi-no-long-lived-credentials: a static access key never expires, for an AI tool's IAM user.
const botUser = new aws.iam.User("legacy-ci-bot", {
    tags: { "nhi:owner": "platform-team", "nhi:tool": "copilot-agent", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read" },
});
new aws.iam.AccessKey("legacy-ci-bot-key", { user: botUser.name });

// A governed, read-only PR reviewer; its own declaration is compliant.
const reviewer = new nhi.aws.AiToolIdentity("pr-reviewer", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests on acme/app",
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: { githubActions: { repository: "acme/app", environment: "ai-review" } },
    githubOidcProviderArn: OIDC_PROVIDER_ARN,
    grants: [{ name: "read-docs", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-docs/*"] }],
});

// nhi-no-shadow-access: a (read-only, dated) grant attached to the component's role from outside
// the component, so it escapes the declaration and its review.
new aws.iam.RolePolicy("reviewer-shadow-read", {
    role: reviewer.roleName,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::acme-customer-exports/*",
            Condition: { DateLessThan: { "aws:CurrentTime": `${nhi.daysFromNow(30)}T00:00:00Z` } },
        }],
    }),
});

// nhi-declared-access (and nhi-no-shadow-access): the "benign assistant" declared `read` gains
// write through an extra grant the component would have refused.
new aws.iam.RolePolicy("reviewer-gains-write", {
    role: reviewer.roleName,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: ["s3:PutObject"],
            Resource: "arn:aws:s3:::acme-app-releases/*",
            Condition: { DateLessThan: { "aws:CurrentTime": `${nhi.daysFromNow(30)}T00:00:00Z` } },
        }],
    }),
});

export const ownerlessRole = ownerless.name;

// nhi-short-sessions: an AI tool's role whose sessions last 12 hours, long after anyone watches.
new aws.iam.Role("overnight-agent", {
    assumeRolePolicy: lambdaTrust,
    maxSessionDuration: 43200,
    tags: { "nhi:owner": "ml-team", "nhi:tool": "batch-summariser", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read", "nhi:purpose": "Summarises logs overnight" },
});

// nhi-secret-rotation-required: the triage bot's vendor key in Secrets Manager, with no rotation.
new aws.secretsmanager.Secret("triage-bot-vendor-key", {
    tags: { "nhi:owner": "ml-team", "nhi:tool": "triage-bot", "nhi:expires-at": nhi.daysFromNow(60), "nhi:purpose": "Vendor API key of the triage bot" },
});

// nhi-no-human-use: an AI tool's role a person can also assume, so its actions are no longer the tool's alone.
new aws.iam.Role("pairing-agent", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:user/alice"] }] }],
    }).json,
    tags: { "nhi:owner": "ml-team", "nhi:tool": "pairing-bot", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read", "nhi:purpose": "Pairs with developers on reviews" },
});

// nhi-no-identity-reuse (advisory): one role serving two tools, so neither can be retired alone.
new aws.iam.Role("shared-agent", {
    assumeRolePolicy: lambdaTrust,
    tags: { "nhi:owner": "ml-team", "nhi:tool": "triage-bot, batch-summariser", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read", "nhi:purpose": "Runs two tools" },
});

// nhi-environment-isolation (advisory): one role both production and staging jobs can act as, so a
// staging job reaches production. (Two subjects also fail nhi-trust-pinned.)
const releaseTrust = (environment: string) => ({
    Effect: "Allow",
    Principal: { Federated: OIDC_PROVIDER_ARN },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": `repo:acme/app:environment:${environment}` } },
});
new aws.iam.Role("release-agent", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: ["production", "staging"].map(releaseTrust) }),
    tags: { "nhi:owner": "ml-team", "nhi:tool": "release-bot", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "read", "nhi:purpose": "Prepares release notes" },
});

/**
 * A PR reviewer (Claude Code in GitHub Actions) that reads the repository's design docs and calls
 * one Bedrock model, and nothing else. Only jobs in the `ai-review` environment of `acme/app` can
 * assume its role, and everything ends on the expiry date, even if nobody deploys again.
 *
 * The environment is declared here too: the pack fails closed on a trust whose GitHub environment it
 * cannot see, because only the environment's required reviewers keep a human between the tool's
 * change and what its role may do. (An environment managed in another stack needs an exemption.)
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();

const ci = new nhi.github.AiToolEnvironment("pr-reviewer-ci", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Runs the AI pull-request reviewer on acme/app",
    repository: "acme/app",
    environment: "ai-review",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [new github.Provider("acme", { owner: "acme" })] });

const reviewer = new nhi.aws.AiToolIdentity("pr-reviewer", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests on acme/app and comments on them",
    // A plain date, known at preview, so the policy pack checks it as a mandatory control.
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: { githubActions: { repository: "acme/app", environment: "ai-review" } }, // = ci.trust
    githubOidcProviderArn: config.require("githubOidcProviderArn"),
    grants: [
        {
            name: "read-design-docs",
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::acme-design-docs/*"],
        },
        {
            name: "invoke-model",
            actions: ["bedrock:InvokeModel"],
            resources: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"],
            // The model access is reviewed monthly, sooner than the identity itself.
            until: nhi.daysFromNow(30),
        },
    ],
}, { dependsOn: [ci] });

/** The workflow's `aws-actions/configure-aws-credentials` step assumes this role. */
export const roleArn = reviewer.roleArn;
export const expiresAt = reviewer.expiresAt;

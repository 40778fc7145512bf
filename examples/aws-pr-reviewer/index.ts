/**
 * A PR reviewer (Claude Code in GitHub Actions) that reads the repository's design docs and calls
 * one Bedrock model, and nothing else. Only jobs in the `ai-review` environment of `acme/app` can
 * assume its role, and everything ends on the expiry date, even if nobody deploys again.
 */
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();

const reviewer = new nhi.aws.AiToolIdentity("pr-reviewer", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests on acme/app and comments on them",
    // A plain date, known at preview, so the policy pack checks it as a mandatory control.
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: { githubActions: { repository: "acme/app", environment: "ai-review" } },
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
});

/** The workflow's `aws-actions/configure-aws-credentials` step assumes this role. */
export const roleArn = reviewer.roleArn;
export const expiresAt = reviewer.expiresAt;

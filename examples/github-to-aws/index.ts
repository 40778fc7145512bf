/**
 * One program, two places: the GitHub environment where an AI reviewer runs, and the AWS role it
 * assumes from there. The role's trust is the environment's own `trust` output, so the OIDC subject
 * is never copied by hand, and no job outside the human-approved `ai-review` environment of
 * `acme/app` can assume the role.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();
const repository = "acme/app";

// The provider's owner must be the repository's owner: the GitHub resources name the repository without it.
const acme = new github.Provider("acme", { owner: repository.split("/")[0] });

const ci = new nhi.github.AiToolEnvironment("pr-reviewer-ci", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Runs the AI pull-request reviewer on acme/app",
    repository,
    environment: "ai-review",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });

const reviewer = new nhi.aws.AiToolIdentity("pr-reviewer", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests on acme/app and comments on them",
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: ci.trust,
    githubOidcProviderArn: config.require("githubOidcProviderArn"),
    grants: [
        {
            name: "invoke-model",
            actions: ["bedrock:InvokeModel"],
            resources: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"],
        },
    ],
    // GitHub creates a missing environment, unprotected, the first time a job names it: the role
    // exists only once the reviewed environment does.
}, { dependsOn: [ci] });

/** The workflow job runs in `environment: ai-review` and assumes this role. */
export const roleArn = reviewer.roleArn;
export const subject = ci.subject;

/**
 * The demo estate: five AI tools across AWS, GCP and Azure, each an owned, expiring workload
 * identity, and the GitHub environments they run from, each gated by human reviewers.
 * It is compliant by construction; `npm start` runs the nhi-guard gate on it offline.
 *
 * Dates are computed relative to today as plain strings, so the estate never rots and the policy
 * pack can check every expiry at preview.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();
const accountId = config.require("accountId");
const region = new pulumi.Config("aws").require("region");

// Where the reviewer runs: a GitHub environment only humans can approve deployments from, workflow
// tokens that cannot approve pull requests, and a default-branch ruleset the tool cannot bypass.
const acme = new github.Provider("acme", { owner: "acme" });
const reviewerCi = new nhi.github.AiToolEnvironment("pr-reviewer-ci", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Runs the AI pull-request reviewer on acme/storefront",
    repository: "acme/storefront",
    environment: "ai-review",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });

// Claude Code reviews pull requests from GitHub Actions. Only jobs in the `ai-review` environment
// above can assume the role (its trust is the environment's own output, never a copied string);
// it reads docs and calls one model.
const prReviewer = new nhi.aws.AiToolIdentity("pr-reviewer", {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests on acme/storefront and comments on them",
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: reviewerCi.trust,
    githubOidcProviderArn: config.require("githubOidcProviderArn"),
    grants: [
        { name: "read-design-docs", actions: ["s3:GetObject", "s3:ListBucket"], resources: ["arn:aws:s3:::acme-design-docs", "arn:aws:s3:::acme-design-docs/*"] },
        {
            name: "invoke-model",
            actions: ["bedrock:InvokeModel"],
            resources: [`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0`],
        },
    ],
}, { dependsOn: [reviewerCi] });

// A support agent on Bedrock AgentCore: the AgentCore service assumes the role for this account
// only, the agent reads tickets with a Zendesk token rotated weekly, and it answers from the
// knowledge base.
const supportAgent = new nhi.aws.AiToolIdentity("support-agent", {
    tool: "support-agent",
    owner: "support-engineering@acme.example",
    purpose: "Answers customer tickets from the knowledge base",
    expiresAt: nhi.daysFromNow(120),
    access: "read",
    trust: { service: "bedrock-agentcore.amazonaws.com" },
    serviceSourceAccount: accountId,
    agentCoreWorkloadIdentity: true,
    maxSessionSeconds: 1800,
    grants: [
        {
            name: "knowledge-base",
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::acme-support-knowledge-base/articles/*"],
        },
        {
            name: "invoke-model",
            actions: ["bedrock:InvokeModel"],
            resources: [`arn:aws:bedrock:${region}::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0`],
        },
    ],
    secrets: [{ name: "zendesk-token", description: "Zendesk API token, read-only scope", rotationDays: 7 }],
    secretRotationLambdaArn: config.require("secretRotationLambdaArn"),
    tags: { "cost-center": "support" },
});

// A data assistant that analysts call through an orchestrator role. Its grants end at different
// dates: the pilot's raw-data access ends first, the curated tables stay until the identity ends.
const dataAssistant = new nhi.aws.AiToolIdentity("data-assistant", {
    tool: "data-assistant",
    owner: "data-platform",
    purpose: "Answers questions from analysts about curated sales data",
    expiresAt: nhi.daysFromNow(150),
    access: "read",
    trust: { identity: `arn:aws:iam::${accountId}:role/analytics-orchestrator` },
    grants: [
        {
            name: "raw-events-pilot",
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::acme-raw-events/2026/*"],
            until: nhi.daysFromNow(30),
        },
        {
            name: "catalog",
            actions: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
            resources: [`arn:aws:glue:${region}:${accountId}:catalog`, `arn:aws:glue:${region}:${accountId}:database/sales`, `arn:aws:glue:${region}:${accountId}:table/sales/*`],
            until: nhi.daysFromNow(60),
        },
        {
            name: "curated-sales",
            actions: ["dynamodb:Query", "dynamodb:GetItem"],
            resources: [`arn:aws:dynamodb:${region}:${accountId}:table/curated-sales`],
        },
    ],
});

// A warehouse assistant on GCP: a service account only the `ai-warehouse` environment of
// acme/analytics can act as (workload identity federation, no key), reading one BigQuery dataset
// until the identity ends and one bucket for a shorter review period.
const gcpProject = config.require("gcpProject");
const warehouseCi = new nhi.github.AiToolEnvironment("warehouse-agent-ci", {
    tool: "claude-code",
    owner: "data-platform",
    purpose: "Runs the AI warehouse assistant on acme/analytics",
    repository: "acme/analytics",
    environment: "ai-warehouse",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });
const warehouseAgent = new nhi.gcp.AiToolIdentity("warehouse-agent", {
    tool: "claude-code",
    owner: "data-platform",
    purpose: "Answers questions about the sales warehouse",
    expiresAt: nhi.daysFromNow(120),
    access: "read",
    trust: warehouseCi.trust,
    project: gcpProject,
    projectNumber: config.require("gcpProjectNumber"),
    grants: [
        { name: "sales", role: "roles/bigquery.dataViewer", scope: `projects/${gcpProject}/datasets/sales` },
        { name: "exports", role: "roles/storage.objectViewer", scope: "buckets/acme-analytics-exports", until: nhi.daysFromNow(45) },
    ],
}, { dependsOn: [warehouseCi] });

// A ticket triage agent on Azure: a managed identity with one federated credential for the
// `ai-triage` environment of acme/support (no client secret), reading the product documentation.
// Azure has no time-bound role assignment: a scheduled `pulumi up` removes a grant past its end.
const subscription = `/subscriptions/${config.require("azureSubscriptionId")}`;
const triageCi = new nhi.github.AiToolEnvironment("triage-agent-ci", {
    tool: "copilot-agent",
    owner: "support-platform",
    purpose: "Runs the AI ticket triage agent on acme/support",
    repository: "acme/support",
    environment: "ai-triage",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });
const triageAgent = new nhi.azure.AiToolIdentity("triage-agent", {
    tool: "copilot-agent",
    owner: "support-platform",
    purpose: "Triages support tickets using the product documentation",
    expiresAt: nhi.daysFromNow(60),
    access: "read",
    trust: triageCi.trust,
    resourceGroupName: "rg-ai-tools",
    grants: [
        {
            name: "read-docs",
            role: "Storage Blob Data Reader",
            scope: `${subscription}/resourceGroups/rg-support-docs/providers/Microsoft.Storage/storageAccounts/acmesupportdocs`,
        },
    ],
}, { dependsOn: [triageCi] });

export const identities = {
    prReviewer: { roleArn: prReviewer.roleArn, expiresAt: prReviewer.expiresAt },
    supportAgent: { roleArn: supportAgent.roleArn, expiresAt: supportAgent.expiresAt, workloadIdentityArn: supportAgent.workloadIdentityArn },
    dataAssistant: { roleArn: dataAssistant.roleArn, expiresAt: dataAssistant.expiresAt },
    warehouseAgent: { serviceAccountEmail: warehouseAgent.serviceAccountEmail, expiresAt: warehouseAgent.expiresAt },
    triageAgent: { clientId: triageAgent.clientId, expiresAt: triageAgent.expiresAt },
};

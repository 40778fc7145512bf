/**
 * A data assistant (Claude Code in GitHub Actions) that answers questions from one BigQuery dataset
 * and one export bucket, and reads a vendor API key from Secret Manager: nothing it can write, no
 * service-account key. Only jobs in the `ai-data` environment of `acme/analytics` can act as it
 * (workload identity federation pinned to that repository and environment), and every grant ends
 * by itself through a `request.time` condition. The vendor key's secret sends a rotation notice
 * every 30 days to a Pub/Sub topic; whoever rotates the key (a function subscribed to the topic)
 * writes the new version.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();
const project = config.require("project");
const repository = "acme/analytics";

// The provider's owner must be the repository's owner: the GitHub resources name the repository without it.
const acme = new github.Provider("acme", { owner: repository.split("/")[0] });

// Where the assistant runs: jobs in `ai-data` wait for a human reviewer, and the assistant's
// GitHub App can neither approve its own pull requests nor bypass the default branch's review.
const ci = new nhi.github.AiToolEnvironment("data-agent-ci", {
    tool: "claude-code",
    owner: "data-platform",
    purpose: "Runs the AI data assistant on acme/analytics",
    repository,
    environment: "ai-data",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });

const agent = new nhi.gcp.AiToolIdentity("data-agent", {
    tool: "claude-code",
    owner: "data-platform",
    purpose: "Answers questions about the sales warehouse",
    // A plain date, known at preview, so the policy pack checks it as a mandatory control.
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    // The environment's own output, so the attribute condition is never copied by hand.
    trust: ci.trust,
    project,
    projectNumber: config.require("projectNumber"),
    accountId: "data-agent",
    grants: [
        { name: "sales", role: "roles/bigquery.dataViewer", scope: `projects/${project}/datasets/sales` },
        // The export bucket holds customer files: reviewed monthly, sooner than the identity itself.
        { name: "exports", role: "roles/storage.objectViewer", scope: "buckets/acme-analytics-exports", until: nhi.daysFromNow(30) },
    ],
    secrets: [{ name: "vendor-key", rotationDays: 30, description: "Vendor enrichment API key" }],
    // GitHub creates a missing environment, unprotected, the first time a job names it: the
    // identity exists only once the reviewed environment does.
}, { dependsOn: [ci] });

/** The workflow's `google-github-actions/auth` step takes these two. */
export const serviceAccountEmail = agent.serviceAccountEmail;
export const workloadIdentityProvider = agent.workloadIdentityProviderName;
export const expiresAt = agent.expiresAt;

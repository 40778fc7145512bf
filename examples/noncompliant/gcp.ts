/**
 * GCP violations. Raw @pulumi/gcp resources around a correctly annotated service account, each
 * committing the violation named above it.
 */
import * as gcp from "@pulumi/gcp";
import * as nhi from "../../components";

const PROJECT = "acme-analytics";

// A correctly annotated service account: the resources below attach to it, so each trips its own policy.
const account = new gcp.serviceaccount.Account("etl-agent", {
    project: PROJECT,
    accountId: "etl-agent",
    displayName: "Loads partner files into the warehouse",
    description: `owner=data-platform;expires-at=${nhi.daysFromNow(60)};tool=etl-agent;access=write`,
});

// nhi-least-privilege and nhi-no-standing-access: a basic role on the whole project, with no
// condition, so it never ends.
new gcp.projects.IAMMember("etl-agent-project-editor", {
    project: PROJECT,
    role: "roles/editor",
    member: account.member,
});

// nhi-no-long-lived-credentials: a service-account key lives until someone deletes it.
new gcp.serviceaccount.Key("etl-agent-key", {
    serviceAccountId: account.name,
});

// nhi-trust-pinned: a GitHub provider with no attribute condition: every repository on GitHub can
// exchange its token through it.
const pool = new gcp.iam.WorkloadIdentityPool("etl-agent-pool", {
    project: PROJECT,
    workloadIdentityPoolId: "etl-agent",
});
new gcp.iam.WorkloadIdentityPoolProvider("etl-agent-github", {
    project: PROJECT,
    workloadIdentityPoolId: pool.workloadIdentityPoolId,
    workloadIdentityPoolProviderId: "github",
    attributeMapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository" },
    oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
});

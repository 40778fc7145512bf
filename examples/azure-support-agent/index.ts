/**
 * A support agent (Claude Code in GitHub Actions) that reads the product documentation from one
 * storage account and a vendor API token from Key Vault, and nothing else. Only jobs in the
 * `ai-support` environment of `acme/support` can sign in as it (a federated credential, no client
 * secret), and every grant says when it ends. Azure has no time-bound role assignment, so run
 * `pulumi up` on a schedule (Pulumi Deployments schedules, or a CI cron): a grant past its end is
 * then removed, and the vendor token's Key Vault expiry moves to the next rotation window.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();
const repository = "acme/support";

// The provider's owner must be the repository's owner: the GitHub resources name the repository without it.
const acme = new github.Provider("acme", { owner: repository.split("/")[0] });

// Where the agent runs: jobs in `ai-support` wait for a human reviewer, and the agent's GitHub App
// can neither approve its own pull requests nor bypass the default branch's review.
const ci = new nhi.github.AiToolEnvironment("support-agent-ci", {
    tool: "claude-code",
    owner: "support-platform",
    purpose: "Runs the AI support agent on acme/support",
    repository,
    environment: "ai-support",
    reviewerTeamIds: [config.requireNumber("reviewerTeamId")],
    toolAppId: config.requireNumber("toolAppId"),
}, { providers: [acme] });
const subscription = `/subscriptions/${config.require("subscriptionId")}`;
const docs = `${subscription}/resourceGroups/rg-support-docs/providers/Microsoft.Storage/storageAccounts/acmesupportdocs`;

const agent = new nhi.azure.AiToolIdentity("support-agent", {
    tool: "claude-code",
    owner: "support-platform",
    purpose: "Answers support tickets from the product documentation",
    // A plain date, known at preview, so the policy pack checks it as a mandatory control.
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    // The environment's own output, so the federated subject is never copied by hand.
    trust: ci.trust,
    resourceGroupName: "rg-ai-tools",
    grants: [
        { name: "read-docs", role: "Storage Blob Data Reader", scope: docs },
        {
            name: "read-vendor-token",
            role: "Key Vault Secrets User",
            scope: `${subscription}/resourceGroups/rg-ai-tools/providers/Microsoft.KeyVault/vaults/kv-ai-tools/secrets/zendesk-token`,
            // The vendor integration is reviewed monthly, sooner than the identity itself.
            until: nhi.daysFromNow(30),
        },
    ],
    keyVault: { vaultName: "kv-ai-tools" },
    secrets: [{ name: "zendesk-token", rotationDays: 30, description: "Zendesk API token for ticket replies" }],
    secretValues: { "zendesk-token": config.requireSecret("zendeskToken") },
    // GitHub creates a missing environment, unprotected, the first time a job names it: the
    // identity exists only once the reviewed environment does.
}, { dependsOn: [ci] });

/** The workflow's `azure/login` step signs in with this client ID and the OIDC token. */
export const clientId = agent.clientId;
export const principalId = agent.principalId;
export const expiresAt = agent.expiresAt;

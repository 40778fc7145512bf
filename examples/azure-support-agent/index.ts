/**
 * A support agent (Claude Code in GitHub Actions) that reads the product documentation from one
 * storage account and a vendor API token from Key Vault, and nothing else. Only jobs in the
 * `ai-support` environment of `acme/support` can sign in as it (a federated credential, no client
 * secret), and every grant says when it ends. Azure has no time-bound role assignment, so run
 * `pulumi up` on a schedule (Pulumi Deployments schedules, or a CI cron): a grant past its end is
 * then removed, and the vendor token's Key Vault expiry moves to the next rotation window.
 */
import * as pulumi from "@pulumi/pulumi";
import * as nhi from "../../components";

const config = new pulumi.Config();
const subscription = `/subscriptions/${config.require("subscriptionId")}`;
const docs = `${subscription}/resourceGroups/rg-support-docs/providers/Microsoft.Storage/storageAccounts/acmesupportdocs`;

const agent = new nhi.azure.AiToolIdentity("support-agent", {
    tool: "claude-code",
    owner: "support-platform",
    purpose: "Answers support tickets from the product documentation",
    // A plain date, known at preview, so the policy pack checks it as a mandatory control.
    expiresAt: nhi.daysFromNow(90),
    access: "read",
    trust: { githubActions: { repository: "acme/support", environment: "ai-support" } },
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
});

/** The workflow's `azure/login` step signs in with this client ID and the OIDC token. */
export const clientId = agent.clientId;
export const principalId = agent.principalId;
export const expiresAt = agent.expiresAt;

/**
 * Azure and Entra violations. Raw azure-native and azuread resources around a correctly annotated
 * managed identity and application, each committing the violation named above it.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as azuread from "@pulumi/azuread";
import * as nhi from "../../components";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000001";

// A correctly annotated managed identity: the resources below attach to it, so each trips its own policy.
const identity = new managedidentity.UserAssignedIdentity("ops-agent", {
    resourceGroupName: "rg-ai-tools",
    tags: { "nhi:owner": "ops-team", "nhi:tool": "ops-agent", "nhi:expires-at": nhi.daysFromNow(60), "nhi:access": "admin", "nhi:purpose": "Restarts failed workloads" },
});

// nhi-least-privilege and nhi-no-standing-access: Owner on the whole subscription, with no
// `expires-at` in its description, so it never ends.
new authorization.RoleAssignment("ops-agent-subscription-owner", {
    principalId: identity.principalId,
    principalType: "ServicePrincipal",
    roleDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    scope: SUBSCRIPTION,
});

// nhi-trust-pinned: a wildcard subject (Entra matches it literally, but it shows the intent to let
// every repository of the organisation act as the identity).
new managedidentity.FederatedIdentityCredential("ops-agent-github", {
    resourceGroupName: "rg-ai-tools",
    resourceName: identity.name,
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:acme/*:ref:refs/heads/main",
    audiences: ["api://AzureADTokenExchange"],
});

// An annotated Entra application for a tool that speaks only client credentials.
const app = new azuread.Application("ticket-bot", {
    displayName: "ticket-bot",
    notes: `owner=support-platform;expires-at=${nhi.daysFromNow(60)};tool=ticket-bot;access=read`,
});

// nhi-no-long-lived-credentials: a password without `endDate`: Entra makes it valid for years.
new azuread.ApplicationPassword("ticket-bot-password", {
    applicationId: app.id,
    displayName: "ticket-bot",
});

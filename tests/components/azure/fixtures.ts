/** Declarations and mock outputs for the Azure component suites; dates are relative to today so they never rot. */
import type { AzureAiToolIdentityArgs as AiToolIdentityArgs } from "../../../components/azure/aiToolIdentity";
import { daysFromNow } from "../../../components/shared/dates";
import type { ComputedOutputs } from "../../helpers/mocks";

export const SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
export const RG_SCOPE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-docs`;
export const OWNER_OBJECT_ID = "11111111-1111-1111-1111-111111111111";

export const EXPIRES = daysFromNow(90);
export const EARLY = daysFromNow(30);
export const ENDED = daysFromNow(-1);

/** A compliant support agent trusted by one GitHub environment, with one read grant. */
export function supportAgent(overrides: Partial<AiToolIdentityArgs> = {}): AiToolIdentityArgs {
    return {
        tool: "claude-code",
        owner: "support-platform",
        purpose: "Answers support tickets from the product documentation",
        expiresAt: EXPIRES,
        access: "read",
        trust: { githubActions: { repository: "acme/support", environment: "ai-agent" } },
        resourceGroupName: "rg-ai",
        grants: [{ name: "read-docs", role: "Storage Blob Data Reader", scope: RG_SCOPE }],
        ...overrides,
    };
}

/** The state Azure and Entra would compute for the types the Azure component creates. */
export const azureComputedOutputs: ComputedOutputs = ({ type, name, inputs }) => {
    switch (type) {
        case "azure-native:managedidentity:UserAssignedIdentity": {
            const resourceName = (inputs.resourceName as string | undefined) ?? `${name}-a1b2`;
            return {
                name: resourceName,
                principalId: `principal-of-${name}`,
                clientId: `client-of-${name}`,
                tenantId: "tenant",
            };
        }
        case "azuread:index/application:Application":
            return { clientId: `client-of-${name}`, objectId: `object-of-${name}` };
        case "azuread:index/servicePrincipal:ServicePrincipal":
            return { objectId: `principal-of-${name}` };
        default:
            return {};
    }
};

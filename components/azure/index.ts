import { requireCloudSdks } from "../sdk";

// Before the components load their SDK: a missing one is named, not a stack trace from inside them.
requireCloudSdks("azure");

export { AzureAiToolIdentity, AzureAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    AzureAiToolIdentityArgs,
    AzureAiToolIdentityArgs as AiToolIdentityArgs,
    AzureEntraApplication,
    AzureEntraApplication as EntraApplicationArgs,
    AzureGrant,
    AzureGrant as GrantArgs,
    AzureKey,
    AzureKey as KeyArgs,
    AzureKeyVault,
    AzureKeyVault as KeyVaultArgs,
    AzureSecret,
    AzureSecret as SecretArgs,
    AzureTrust,
    AzureTrust as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrust } from "../shared/types";
export { AZURE_ARG_KEYS, azureProblems } from "./validation";
export { credentialEnd, rotationWindowStart } from "./rotation";

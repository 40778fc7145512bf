export { AzureAiToolIdentity, AzureAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    AzureAiToolIdentityArgs,
    AzureAiToolIdentityArgs as AiToolIdentityArgs,
    AzureEntraApplicationArgs,
    AzureEntraApplicationArgs as EntraApplicationArgs,
    AzureGrantArgs,
    AzureGrantArgs as GrantArgs,
    AzureKeyArgs,
    AzureKeyArgs as KeyArgs,
    AzureKeyVaultArgs,
    AzureKeyVaultArgs as KeyVaultArgs,
    AzureSecretArgs,
    AzureSecretArgs as SecretArgs,
    AzureTrustArgs,
    AzureTrustArgs as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrustArgs } from "../shared/types";
export { AZURE_ARG_KEYS, azureProblems } from "./validation";
export { credentialEnd, rotationWindowStart } from "./rotation";

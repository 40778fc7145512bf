export { AiToolIdentity } from "./aiToolIdentity";
export type { AiToolIdentityArgs, EntraApplicationArgs, GrantArgs, KeyArgs, KeyVaultArgs, SecretArgs, TrustArgs } from "./aiToolIdentity";
export { AZURE_ARG_KEYS, azureProblems } from "./validation";
export { credentialEnd, rotationWindowStart } from "./rotation";

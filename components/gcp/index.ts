export { GcpAiToolIdentity, GcpAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    GcpAiToolIdentityArgs,
    GcpAiToolIdentityArgs as AiToolIdentityArgs,
    GcpGrantArgs,
    GcpGrantArgs as GrantArgs,
    GcpSecretArgs,
    GcpSecretArgs as SecretArgs,
    GcpTrustArgs,
    GcpTrustArgs as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrustArgs } from "../shared/types";
export { GCP_ARG_KEYS, gcpProblems } from "./validation";
export { parseScope, SCOPE_FORMS } from "./scopes";
export type { Scope, ScopeKind } from "./scopes";

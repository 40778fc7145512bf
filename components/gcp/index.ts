export { AiToolIdentity } from "./aiToolIdentity";
export type { AiToolIdentityArgs, GrantArgs, SecretArgs, TrustArgs } from "./aiToolIdentity";
export { GCP_ARG_KEYS, gcpProblems } from "./validation";
export { parseScope, SCOPE_FORMS } from "./scopes";
export type { Scope, ScopeKind } from "./scopes";

import { requireCloudSdks } from "../sdk";

// Before the components load their SDK: a missing one is named, not a stack trace from inside them.
requireCloudSdks("gcp");

export { GcpAiToolIdentity, GcpAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    GcpAiToolIdentityArgs,
    GcpAiToolIdentityArgs as AiToolIdentityArgs,
    GcpGrant,
    GcpGrant as GrantArgs,
    GcpSecret,
    GcpSecret as SecretArgs,
    GcpTrust,
    GcpTrust as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrust } from "../shared/types";
export { GCP_ARG_KEYS, gcpProblems } from "./validation";
export { parseScope, SCOPE_FORMS } from "./scopes";
export type { Scope, ScopeKind } from "./scopes";

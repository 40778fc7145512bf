export { AiToolIdentity } from "./aiToolIdentity";
export type { AiToolIdentityArgs, GrantArgs, SecretArgs, TrustArgs } from "./aiToolIdentity";
export { AWS_ARG_KEYS, awsProblems } from "./validation";
export { githubSubject, GITHUB_OIDC_HOST, STS_AUDIENCE } from "./policyDocuments";

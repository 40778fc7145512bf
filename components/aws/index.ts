export { AwsAiToolIdentity, AwsAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    AwsAiToolIdentityArgs,
    AwsAiToolIdentityArgs as AiToolIdentityArgs,
    AwsGrantArgs,
    AwsGrantArgs as GrantArgs,
    AwsSecretArgs,
    AwsSecretArgs as SecretArgs,
    AwsTrustArgs,
    AwsTrustArgs as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrustArgs } from "../shared/types";
export { AWS_ARG_KEYS, awsProblems } from "./validation";
export { githubSubject, GITHUB_OIDC_HOST, STS_AUDIENCE } from "./policyDocuments";

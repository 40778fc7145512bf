import { requireCloudSdks } from "../sdk";

// Before the components load their SDK: a missing one is named, not a stack trace from inside them.
requireCloudSdks("aws");

export { AwsAiToolIdentity, AwsAiToolIdentity as AiToolIdentity } from "./aiToolIdentity";
export type {
    AwsAiToolIdentityArgs,
    AwsAiToolIdentityArgs as AiToolIdentityArgs,
    AwsGrant,
    AwsGrant as GrantArgs,
    AwsSecret,
    AwsSecret as SecretArgs,
    AwsTrust,
    AwsTrust as TrustArgs,
} from "./aiToolIdentity";
export type { GithubActionsTrust } from "../shared/types";
export { AWS_ARG_KEYS, awsProblems } from "./validation";
export { githubSubject, GITHUB_OIDC_HOST, STS_AUDIENCE } from "./oidc";

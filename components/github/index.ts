import { requireCloudSdks } from "../sdk";

// Before the components load their SDK: a missing one is named, not a stack trace from inside them.
requireCloudSdks("github");

export { GithubAiToolEnvironment, GithubAiToolEnvironment as AiToolEnvironment } from "./aiToolEnvironment";
export type { GithubActionsSubject } from "../shared/types";
export type {
    GithubActionsTrustOutput,
    GithubAiToolEnvironmentArgs,
    GithubAiToolEnvironmentArgs as AiToolEnvironmentArgs,
    GithubBypassActor,
    GithubEnvironmentSecret,
    GithubOrganizationRuleset,
} from "./aiToolEnvironment";
export { DEFAULT_STATUS_CHECK, GITHUB_ACTIONS_APP_ID, GITHUB_ARG_KEYS, githubProblems } from "./validation";
export { GITHUB_ACTIONS_ISSUER, githubActionsSubject } from "../../contract/github/oidc";

/**
 * GitHub Actions as an OIDC subject: the issuer, the exact `sub` claim of a job that runs in one
 * environment, and how a trust's `owner/repo` meets a declared environment, whose resource names
 * the repository without its owner (the owner comes from the provider's configuration).
 */
import type { GithubEnvironmentRef } from "../facts";

/** The issuer of GitHub Actions ID tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** GitHub's rules for names: owner and repository in `owner/repo`, and environment names. */
export const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
export const ENVIRONMENT_PATTERN = /^[A-Za-z0-9_.-]{1,255}$/;

/** The `sub` claim of a job in `environment` of `repository` (`owner/repo`), as GitHub issues it. */
export function githubActionsSubject(repository: string, environment: string): string {
    return `repo:${repository}:environment:${environment}`;
}

/** Splits `owner/repo`; undefined when the value is not exactly that. */
export function splitRepository(repository: string): { owner: string; name: string } | undefined {
    if (!REPOSITORY_PATTERN.test(repository)) return undefined;
    const [owner, name] = repository.split("/");
    return { owner, name };
}

/**
 * Whether a trusted environment (`owner/repo` + name) is the declared one. GitHub treats
 * repository and environment names case-insensitively. A declared environment whose repository
 * has no owner (`app`, as `RepositoryEnvironment` takes it) matches any owner's `app`: the owner
 * lives in the provider configuration, which a policy cannot see, and matching too much only
 * makes the reviewer check apply to more environments, never fewer.
 */
export function sameGithubEnvironment(trusted: GithubEnvironmentRef, declared: GithubEnvironmentRef): boolean {
    if (trusted.environment.toLowerCase() !== declared.environment.toLowerCase()) return false;
    const t = trusted.repository.toLowerCase();
    const d = declared.repository.toLowerCase();
    if (d.includes("/")) return t === d;
    return t.slice(t.indexOf("/") + 1) === d;
}

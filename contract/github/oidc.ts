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

/** GitHub's numeric IDs: an account's or repository's `id` from the REST API. */
export const GITHUB_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

/**
 * The `sub` claim of a job in `environment` of `repository` (`owner/repo`), as GitHub issues it:
 * with the owner's and repository's IDs (`repo:acme@123/app@456:environment:prod`) when given,
 * which is the default for repositories created or renamed on or after 2026-07-15, else names only.
 */
export function githubActionsSubject(repository: string, environment: string, ids?: { ownerId?: string; repositoryId?: string }): string {
    if (ids?.ownerId !== undefined && ids.repositoryId !== undefined) {
        const { owner, name } = splitRepository(repository) ?? { owner: repository, name: "" };
        return `repo:${owner}@${ids.ownerId}/${name}@${ids.repositoryId}:environment:${environment}`;
    }
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
    if (trusted.repositoryId !== undefined && declared.repositoryId !== undefined) return trusted.repositoryId === declared.repositoryId;
    const t = trusted.repository.toLowerCase();
    const d = declared.repository.toLowerCase();
    if (d.includes("/")) return t === d;
    return t.slice(t.indexOf("/") + 1) === d;
}

/**
 * What a GitHub Actions `sub` claim says, in any of the forms GitHub issues in 2026:
 * - names only, as every repository made before 2026-07-15 issues by default:
 *   `repo:acme/app:environment:prod`, `repo:acme/app:ref:refs/heads/main`, `repo:acme/app:pull_request`;
 * - immutable, `repo:acme@123456/app@456789:environment:prod` (owner and repository IDs after `@`);
 * - customised by the subject template (`include_claim_keys`): `key:value` pairs in template
 *   order, e.g. `repository_owner_id:1844662:repository_id:599293758:environment:prod`, or one
 *   with no repository at all (`environment:prod`), which every repository's jobs can mint.
 * `repository`, `repositoryId` are set only when the subject itself names one repository.
 */
export interface GithubSubject {
    /** `owner/repo` when the subject names it (`repo:` or `repository:`). */
    repository?: string;
    ownerId?: string;
    repositoryId?: string;
    environment?: string;
    /** `refs/heads/main`, `refs/tags/v1` */
    ref?: string;
    pullRequest: boolean;
    /** Whether the subject carries a `*` or `?` (which only `StringLike` and friends expand). */
    wildcard: boolean;
}

/** Claim keys GitHub's subject template may include, each followed by its value. */
const SUBJECT_KEYS = new Set([
    "repo", "environment", "ref", "context", "repository", "repository_id", "repository_owner", "repository_owner_id",
    "repository_visibility", "job_workflow_ref", "job_workflow_sha", "workflow", "workflow_ref", "workflow_sha",
    "actor", "actor_id", "event_name", "ref_type", "ref_protected", "head_ref", "base_ref", "enterprise", "enterprise_id",
    "runner_environment", "check_run_id",
]);

const OWNER_REPO = /^([A-Za-z0-9_.*?-]+)(?:@(\d+))?\/([A-Za-z0-9_.*?-]+)(?:@(\d+))?$/;

/** Reads a GitHub `sub`; undefined when it is not made of GitHub's subject parts at all. */
export function parseGithubSubject(sub: string): GithubSubject | undefined {
    if (typeof sub !== "string" || sub.length === 0 || sub.length > 2048) return undefined;
    const out: GithubSubject = { pullRequest: false, wildcard: /[*?]/.test(sub) };
    let any = false;
    // The `:`-separated tokens, read in place rather than split (every trust of every role has a
    // subject): `at` is where the next token starts, past the end once the last one is read.
    let at = 0;
    while (at <= sub.length) {
        let end = sub.indexOf(":", at);
        const last = end < 0;
        if (last) end = sub.length;
        const key = sub.slice(at, end);
        at = end + 1;
        if (key === "pull_request") {
            out.pullRequest = true;
            any = true;
            continue;
        }
        // A trailing `*` after a known prefix (`repo:acme/app:*`) is a pattern for any context.
        if (key === "*" && last && any) return out;
        if (!SUBJECT_KEYS.has(key) || last) return undefined;
        let valueEnd = sub.indexOf(":", at);
        if (valueEnd < 0) valueEnd = sub.length;
        const value = sub.slice(at, valueEnd);
        at = valueEnd + 1;
        if (value === "") return undefined;
        if (key === "repo" || key === "repository") {
            const m = OWNER_REPO.exec(value);
            if (!m) return undefined;
            out.repository = `${m[1]}/${m[3]}`;
            if (m[2]) out.ownerId = m[2];
            if (m[4]) out.repositoryId = m[4];
        } else if (key === "repository_id") out.repositoryId = value;
        else if (key === "repository_owner_id") out.ownerId = value;
        else if (key === "environment") out.environment = value;
        else if (key === "ref") out.ref = value;
        any = true;
    }
    return any ? out : undefined;
}

/**
 * Whether the subject pins one repository: by name (`repo:acme/app`) or by ID (`repository_id:456`),
 * with no wildcard in that part. A subject without one (`environment:prod`) any repository mints.
 */
export function pinsOneRepository(s: GithubSubject): boolean {
    const byName = s.repository !== undefined && !/[*?]/.test(s.repository);
    const byId = s.repositoryId !== undefined && /^\d+$/.test(s.repositoryId);
    return byName || byId;
}

/** The GitHub environment a parsed subject names, for the reviewer check; undefined for branches, tags, pull requests. */
export function environmentOfSubject(s: GithubSubject): GithubEnvironmentRef | undefined {
    if (s.environment === undefined || s.wildcard || !pinsOneRepository(s)) return undefined;
    const ref: GithubEnvironmentRef = { repository: s.repository ?? `repository_id:${s.repositoryId}`, environment: s.environment };
    if (s.repositoryId !== undefined) ref.repositoryId = s.repositoryId;
    return ref;
}

/**
 * Federated identity credentials (managed identity and Entra application): who may exchange a
 * token for this identity. Pinned means one issuer, one audience and exactly one subject; for
 * GitHub Actions, one repository and one environment or branch. Entra matches `subject` exactly,
 * so a `*` there is at best dead configuration and at worst a sign someone expects a wildcard; the
 * flexible credential's `matches` operator really is a wildcard and is refused.
 *
 * GitHub in 2026 (checked against the vendors' documentation): Entra compares `subject` with the
 * token's `sub` exactly, so a credential must carry the form the repository issues. Repositories
 * created or renamed on or after 2026-07-15, and those opted in, issue the immutable form
 * `repo:acme@123456/app@456789:environment:prod` (github/docs PR #45221; Azure/azure-dev PR #9430,
 * which reads `sub_claim_prefix` from the repository's OIDC customisation to build it); a
 * customised template issues key/value subjects such as
 * `repository_owner_id:1844662:repository_id:599293758:ref:refs/heads/main` (Azure/azure-dev issue
 * #7374). Each form that names one repository, by name or ID, is pinned; one that names none
 * (`environment:prod`) is minted by every repository and is not.
 */
import type { GithubEnvironmentRef } from "../facts";
import { environmentOfSubject, githubActionsSubject, parseGithubSubject, pinsOneRepository } from "../github/oidc";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface FederationReading {
    subjects: string[];
    problems: string[];
    githubEnvironments: GithubEnvironmentRef[];
    /** GitHub jobs trusted that run in no environment (see `TrustFacts`). */
    githubJobsWithoutEnvironment?: string[];
}

const MAX_TEXT = 2048;

function show(value: string): string {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** GitHub's issuer, or a GitHub Enterprise tenant-specific one below it. */
export function isGithubIssuer(issuer: string): boolean {
    return issuer === GITHUB_ISSUER || issuer.startsWith(`${GITHUB_ISSUER}/`);
}

function checkIssuer(issuer: unknown, problems: string[]): string | undefined {
    if (typeof issuer !== "string" || issuer.trim() === "") {
        problems.push("no `issuer`: name the one token issuer trusted, e.g. " + GITHUB_ISSUER);
        return undefined;
    }
    if (issuer.length > MAX_TEXT || !/^https:\/\/[^\s*]+$/.test(issuer.trim())) {
        problems.push(`\`issuer\` ${show(issuer)} is not one https URL`);
        return undefined;
    }
    return issuer.trim();
}

/** Checks one subject against its issuer; returns it when it names exactly one workload. */
function checkSubject(subject: unknown, issuer: string | undefined, problems: string[], environments: GithubEnvironmentRef[], field = "subject", jobs: string[] = []): string | undefined {
    if (typeof subject !== "string" || subject.trim() === "") {
        problems.push(`no \`${field}\`: name exactly one workload, e.g. repo:acme/app:environment:ai-review`);
        return undefined;
    }
    if (subject.length > MAX_TEXT) {
        problems.push(`\`${field}\` is longer than ${MAX_TEXT} characters`);
        return undefined;
    }
    if (/[*?]/.test(subject)) {
        problems.push(`\`${field}\` ${show(subject)} has a wildcard; name one repository and one environment or branch`);
        return undefined;
    }
    if (issuer !== undefined && isGithubIssuer(issuer)) {
        const parsed = parseGithubSubject(subject);
        const named = parsed !== undefined && pinsOneRepository(parsed);
        if (named && parsed.pullRequest) jobs.push(subject);
        if (!named || parsed.pullRequest || (parsed.environment === undefined && parsed.ref === undefined)) {
            const hint = parsed?.pullRequest ? " (any pull request, including ones the tool opens, could act as it)" : parsed && !named ? " (it names no repository, so every repository's jobs can present it)" : "";
            problems.push(`\`${field}\` ${show(subject)} is not one GitHub repository and environment or branch${hint}; use repo:<owner>/<repo>:environment:<name>`);
            return undefined;
        }
        const env = environmentOfSubject(parsed);
        if (env) environments.push(env);
        else jobs.push(subject);
    }
    return subject;
}

/** Reads a managed identity's or an application's federated credential (`issuer`, `subject`, `audiences`). */
export function readFederatedCredential(issuer: unknown, subject: unknown, audiences: unknown): FederationReading {
    const problems: string[] = [];
    const githubEnvironments: GithubEnvironmentRef[] = [];
    const iss = checkIssuer(issuer, problems);
    checkAudiences(audiences, problems);
    const jobs: string[] = [];
    const sub = checkSubject(subject, iss, problems, githubEnvironments, "subject", jobs);
    return withJobs({ subjects: sub ? [sub] : [], problems, githubEnvironments }, jobs);
}

function checkAudiences(audiences: unknown, problems: string[]): void {
    const list = Array.isArray(audiences) ? audiences : audiences === undefined || audiences === null ? [] : [audiences];
    const values = list.filter((a): a is string => typeof a === "string" && a.trim() !== "");
    if (values.length !== list.length) problems.push("`audiences` holds a value that is not a non-empty string");
    if (values.length === 0) problems.push(`no \`audiences\`: set exactly one, ${AZURE_TOKEN_EXCHANGE_AUDIENCE}`);
    else if (values.length > 1) problems.push(`\`audiences\` names ${values.length} audiences; Entra accepts one (${AZURE_TOKEN_EXCHANGE_AUDIENCE})`);
    for (const a of values) if (a.includes("*")) problems.push(`\`audiences\` ${show(a)} has a wildcard`);
}

// claims['sub'] eq 'repo:acme/app:environment:prod'; values are single-quoted, `''` escapes a quote.
const CLAUSE = /^claims\[\s*'([^']+)'\s*\]\s+(eq|matches)\s+'((?:[^']|'')*)'$/i;

/**
 * Reads a flexible federated credential: `issuer`, `audience` (singular) and a
 * `claimsMatchingExpression` of clauses joined by `and`. Only `sub eq '<one subject>'` pins it;
 * `matches` with a wildcard, `or`, or anything unreadable is a problem (fail closed).
 */
export function readFlexibleFederatedCredential(issuer: unknown, audience: unknown, expression: unknown): FederationReading {
    const problems: string[] = [];
    const githubEnvironments: GithubEnvironmentRef[] = [];
    const iss = checkIssuer(issuer, problems);
    checkAudiences(audience, problems);
    const subjects: string[] = [];
    const jobs: string[] = [];
    if (typeof expression !== "string" || expression.trim() === "" || expression.length > MAX_TEXT) {
        problems.push("`claimsMatchingExpression` is missing or unreadable; use claims['sub'] eq 'repo:<owner>/<repo>:environment:<name>'");
        return { subjects, problems, githubEnvironments };
    }
    if (/\)|\(|\s(or|not)\s/i.test(` ${expression} `)) {
        problems.push("`claimsMatchingExpression` uses `or`, `not` or grouping; pin one subject with claims['sub'] eq '...'");
        return { subjects, problems, githubEnvironments };
    }
    let pinsSubject = false;
    for (const clause of expression.trim().split(/\s+and\s+/i)) {
        const m = CLAUSE.exec(clause.trim());
        if (!m) {
            problems.push(`\`claimsMatchingExpression\` clause ${show(clause.trim())} is not claims['<claim>'] eq '<value>'`);
            continue;
        }
        const [, claim, op, quoted] = m;
        const value = quoted.replace(/''/g, "'");
        if (op.toLowerCase() === "matches" && /[*?]/.test(value)) {
            problems.push(`\`claimsMatchingExpression\` matches ${claim} against the wildcard ${show(value)}; pin one value with eq`);
            continue;
        }
        if (claim.toLowerCase() === "sub") {
            const sub = checkSubject(value, iss, problems, githubEnvironments, "claimsMatchingExpression", jobs);
            if (sub) {
                subjects.push(sub);
                pinsSubject = true;
            }
        }
    }
    if (subjects.length > 1) problems.push("`claimsMatchingExpression` names more than one subject");
    if (!pinsSubject && problems.length === 0) problems.push("`claimsMatchingExpression` does not pin `sub`; add claims['sub'] eq 'repo:<owner>/<repo>:environment:<name>'");
    return withJobs({ subjects, problems, githubEnvironments }, jobs);
}

function withJobs(reading: FederationReading, jobs: string[]): FederationReading {
    if (jobs.length) reading.githubJobsWithoutEnvironment = [...new Set(jobs)];
    return reading;
}

/** The subject the components write for a GitHub Actions environment: immutable when both IDs are given. */
export function githubEnvironmentSubject(repository: string, environment: string, ids?: { ownerId?: string; repositoryId?: string }): string {
    return githubActionsSubject(repository, environment, ids);
}

/**
 * Federated identity credentials (managed identity and Entra application): who may exchange a
 * token for this identity. Pinned means one issuer, one audience and exactly one subject; for
 * GitHub Actions, one repository and one environment or branch. Entra matches `subject` exactly,
 * so a `*` there is at best dead configuration and at worst a sign someone expects a wildcard; the
 * flexible credential's `matches` operator really is a wildcard and is refused.
 */
import type { GithubEnvironmentRef } from "../facts";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface FederationReading {
    subjects: string[];
    problems: string[];
    githubEnvironments: GithubEnvironmentRef[];
}

const MAX_TEXT = 2048;
const GITHUB_SUBJECT = /^repo:([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):(?:environment:([^:]+)|ref:refs\/(?:heads|tags)\/(.+))$/;

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
function checkSubject(subject: unknown, issuer: string | undefined, problems: string[], environments: GithubEnvironmentRef[], field = "subject"): string | undefined {
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
        const m = GITHUB_SUBJECT.exec(subject);
        if (!m) {
            const hint = /:pull_request$/.test(subject) ? " (any pull request, including ones the tool opens, could act as it)" : "";
            problems.push(`\`${field}\` ${show(subject)} is not one GitHub repository and environment or branch${hint}; use repo:<owner>/<repo>:environment:<name>`);
            return undefined;
        }
        if (m[3] !== undefined) environments.push({ repository: `${m[1]}/${m[2]}`, environment: m[3] });
    }
    return subject;
}

/** Reads a managed identity's or an application's federated credential (`issuer`, `subject`, `audiences`). */
export function readFederatedCredential(issuer: unknown, subject: unknown, audiences: unknown): FederationReading {
    const problems: string[] = [];
    const githubEnvironments: GithubEnvironmentRef[] = [];
    const iss = checkIssuer(issuer, problems);
    checkAudiences(audiences, problems);
    const sub = checkSubject(subject, iss, problems, githubEnvironments);
    return { subjects: sub ? [sub] : [], problems, githubEnvironments };
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
            const sub = checkSubject(value, iss, problems, githubEnvironments, "claimsMatchingExpression");
            if (sub) {
                subjects.push(sub);
                pinsSubject = true;
            }
        }
    }
    if (subjects.length > 1) problems.push("`claimsMatchingExpression` names more than one subject");
    if (!pinsSubject && problems.length === 0) problems.push("`claimsMatchingExpression` does not pin `sub`; add claims['sub'] eq 'repo:<owner>/<repo>:environment:<name>'");
    return { subjects, problems, githubEnvironments };
}

/** The subject the components write for a GitHub Actions environment. */
export function githubEnvironmentSubject(repository: string, environment: string): string {
    return `repo:${repository}:environment:${environment}`;
}

/**
 * Assume-role (trust) policies read into `TrustFacts`: who may act as the role, and why that is not
 * exactly one subject. A trust is pinned when every granting statement names one principal that is
 * not everybody, not a whole account, and, for a federated OIDC provider, one workload and the
 * expected audience.
 *
 * GitHub Actions, as checked against the vendors' documentation (December 2026):
 * - STS evaluates GitHub's own claims as condition keys since January 2026 ("AWS STS supports
 *   validation of identity provider claims", aws.amazon.com/about-aws/whats-new/2026/01/
 *   aws-sts-supports-validation-identity-provider-claims, as tabled in cageyv.dev/posts/
 *   aws-sts-oidc-claim-validation and dev.classmethod.jp): `token.actions.githubusercontent.com:`
 *   `actor`, `actor_id`, `job_workflow_ref`, `repository`, `repository_id`, `workflow`, `ref`,
 *   `environment`, `enterprise_id`, next to the standard `sub`, `aud`, `amr`. So
 *   `repository_id` + `environment` with no `sub` names one repository's environment, by an ID a
 *   rename cannot move: stricter than a `sub`. `repository_owner_id` is not in that list; a key
 *   STS does not evaluate is never present, so it pins nothing the author meant, and is reported.
 * - The `sub` may be immutable (`repo:acme@123/app@456:environment:prod`) or customised by the
 *   repository's subject template; see `contract/github/oidc.ts` for the forms and their sources.
 *   A customised `sub` without a repository part (`environment:prod`) is minted by every
 *   repository's jobs: it pins nothing.
 * - Operators that pass when the key is absent (`…IfExists`, `ForAllValues:`) pin nothing (IAM
 *   user guide, "Condition operators": ForAllValues returns true when the key is missing).
 * Cognito identity pools (`cognito-identity.amazonaws.com`) are pinned by their audience, the
 * identity pool ID (`cognito-identity.amazonaws.com:aud`, IAM user guide "Role trust and
 * permissions" for Cognito): without it, any pool in any account can obtain the role.
 */
import type { GithubEnvironmentRef, TrustFacts } from "../facts";
import { environmentOfSubject, parseGithubSubject, pinsOneRepository, REPOSITORY_PATTERN } from "../github/oidc";
import { grantingStatements, parsePolicyDocument, type ConditionClause, type PolicyStatement } from "./policyDocument";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

const ACCOUNT_ROOT = /^arn:[a-z0-9-]+:iam::(\d{12}):root$/i;
const ACCOUNT_ID = /^\d{12}$/;
export const COGNITO_HOST = "cognito-identity.amazonaws.com";

/** Condition tests that pin a claim to the listed values (`StringLike` only when the value has no wildcard). */
const EXACT_TESTS = new Set(["stringequals", "stringequalsignorecase", "stringlike"]);

/** The OIDC issuer host a federated principal names (`arn:aws:iam::1:oidc-provider/<host>` or the bare host). */
export function oidcHost(federated: string): string | undefined {
    const trimmed = federated.trim();
    const m = /:oidc-provider\/(.+)$/i.exec(trimmed);
    if (m) return m[1].toLowerCase();
    if (/^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/i.test(trimmed) && !trimmed.startsWith("arn:")) return trimmed.toLowerCase();
    return undefined;
}

/** `repo:acme/app:environment:ai-review` (or its immutable form) -> `{ repository: "acme/app", environment: "ai-review" }`. */
export function githubEnvironmentOf(subject: string): GithubEnvironmentRef | undefined {
    const parsed = parseGithubSubject(subject);
    return parsed ? environmentOfSubject(parsed) : undefined;
}

function clausesFor(statement: PolicyStatement, key: string): ConditionClause[] {
    const lower = key.toLowerCase();
    const out: ConditionClause[] = [];
    for (const c of statement.conditions) if (c.key.trim().toLowerCase() === lower) out.push(c);
    return out;
}

function hasWildcard(s: string): boolean {
    return /[*?]/.test(s);
}

/** GitHub claims STS evaluates as condition keys (see the top of this file). */
const GITHUB_STS_CLAIMS = new Set(["sub", "aud", "amr", "actor", "actor_id", "job_workflow_ref", "repository", "repository_id", "workflow", "ref", "environment", "enterprise_id"]);
/** The claims that decide which workload the role trusts: a clause on one must hold when the claim is absent. */
const PINNING_CLAIMS = new Set(["sub", "aud", "repository", "repository_id", "environment"]);

/** What one statement pins about GitHub's tokens, and everything it trusts that runs in no environment. */
interface GithubReading {
    subjects: string[];
    environments: GithubEnvironmentRef[];
    jobsWithoutEnvironment: string[];
}

/**
 * The single exact value each claim is pinned to (clauses on one key are ANDed, so one exact
 * single-value clause pins it), with the problems that keep a clause from pinning.
 */
function exactClaims(statement: PolicyStatement, host: string, problems: string[], patterns: Map<string, string[]>): Map<string, string> {
    const where = statement.label;
    const pinned = new Map<string, string>();
    const prefix = `${host}:`;
    for (const c of statement.conditions) {
        const key = c.key.trim().toLowerCase();
        if (!key.startsWith(prefix)) continue;
        const claim = key.slice(prefix.length);
        if (!GITHUB_STS_CLAIMS.has(claim)) {
            problems.push(`${where}: \`${c.key}\` is not a GitHub claim STS evaluates (it knows ${[...GITHUB_STS_CLAIMS].map((k) => `\`${k}\``).join(", ")}), so it pins nothing; fix the key's spelling`);
            continue;
        }
        if (!PINNING_CLAIMS.has(claim)) continue;
        if (c.qualifier === "ForAllValues" || c.ifExists) {
            problems.push(`${where}: \`${c.operator}\` on \`${c.key}\` also passes when the claim is absent; use \`StringEquals\``);
            continue;
        }
        if (!EXACT_TESTS.has(c.test)) continue;
        const wild = c.values.filter((v) => c.test === "stringlike" && hasWildcard(v));
        if (wild.length) patterns.set(claim, [...(patterns.get(claim) ?? []), ...wild]);
        if (c.values.length > 1) {
            problems.push(`${where}: \`${c.key}\` lists ${c.values.length} ${claim === "sub" ? "subjects" : "values"}; pin exactly one`);
            continue;
        }
        if (c.values.length === 1 && wild.length === 0 && !pinned.has(claim)) pinned.set(claim, c.values[0]);
    }
    return pinned;
}

/**
 * A statement trusting GitHub's issuer: pinned when one repository is named (in the `sub`, by
 * `repository` or by `repository_id`), the audience is STS's, and nothing is a pattern.
 */
function readGithubClaims(statement: PolicyStatement, host: string, problems: string[]): GithubReading {
    const where = statement.label;
    const subKey = `${host}:sub`;
    const reading: GithubReading = { subjects: [], environments: [], jobsWithoutEnvironment: [] };
    const patterns = new Map<string, string[]>();
    readAudience(statement, host, problems);
    const problemsBefore = problems.length;
    const claims = exactClaims(statement, host, problems, patterns);

    for (const v of patterns.get("sub") ?? []) {
        const parsed = parseGithubSubject(v);
        const ownerRepo = /^repo:([^:]*)/.exec(v)?.[1];
        if (ownerRepo !== undefined && hasWildcard(ownerRepo)) {
            problems.push(`${where}: \`${subKey}\` ${JSON.stringify(v)} has a wildcard in the owner/repository; name one repository`);
        } else {
            problems.push(`${where}: \`${subKey}\` ${JSON.stringify(v)} has a wildcard; name one exact subject such as \`repo:<owner>/<repo>:environment:<name>\``);
            if (parsed && pinsOneRepository(parsed) && parsed.environment === undefined) reading.jobsWithoutEnvironment.push(v);
        }
    }
    for (const claim of ["repository", "repository_id", "environment"]) {
        for (const v of patterns.get(claim) ?? []) problems.push(`${where}: \`${host}:${claim}\` ${JSON.stringify(v)} has a wildcard; name one exact value`);
    }
    // `StringEquals` compares literally: a `*` or `?` in the owner or repository matches no token GitHub issues.
    const exactSub = claims.get("sub");
    const ownerRepo = exactSub !== undefined ? /^repo:([^:]*)/.exec(exactSub)?.[1] : undefined;
    if (ownerRepo !== undefined && hasWildcard(ownerRepo)) {
        problems.push(`${where}: \`${subKey}\` ${JSON.stringify(exactSub)} has a wildcard in the owner/repository; name one repository`);
        return reading;
    }
    const sub = exactSub !== undefined ? parseGithubSubject(exactSub) : undefined;
    const repositoryName = claims.get("repository");
    const repositoryId = claims.get("repository_id");
    const repository = sub?.repository ?? (repositoryName !== undefined && REPOSITORY_PATTERN.test(repositoryName) ? repositoryName : undefined);
    const id = sub?.repositoryId ?? (repositoryId !== undefined && /^\d+$/.test(repositoryId) ? repositoryId : undefined);
    const environment = sub?.environment ?? claims.get("environment");
    const pinsRepository = (sub !== undefined && pinsOneRepository(sub)) || repository !== undefined || id !== undefined;

    if (!pinsRepository) {
        if (problems.length > problemsBefore && exactSub === undefined) return reading;
        if (exactSub === undefined && clausesFor(statement, subKey).length) {
            problems.push(`${where}: no exact \`${subKey}\` condition; use \`StringEquals\` with one subject`);
        } else if (exactSub !== undefined) {
            problems.push(`${where}: \`${subKey}\` ${JSON.stringify(exactSub)} names no repository, so jobs of any repository whose subject reads the same may assume the role (a customised subject such as \`environment:prod\` is minted by every repository); pin \`${host}:repository_id\` too, or use the default subject \`repo:<owner>/<repo>:environment:<name>\``);
        } else {
            problems.push(`${where}: trusts \`${host}\` without a \`${subKey}\` condition (nor \`${host}:repository_id\`), so any workflow it issues tokens for may assume the role; add \`StringEquals\` on \`${subKey}\``);
        }
        return reading;
    }
    const subject = exactSub ?? `${repository !== undefined ? `repo:${repository}` : `repository_id:${id}`}${environment !== undefined ? `:environment:${environment}` : ""}`;
    reading.subjects.push(subject);
    if (environment !== undefined) {
        const ref: GithubEnvironmentRef = { repository: repository ?? `repository_id:${id}`, environment };
        if (id !== undefined) ref.repositoryId = id;
        reading.environments.push(ref);
    } else {
        reading.jobsWithoutEnvironment.push(subject);
    }
    return reading;
}

function readAudience(statement: PolicyStatement, host: string, problems: string[], expectedAudience: string | undefined = host === GITHUB_OIDC_HOST ? GITHUB_OIDC_AUDIENCE : undefined): string[] {
    const where = statement.label;
    const audKey = `${host}:aud`;
    // Loops, not filter and flatMap: this runs for every trust statement of every role.
    const audClauses: ConditionClause[] = [];
    const audiences: string[] = [];
    for (const c of clausesFor(statement, audKey)) {
        if (!EXACT_TESTS.has(c.test) || c.ifExists || c.qualifier === "ForAllValues") continue;
        audClauses.push(c);
        for (const v of c.values) audiences.push(v);
    }
    if (!audClauses.length) {
        problems.push(`${where}: no \`${audKey}\` condition; add \`StringEquals\` \`${audKey}\` = \`${expectedAudience ?? (host === COGNITO_HOST ? "<identity pool ID>" : "<your client ID>")}\``);
    } else if (expectedAudience && !audClauses.some((c) => c.values.length > 0 && c.values.every((v) => v === expectedAudience))) {
        problems.push(`${where}: \`${audKey}\` is ${JSON.stringify(audiences)}; set it to \`${expectedAudience}\``);
    } else if (audiences.some(hasWildcard)) {
        problems.push(`${where}: \`${audKey}\` has a wildcard; name the audience exactly`);
    }
    return audiences;
}

/** A Cognito identity pool is one subject by its pool ID in `aud`; its per-user `sub` is not asked for. */
function readCognitoClaims(statement: PolicyStatement, problems: string[]): string[] {
    const before = problems.length;
    const audiences = readAudience(statement, COGNITO_HOST, problems);
    if (problems.length > before) return [];
    const distinct = [...new Set(audiences)];
    if (distinct.length !== 1) {
        problems.push(`${statement.label}: \`${COGNITO_HOST}:aud\` lists ${distinct.length} identity pools; trust exactly one`);
        return [];
    }
    return [`${COGNITO_HOST}:aud=${distinct[0]}`];
}

/**
 * The OIDC subject(s) a statement pins for one issuer, and the problems that keep it from naming
 * exactly one. Clauses on the same key are ANDed, so one exact single-value clause pins it.
 */
function readOidcClaims(statement: PolicyStatement, host: string, problems: string[]): string[] {
    const where = statement.label;
    const subKey = `${host}:sub`;
    const subClauses = clausesFor(statement, subKey);
    const problemsBefore = problems.length;
    let pinned: string | undefined;
    for (const c of subClauses) {
        if (c.qualifier === "ForAllValues" || c.ifExists) {
            problems.push(`${where}: \`${c.operator}\` on \`${c.key}\` also passes when the claim is absent; use \`StringEquals\``);
            continue;
        }
        if (!EXACT_TESTS.has(c.test)) continue;
        for (const v of c.values) {
            const ownerRepo = /^repo:([^:]*)/.exec(v)?.[1];
            if (ownerRepo !== undefined && hasWildcard(ownerRepo)) {
                problems.push(`${where}: \`${c.key}\` ${JSON.stringify(v)} has a wildcard in the owner/repository; name one repository`);
            } else if (hasWildcard(v) && c.test === "stringlike") {
                problems.push(`${where}: \`${c.key}\` ${JSON.stringify(v)} has a wildcard; name one exact subject such as \`repo:<owner>/<repo>:environment:<name>\``);
            }
        }
        const exact = c.values.filter((v) => !(c.test === "stringlike" && hasWildcard(v)));
        if (c.values.length === 1 && exact.length === 1) pinned ??= exact[0];
        else if (c.values.length > 1) problems.push(`${where}: \`${c.key}\` lists ${c.values.length} subjects; pin exactly one`);
    }
    if (!subClauses.length) problems.push(`${where}: trusts \`${host}\` without a \`${subKey}\` condition, so any workflow it issues tokens for may assume the role; add \`StringEquals\` on \`${subKey}\``);
    else if (pinned === undefined && problems.length === problemsBefore) problems.push(`${where}: no exact \`${subKey}\` condition; use \`StringEquals\` with one subject`);

    readAudience(statement, host, problems);
    return pinned === undefined ? [] : [pinned];
}

/**
 * Reads an assume-role policy (JSON string or object). A document that cannot be read is a problem:
 * nobody can tell whom it trusts.
 */
export function readTrustPolicy(document: unknown): TrustFacts {
    const doc = parsePolicyDocument(document);
    const problems: string[] = doc.problems.map((p) => `the trust policy cannot be read: ${p}`);
    const subjects: string[] = [];
    const githubEnvironments: GithubEnvironmentRef[] = [];
    const jobsWithoutEnvironment: string[] = [];
    for (const statement of grantingStatements(doc)) {
        const where = statement.label;
        if (statement.notPrincipal) {
            problems.push(`${where}: \`NotPrincipal\` with \`Allow\` trusts everybody not listed; name the one principal in \`Principal\``);
        }
        const principal = statement.principal;
        if (!principal) {
            if (!statement.notPrincipal) problems.push(`${where}: no \`Principal\`; name the one principal that may assume the role`);
            continue;
        }
        if (principal.anyone) problems.push(`${where}: the \`*\` principal lets anybody assume the role; name one principal`);
        for (const arn of principal.aws) {
            if (arn.trim() === "*") continue;
            const trimmed = arn.trim();
            if (ACCOUNT_ROOT.test(trimmed) || ACCOUNT_ID.test(trimmed)) {
                problems.push(`${where}: \`${trimmed}\` trusts every identity in the account; name one role ARN`);
            } else if (hasWildcard(trimmed)) {
                problems.push(`${where}: \`${trimmed}\` has a wildcard; name one role ARN`);
            }
            subjects.push(trimmed);
        }
        for (const service of principal.service) {
            if (hasWildcard(service)) problems.push(`${where}: service principal \`${service}\` has a wildcard; name one service`);
            subjects.push(service.trim());
        }
        for (const federated of principal.federated) {
            const host = oidcHost(federated);
            if (host === GITHUB_OIDC_HOST) {
                const gh = readGithubClaims(statement, host, problems);
                subjects.push(...gh.subjects);
                githubEnvironments.push(...gh.environments);
                jobsWithoutEnvironment.push(...gh.jobsWithoutEnvironment);
            } else if (host === COGNITO_HOST) subjects.push(...readCognitoClaims(statement, problems));
            else if (host) subjects.push(...readOidcClaims(statement, host, problems));
            else subjects.push(federated.trim());
        }
        for (const canonical of principal.canonicalUser) subjects.push(canonical.trim());
    }
    const distinct = unique(subjects, "*");
    if (distinct.length > 1) problems.push(`the trust policy names ${distinct.length} subjects (${distinct.map((s) => `\`${s}\``).join(", ")}); trust exactly one`);
    const trust: TrustFacts = { targets: [], subjects: distinct, problems: unique(problems), githubEnvironments: dedupe(githubEnvironments) };
    if (jobsWithoutEnvironment.length) trust.githubJobsWithoutEnvironment = unique(jobsWithoutEnvironment);
    return trust;
}

/**
 * The distinct values in first-seen order, without `skip`, as a new array. Every role's trust has a
 * handful of values: scanning the few kept is cheaper than a Set; long (hostile) lists use one.
 */
function unique(values: readonly string[], skip?: string): string[] {
    if (values.length > 16) return [...new Set(values.filter((v) => v !== skip))];
    const out: string[] = [];
    for (const v of values) if (v !== skip && !out.includes(v)) out.push(v);
    return out;
}

function dedupe(refs: GithubEnvironmentRef[]): GithubEnvironmentRef[] {
    if (refs.length <= 1) return refs.slice();
    const seen = new Set<string>();
    return refs.filter((r) => {
        const k = `${r.repository}\u0000${r.environment}\u0000${r.repositoryId ?? ""}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
    });
}

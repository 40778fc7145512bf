/**
 * Assume-role (trust) policies read into `TrustFacts`: who may act as the role, and why that is not
 * exactly one subject. A trust is pinned when every granting statement names one principal that is
 * not everybody, not a whole account, and, for a federated OIDC provider, one exact `sub` and the
 * expected audience.
 */
import type { GithubEnvironmentRef, TrustFacts } from "../facts";
import { grantingStatements, parsePolicyDocument, type ConditionClause, type PolicyStatement } from "./policyDocument";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

const ACCOUNT_ROOT = /^arn:[a-z0-9-]+:iam::(\d{12}):root$/i;
const ACCOUNT_ID = /^\d{12}$/;
const GITHUB_ENVIRONMENT_SUBJECT = /^repo:([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+):environment:(.+)$/;

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

/** `repo:acme/app:environment:ai-review` -> `{ repository: "acme/app", environment: "ai-review" }`. */
export function githubEnvironmentOf(subject: string): GithubEnvironmentRef | undefined {
    const m = GITHUB_ENVIRONMENT_SUBJECT.exec(subject);
    if (!m || /[*?]/.test(subject)) return undefined;
    return { repository: `${m[1]}/${m[2]}`, environment: m[3] };
}

function clausesFor(statement: PolicyStatement, key: string): ConditionClause[] {
    const lower = key.toLowerCase();
    return statement.conditions.filter((c) => c.key.trim().toLowerCase() === lower);
}

function hasWildcard(s: string): boolean {
    return /[*?]/.test(s);
}

/**
 * The OIDC subject(s) a statement pins for one issuer, and the problems that keep it from naming
 * exactly one. Clauses on the same key are ANDed, so one exact single-value clause pins it.
 */
function readOidcClaims(statement: PolicyStatement, host: string, problems: string[]): string[] {
    const where = statement.label;
    const subKey = `${host}:sub`;
    const audKey = `${host}:aud`;
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

    const expectedAudience = host === GITHUB_OIDC_HOST ? GITHUB_OIDC_AUDIENCE : undefined;
    const audClauses = clausesFor(statement, audKey).filter((c) => EXACT_TESTS.has(c.test) && !c.ifExists && c.qualifier !== "ForAllValues");
    const audiences = audClauses.flatMap((c) => c.values);
    if (!audClauses.length) {
        problems.push(`${where}: no \`${audKey}\` condition; add \`StringEquals\` \`${audKey}\` = \`${expectedAudience ?? "<your client ID>"}\``);
    } else if (expectedAudience && !audClauses.some((c) => c.values.length > 0 && c.values.every((v) => v === expectedAudience))) {
        problems.push(`${where}: \`${audKey}\` is ${JSON.stringify(audiences)}; set it to \`${expectedAudience}\``);
    } else if (audiences.some(hasWildcard)) {
        problems.push(`${where}: \`${audKey}\` has a wildcard; name the audience exactly`);
    }
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
            if (host) subjects.push(...readOidcClaims(statement, host, problems));
            else subjects.push(federated.trim());
        }
        for (const canonical of principal.canonicalUser) subjects.push(canonical.trim());
    }
    const distinct = [...new Set(subjects.filter((s) => s !== "*"))];
    if (distinct.length > 1) problems.push(`the trust policy names ${distinct.length} subjects (${distinct.map((s) => `\`${s}\``).join(", ")}); trust exactly one`);
    const githubEnvironments: GithubEnvironmentRef[] = [];
    for (const s of distinct) {
        const env = githubEnvironmentOf(s);
        if (env) githubEnvironments.push(env);
    }
    return { targets: [], subjects: distinct, problems: [...new Set(problems)], githubEnvironments };
}

/**
 * Workload identity federation, read and written the same way: the component builds its attribute
 * condition and principal set with these functions, and the readers judge any provider or binding
 * with the same rules, so what the component makes is exactly what the pack accepts.
 *
 * Pinned means: the trust names exactly one subject. A provider's `attributeCondition` must pin
 * `assertion.repository` (GitHub) or some claim (other issuers) with a top-level `==`; a binding's
 * member must be one principal, or a principal set keyed by one repository or subject.
 *
 * GitHub in 2026 (checked against the vendors' documentation): a condition may pin the repository
 * by its immutable ID instead of its name, `assertion.repository_id == '456789' &&
 * assertion.repository_owner_id == '123456'`: the token carries both as strings (GitHub, "OIDC
 * token claims", docs.github.com/actions/reference/security/oidc), and an attribute condition is CEL
 * over any `assertion.<claim>` (Google Cloud, "Workload Identity Federation", attribute conditions).
 * An ID survives a rename and is never reused, so it pins at least as tightly as the name. GitHub's
 * own examples for the immutable subject compare `assertion.sub` with
 * `repo:octo-org@123456/octo-repo@456789:...` (github/docs PR #45221); both forms read as pinned.
 * The owner's ID alone names every repository of the owner: not pinned.
 */
import type { GithubEnvironmentRef } from "../facts";
import { parseGithubSubject as parseSubject, pinsOneRepository } from "../github/oidc";
import { readPins } from "./cel";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** The claims the component maps, so both the condition and audit logs can name them. */
export const GITHUB_ATTRIBUTE_MAPPING: Readonly<Record<string, string>> = {
    "google.subject": "assertion.sub",
    "attribute.repository": "assertion.repository",
    "attribute.environment": "assertion.environment",
    "attribute.ref": "assertion.ref",
};

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** CEL string literal for a value the declaration schema already restricted to `[A-Za-z0-9_./-]`. */
function celString(value: string): string {
    if (!/^[A-Za-z0-9_./:-]*$/.test(value)) throw new RangeError(`refusing to quote ${JSON.stringify(value)} into CEL`);
    return `"${value}"`;
}

/** `assertion.repository == "acme/app" && assertion.environment == "ai-review"`. */
export function githubAttributeCondition(repository: string, environment: string): string {
    return `assertion.repository == ${celString(repository)} && assertion.environment == ${celString(environment)}`;
}

/** Mapped with the IDs, so a binding can name the repository by an ID a rename cannot move. */
export const GITHUB_ID_ATTRIBUTE_MAPPING: Readonly<Record<string, string>> = {
    "attribute.repository_id": "assertion.repository_id",
};

/**
 * `assertion.repository == "acme/app" && assertion.repository_id == "456" && assertion.repository_owner_id == "123" && assertion.environment == "prod"`.
 * The name stays beside the IDs: a repository recreated under the name fails the IDs, and the pack
 * matches the trusted environment to the one a stack declares by name.
 */
export function githubIdAttributeCondition(repository: string, repositoryId: string, ownerId: string, environment: string): string {
    for (const id of [repositoryId, ownerId]) if (!/^[0-9]{1,20}$/.test(id)) throw new RangeError(`refusing ${JSON.stringify(id)} as a GitHub ID`);
    return `assertion.repository == ${celString(repository)} && assertion.repository_id == ${celString(repositoryId)} && assertion.repository_owner_id == ${celString(ownerId)} && assertion.environment == ${celString(environment)}`;
}

/** The principal set of every token the pool accepts for one repository ID. */
export function repositoryIdPrincipalSet(projectNumber: string, poolId: string, repositoryId: string): string {
    return `principalSet://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}/attribute.repository_id/${repositoryId}`;
}

/** The principal set of every token the pool accepts for one repository. */
export function repositoryPrincipalSet(projectNumber: string, poolId: string, repository: string): string {
    return `principalSet://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}/attribute.repository/${repository}`;
}

export function isGithubIssuer(issuer: unknown): boolean {
    return typeof issuer === "string" && (issuer === GITHUB_ISSUER || issuer.startsWith(`${GITHUB_ISSUER}/`));
}

export interface TrustReading {
    subjects: string[];
    problems: string[];
    githubEnvironments: GithubEnvironmentRef[];
    /** GitHub jobs trusted that run in no environment (see `TrustFacts`). */
    githubJobsWithoutEnvironment?: string[];
}

/**
 * `repo:acme/app:environment:ai-review` (or `repo:acme@1/app@2:...`) and its parts; undefined for
 * subjects that name no one repository by name, or carry a wildcard.
 */
export function parseGithubSubject(sub: string): { repository: string; environment?: string; repositoryId?: string } | undefined {
    const s = parseSubject(sub);
    if (!s || s.wildcard || s.repository === undefined || !pinsOneRepository(s)) return undefined;
    const out: { repository: string; environment?: string; repositoryId?: string } = { repository: s.repository, environment: s.environment };
    if (s.repositoryId !== undefined) out.repositoryId = s.repositoryId;
    return out;
}

function environmentRef(repository: string, environment: string, repositoryId?: string): GithubEnvironmentRef {
    const ref: GithubEnvironmentRef = { repository, environment };
    if (repositoryId !== undefined) ref.repositoryId = repositoryId;
    return ref;
}

/**
 * What a workload identity pool provider trusts. `issuer` is the OIDC issuer (undefined for AWS,
 * SAML and X.509 providers); `condition` the `attributeCondition`.
 */
export function readProviderCondition(issuer: unknown, condition: unknown): TrustReading {
    const reading: TrustReading = { subjects: [], problems: [], githubEnvironments: [] };
    const github = isGithubIssuer(issuer);
    if (condition === undefined || condition === null || (typeof condition === "string" && condition.trim() === "")) {
        reading.problems.push(
            github
                ? "no `attributeCondition`: every repository on GitHub can exchange a token through it; add `assertion.repository == \"<owner>/<repo>\" && assertion.environment == \"<environment>\"`"
                : "no `attributeCondition`: every identity the issuer vouches for can exchange a token through it; pin one subject with `assertion.<claim> == \"<value>\"`",
        );
        return reading;
    }
    const parsed = readPins(condition);
    if ("problem" in parsed) {
        reading.problems.push(`\`attributeCondition\` pins no subject: ${parsed.problem}; write a conjunction of \`assertion.<claim> == "<value>"\` terms`);
        return reading;
    }
    const pins = parsed.pins;
    if (!github) {
        for (const [key, values] of pins) if (values.length === 1) reading.subjects.push(`${key}=${values[0]}`);
        if (!reading.subjects.length) reading.problems.push("`attributeCondition` pins no claim to one value; add a top-level `assertion.<claim> == \"<value>\"` term");
        return reading;
    }
    const subs = pins.get("assertion.sub") ?? [];
    const parsedSubs = subs.map((v) => parseSubject(v));
    const repositories = new Set<string>(pins.get("assertion.repository") ?? []);
    for (const s of parsedSubs) if (s?.repository !== undefined && !s.wildcard) repositories.add(s.repository);
    const ids = new Set<string>(pins.get("assertion.repository_id") ?? []);
    for (const s of parsedSubs) if (s?.repositoryId !== undefined) ids.add(s.repositoryId);
    const environments = new Set<string>(pins.get("assertion.environment") ?? []);
    for (const s of parsedSubs) if (s?.environment !== undefined) environments.add(s.environment);

    if (ids.size > 1) {
        reading.problems.push("`attributeCondition` compares `assertion.repository_id` with different values, so it pins no single repository; keep one");
        return reading;
    }
    const id = [...ids][0];
    if (id !== undefined && !/^\d+$/.test(id)) {
        reading.problems.push(`\`attributeCondition\` pins \`assertion.repository_id\` to ${JSON.stringify(id.slice(0, 32))}, which is not a repository's numeric ID`);
        return reading;
    }
    if (repositories.size > 1 || (repositories.size === 0 && id === undefined)) {
        reading.problems.push(
            repositories.size === 0
                ? "`attributeCondition` pins neither `assertion.repository` nor `assertion.repository_id`: every repository of every owner matches; add `assertion.repository_id == \"<id>\"` (or `assertion.repository == \"<owner>/<repo>\"`)"
                : "`attributeCondition` compares `assertion.repository` with different values, so it pins no single repository; keep one",
        );
        return reading;
    }
    const repository = [...repositories][0];
    if (repository !== undefined && !REPOSITORY.test(repository)) {
        reading.problems.push(`\`attributeCondition\` pins \`assertion.repository\` to ${JSON.stringify(repository.slice(0, 64))}, which is not one \`<owner>/<repo>\``);
        return reading;
    }
    if (environments.size > 1) {
        reading.problems.push("`attributeCondition` compares `assertion.environment` with different values; keep one");
        return reading;
    }
    const environment = [...environments][0];
    const named = repository !== undefined ? `repo:${repository}` : `repository_id:${id}`;
    const subject = subs.length === 1 ? subs[0] : environment !== undefined ? `${named}:environment:${environment}` : named;
    reading.subjects.push(subject);
    if (environment !== undefined) reading.githubEnvironments.push(environmentRef(repository ?? `repository_id:${id}`, environment, id));
    else reading.githubJobsWithoutEnvironment = [subject];
    return reading;
}

const POOL_PREFIX = /^(principal|principalSet):\/\/iam\.googleapis\.com\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/(.*)$/;
/** Attributes whose one value names one workload: a repository, or GitHub's subject. */
const PINNING_ATTRIBUTES = new Set(["repository", "repository_id", "sub", "subject"]);

/**
 * What an IAM member trusted to act as a service account names: exactly one subject, or why not.
 * Principal sets are accepted only when keyed by one repository or subject; groups, domains,
 * `allUsers` and whole pools are many subjects.
 */
export function readTrustedMember(member: string): TrustReading {
    const reading: TrustReading = { subjects: [member], problems: [], githubEnvironments: [] };
    const m = POOL_PREFIX.exec(member);
    if (m) {
        const [, scheme, , , rest] = m;
        if (scheme === "principal") {
            const sub = /^subject\/(.+)$/.exec(rest);
            if (!sub) reading.problems.push(`\`${clip(member)}\` is not one pool subject; use \`principal://…/subject/<subject>\``);
            else noteGithubSubject(sub[1], reading);
            return reading;
        }
        const attr = /^attribute\.([a-z0-9_]+)\/(.+)$/.exec(rest);
        if (!attr) {
            reading.problems.push(`\`${clip(member)}\` names every identity in the pool (or a group of them); bind \`attribute.repository/<owner>/<repo>\` or one \`principal://…/subject/<subject>\``);
        } else if (!PINNING_ATTRIBUTES.has(attr[1])) {
            reading.problems.push(`\`${clip(member)}\` names every identity whose \`attribute.${attr[1]}\` matches, which may be many; bind \`attribute.repository/<owner>/<repo>\` or one subject`);
        } else if (attr[1] === "repository" && !REPOSITORY.test(attr[2])) {
            reading.problems.push(`\`${clip(member)}\` does not name one \`<owner>/<repo>\``);
        } else if (attr[1] === "sub" || attr[1] === "subject") {
            noteGithubSubject(attr[2], reading);
        } else if (attr[1] === "repository_id" && !/^\d+$/.test(attr[2])) {
            reading.problems.push(`\`${clip(member)}\` does not name one repository ID`);
        }
        return reading;
    }
    const lower = member.toLowerCase();
    if (lower === "allusers" || lower === "allauthenticatedusers") reading.problems.push(`\`${member}\` is anybody; name one service account or workload`);
    else if (/^(group|domain):/.test(lower)) reading.problems.push(`\`${clip(member)}\` is a group of principals; name one service account or workload`);
    else if (/^principalset:/.test(lower)) reading.problems.push(`\`${clip(member)}\` is a set of principals; name one service account or workload`);
    return reading;
}

function clip(s: string, max = 96): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Records what a GitHub subject bound as a member trusts: its environment, or jobs in none. */
function noteGithubSubject(sub: string, reading: TrustReading): void {
    const gh = parseGithubSubject(sub);
    if (!gh) return;
    if (gh.environment) reading.githubEnvironments.push(environmentRef(gh.repository, gh.environment, gh.repositoryId));
    else reading.githubJobsWithoutEnvironment = [...(reading.githubJobsWithoutEnvironment ?? []), sub];
}

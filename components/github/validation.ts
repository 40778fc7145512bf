/**
 * Construction-time checks of `GithubAiToolEnvironment`'s arguments: every problem on one line,
 * naming the argument and the fix, all at once, before any child exists. The component refuses
 * exactly what the pack's GitHub readers would flag, so it cannot build a gate the pack rejects.
 */
import { ownerProblem } from "../../contract/annotations";
import { DAY_MS, formatDay, parseContractDate } from "../../contract/dates";
import { DEFAULT_MAX_ROTATION_DAYS, GithubActionsTrustSchema } from "../../contract/declaration";
import { ENVIRONMENT_PATTERN, REPOSITORY_PATTERN } from "../../contract/github/oidc";

/** The app ID of GitHub Actions itself, the only app that may report the policy check's status. */
export const GITHUB_ACTIONS_APP_ID = 15368;
/** The job name of the policy check in `examples/` workflows. */
export const DEFAULT_STATUS_CHECK = "nhi-guard";
export const MAX_REVIEWERS = 6;

const SLUG = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
// GitHub: letters, digits and `_`, not starting with a digit or `GITHUB_` (names are stored in upper case).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;
const REPOSITORY_ACTOR_TYPES = ["RepositoryRole", "Team", "Integration", "OrganizationAdmin", "DeployKey", "EnterpriseOwner", "User"];
const ORGANIZATION_ACTOR_TYPES = ["RepositoryRole", "Team", "Integration", "OrganizationAdmin", "DeployKey", "EnterpriseOwner"];
const BYPASS_MODES = ["always", "pullRequest", "exempt"];
const MACHINE_ACTORS = ["Integration", "DeployKey", "User"];

export const GITHUB_ARG_KEYS: readonly string[] = [
    "immutableSubject",
    "tool",
    "owner",
    "purpose",
    "repository",
    "environment",
    "reviewerTeamIds",
    "reviewerUserIds",
    "toolAppId",
    "toolUserId",
    "requiredApprovals",
    "requiredStatusChecks",
    "statusCheckAppId",
    "bypassActors",
    "waitTimerMinutes",
    "manageWorkflowPermissions",
    "organizationRuleset",
    "secrets",
];

const isPlainString = (v: unknown): v is string => typeof v === "string";
const isId = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

function idList(field: string, value: unknown, problems: string[]): number[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every(isId)) {
        problems.push(`\`${field}\`: use a list of numeric GitHub IDs (plain numbers, known at preview), e.g. \`[1234567]\``);
        return [];
    }
    if (value.length > MAX_REVIEWERS) problems.push(`\`${field}\`: GitHub takes at most ${MAX_REVIEWERS}; keep the ${MAX_REVIEWERS} that must approve`);
    return value;
}

/** A GitHub repository-name pattern (fnmatch `*` and `?`, or `~ALL`) as a case-insensitive test. */
export function repositoryPatternMatches(pattern: string, repositoryName: string): boolean {
    if (pattern === "~ALL") return true;
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`, "i").test(repositoryName);
}

/** Every problem with the arguments; `now` is the clock (tests pin it). */
export function githubProblems(args: Record<string, any>, now: Date): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(args)) {
        if (!GITHUB_ARG_KEYS.includes(key)) problems.push(`\`${key}\`: is not an argument of this component; remove it or check its spelling`);
    }

    if (!isPlainString(args.tool) || !SLUG.test(args.tool)) problems.push("`tool`: name the AI tool as a lower-case slug, e.g. `claude-code`");
    if (!isPlainString(args.owner)) problems.push("`owner`: name the accountable team slug (`platform-team`) or an e-mail address, as a plain string");
    else {
        const issue = ownerProblem(args.owner.trim());
        if (issue) problems.push(`\`owner\`: ${issue}; name the accountable team slug (\`platform-team\`) or an e-mail address`);
    }
    if (args.purpose !== undefined && !(isPlainString(args.purpose) && args.purpose.length >= 3 && args.purpose.length <= 256)) {
        problems.push("`purpose`: describe in one sentence (3 to 256 characters) why the tool runs here");
    }

    // Plain strings only: the trust subject the cloud identities pin is derived from them now, at construction.
    let repositoryName: string | undefined;
    if (!isPlainString(args.repository)) problems.push("`repository`: give `owner/repo` as a plain string (not an Output): the cloud trust subject is derived from it at construction");
    else if (!REPOSITORY_PATTERN.test(args.repository)) problems.push("`repository`: use `owner/repo` with no wildcard, e.g. `acme/app`");
    else repositoryName = args.repository.split("/")[1];
    let environmentValid = false;
    if (!isPlainString(args.environment)) problems.push("`environment`: give the environment's name as a plain string (not an Output): the cloud trust subject is derived from it at construction");
    else if (!ENVIRONMENT_PATTERN.test(args.environment)) problems.push("`environment`: use letters, digits, `.`, `_` or `-` (at most 255), no wildcard");
    else environmentValid = true;
    // The contract's own schema is the last word: the trust output must be accepted by every cloud component.
    if (repositoryName && environmentValid && !GithubActionsTrustSchema.safeParse({ repository: args.repository, environment: args.environment }).success) {
        problems.push("`repository`/`environment`: they do not form a trust the cloud components accept; use `owner/repo` and a plain environment name");
    }

    if (args.immutableSubject !== undefined && typeof args.immutableSubject !== "boolean") problems.push("`immutableSubject`: must be `true` or `false` (see the repository's `sub_claim_prefix`)");
    for (const field of ["toolAppId", "toolUserId", "statusCheckAppId"]) {
        if (args[field] !== undefined && !isId(args[field])) problems.push(`\`${field}\`: use the numeric GitHub ID as a plain number`);
    }
    const teams = idList("reviewerTeamIds", args.reviewerTeamIds, problems);
    const users = idList("reviewerUserIds", args.reviewerUserIds, problems);
    const reviewerListsReadable = problems.every((p) => !p.startsWith("`reviewer"));
    if (teams.length + users.length === 0 && reviewerListsReadable) {
        problems.push("`reviewerTeamIds`/`reviewerUserIds`: name at least one human team or user who must approve each job in the environment");
    }
    if (isId(args.toolUserId) && users.includes(args.toolUserId)) {
        problems.push(`\`reviewerUserIds\`: ${args.toolUserId} is the tool's own user (\`toolUserId\`), which would approve its own jobs; list only humans`);
    }

    if (args.requiredApprovals !== undefined && !(Number.isInteger(args.requiredApprovals) && args.requiredApprovals >= 1 && args.requiredApprovals <= 10)) {
        problems.push("`requiredApprovals`: use a whole number from 1 to 10");
    }
    if (args.requiredStatusChecks !== undefined) {
        const checks = args.requiredStatusChecks;
        if (!Array.isArray(checks) || checks.length === 0 || !checks.every((c) => isPlainString(c) && c.trim() !== "")) {
            problems.push(`\`requiredStatusChecks\`: list the job names of the policy check (plain strings), e.g. \`["${DEFAULT_STATUS_CHECK}"]\``);
        }
    }
    if (isId(args.toolAppId) && args.statusCheckAppId === args.toolAppId) {
        problems.push("`statusCheckAppId`: is the tool's own app (`toolAppId`), which could then report the policy check itself; leave the default (GitHub Actions)");
    }
    if (args.waitTimerMinutes !== undefined && !(Number.isInteger(args.waitTimerMinutes) && args.waitTimerMinutes >= 0 && args.waitTimerMinutes <= 43200)) {
        problems.push("`waitTimerMinutes`: use a whole number of minutes from 0 to 43200");
    }
    if (args.manageWorkflowPermissions !== undefined && typeof args.manageWorkflowPermissions !== "boolean") {
        problems.push("`manageWorkflowPermissions`: use `true` or `false`");
    }

    const organization = args.organizationRuleset;
    if (organization !== undefined) {
        const repos = organization?.repositories;
        if (!organization || typeof organization !== "object" || !Array.isArray(repos) || repos.length === 0 || !repos.every((r: unknown) => isPlainString(r) && r.trim() !== "")) {
            problems.push("`organizationRuleset.repositories`: list the repository names or patterns it covers (plain strings), e.g. `[\"app\", \"svc-*\"]` or `[\"~ALL\"]`");
        } else if (repositoryName && !repos.some((r: string) => repositoryPatternMatches(r, repositoryName!))) {
            problems.push(`\`organizationRuleset.repositories\`: does not cover \`${repositoryName}\`, where the tool runs; add it (or \`~ALL\`)`);
        }
        for (const key of Object.keys(organization && typeof organization === "object" ? organization : {})) {
            if (key !== "repositories" && key !== "name") problems.push(`\`organizationRuleset.${key}\`: is not an argument of this component; remove it or check its spelling`);
        }
        if (organization?.name !== undefined && !isPlainString(organization.name)) problems.push("`organizationRuleset.name`: use a plain string");
    }

    const actorTypes = organization !== undefined ? ORGANIZATION_ACTOR_TYPES : REPOSITORY_ACTOR_TYPES;
    if (args.bypassActors !== undefined) {
        if (!Array.isArray(args.bypassActors)) problems.push("`bypassActors`: use a list of `{ actorType, actorId, bypassMode }`, or leave it out (no bypass)");
        else
            args.bypassActors.forEach((actor: any, i: number) => {
                const field = `bypassActors[${i}]`;
                if (!actor || typeof actor !== "object") return void problems.push(`\`${field}\`: use \`{ actorType, actorId, bypassMode }\``);
                if (!actorTypes.includes(actor.actorType)) problems.push(`\`${field}.actorType\`: use one of ${actorTypes.map((t) => `\`${t}\``).join(", ")}`);
                if (!BYPASS_MODES.includes(actor.bypassMode)) problems.push(`\`${field}.bypassMode\`: use \`pullRequest\` (\`always\` or \`exempt\` only for humans)`);
                if (actor.actorId !== undefined && !isId(actor.actorId)) problems.push(`\`${field}.actorId\`: use the numeric GitHub ID as a plain number`);
                if (actor.actorType === "Integration") {
                    if (!isId(args.toolAppId)) problems.push(`\`${field}\`: an \`Integration\` bypass actor needs \`toolAppId\`, so the tool's own app can be ruled out; set \`toolAppId\``);
                    else if (actor.actorId === args.toolAppId) problems.push(`\`${field}\`: is the tool's own app (\`toolAppId\` ${args.toolAppId}), which could then merge its own change unreviewed; remove it`);
                }
                if (actor.actorType === "User" && isId(args.toolUserId) && actor.actorId === args.toolUserId) {
                    problems.push(`\`${field}\`: is the tool's own user (\`toolUserId\` ${args.toolUserId}), which could then merge its own change unreviewed; remove it`);
                }
                // `exempt` skips the rules without a prompt: for a machine it is `always`, unrecorded.
                if (MACHINE_ACTORS.includes(actor.actorType) && (actor.bypassMode === "always" || actor.bypassMode === "exempt")) {
                    problems.push(`\`${field}.bypassMode\`: a ${actor.actorType} may not ${actor.bypassMode === "always" ? "always bypass" : "be exempt from"} human review; use \`pullRequest\` or remove it`);
                }
            });
    }

    if (args.secrets !== undefined) {
        if (!Array.isArray(args.secrets)) problems.push("`secrets`: use a list of `{ name, value, rotatedAt }`, or leave it out");
        else {
            const seen = new Set<string>();
            args.secrets.forEach((secret: any, i: number) => problems.push(...secretProblems(`secrets[${i}]`, secret, seen, now)));
        }
    }
    return problems;
}

function secretProblems(field: string, secret: any, seen: Set<string>, now: Date): string[] {
    const problems: string[] = [];
    if (!secret || typeof secret !== "object") return [`\`${field}\`: use \`{ name, value, rotatedAt }\``];
    for (const key of Object.keys(secret)) {
        if (!["name", "value", "owner", "rotationDays", "rotatedAt", "description"].includes(key)) problems.push(`\`${field}.${key}\`: is not an argument of this component; remove it or check its spelling`);
    }
    if (!isPlainString(secret.name) || !SECRET_NAME.test(secret.name) || /^GITHUB_/i.test(secret.name)) {
        problems.push(`\`${field}.name\`: use letters, digits and \`_\`, not starting with a digit or \`GITHUB_\`, e.g. \`ANTHROPIC_API_KEY\``);
    } else if (seen.has(secret.name.toUpperCase())) problems.push(`\`${field}.name\`: \`${secret.name}\` is given twice (GitHub ignores case); give each secret once`);
    else seen.add(secret.name.toUpperCase());
    if (secret.value === undefined || secret.value === null) problems.push(`\`${field}.value\`: is required; pass it as a Pulumi secret, e.g. \`config.requireSecret("...")\``);
    else if (typeof secret.value === "string") problems.push(`\`${field}.value\`: is a plain string in the program; read it with \`config.requireSecret(...)\` or from the cloud's secret store instead`);
    if (secret.owner !== undefined) {
        const issue = isPlainString(secret.owner) ? ownerProblem(secret.owner.trim()) : "not a plain string";
        if (issue) problems.push(`\`${field}.owner\`: ${issue}; name the team slug or e-mail address accountable for the key`);
    }
    const days = secret.rotationDays ?? DEFAULT_MAX_ROTATION_DAYS;
    if (!(Number.isInteger(days) && days >= 1 && days <= 365)) problems.push(`\`${field}.rotationDays\`: use a whole number of days from 1 to 365 (default ${DEFAULT_MAX_ROTATION_DAYS})`);
    const rotated = parseContractDate(secret.rotatedAt);
    if (!rotated || !/^\d{4}-\d{2}-\d{2}$/.test(secret.rotatedAt)) {
        problems.push(`\`${field}.rotatedAt\`: give the UTC day the current value was issued, \`YYYY-MM-DD\`, and update it whenever you rotate the key`);
    } else if (rotated.getTime() > now.getTime()) {
        problems.push(`\`${field}.rotatedAt\`: ${secret.rotatedAt} is in the future; give the day the current value was issued`);
    } else if (Number.isInteger(days) && rotated.getTime() + days * DAY_MS <= now.getTime()) {
        problems.push(`\`${field}.rotatedAt\`: the key was due for rotation on ${formatDay(new Date(rotated.getTime() + days * DAY_MS))}; rotate it at the vendor, then update \`value\` and \`rotatedAt\``);
    }
    if (secret.description !== undefined && !(isPlainString(secret.description) && secret.description.length <= 256)) problems.push(`\`${field}.description\`: say what the secret holds (never the value), at most 256 characters`);
    return problems;
}

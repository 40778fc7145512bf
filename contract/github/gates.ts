/**
 * GitHub's human-approval controls read as `GateFacts`: what lets a machine (the AI tool's app,
 * its bot user, a deploy key, a workflow token) approve or merge its own change.
 *
 * Values a check needs are read through @pulumi/policy's unknown-checking proxy, so an unknown at
 * preview makes the policy advisory for that run (the honest answer). IDs that are only listed
 * (bypass actor IDs, reviewer IDs) are read around it: a team created in the same stack has no ID
 * until the update, and its being a reviewer is known all the same. Outside the pack (tests, the
 * inventory) an unknown value is a plain sentinel string, and a check that meets one fails closed.
 */
import { isUnknown, unproxied, type GateFacts, type GithubEnvironmentRef } from "../facts";

/** More entries than GitHub accepts anywhere in these blocks; beyond it a list is unreadable. */
export const MAX_ENTRIES = 1_000;

const NOT_KNOWN = "(unknown at preview)";

function record(value: unknown): Record<string, any> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

function list(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

function text(value: unknown): string {
    if (isUnknown(value)) return NOT_KNOWN;
    if (typeof value === "string") return value.length > 64 ? `${value.slice(0, 64)}…` : value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    return "(not a string)";
}

/**
 * A stable key for a bypass actor or reviewer, `<actorType>:<actorId>` (`Integration:123456`,
 * `User:42`, `OrganizationAdmin` for actors without an ID), so a stack policy can compare a
 * ruleset's bypass list with the tool's GitHub App or bot user without confusing an App ID with
 * a team ID that happens to be the same number.
 */
export function bypassActorKey(actorType: string, actorId?: number | string): string {
    return actorId === undefined || actorId === null || actorId === "" ? actorType : `${actorType}:${actorId}`;
}

/** The only bypass mode that keeps a pull request (and so its review) in the way. */
const PULL_REQUEST_MODES = new Set(["pullrequest", "pull_request"]);

/** Actor types that are machines: a bypass for them lets a machine merge unreviewed. */
const MACHINE_ACTOR_TYPES = new Set(["integration", "deploykey"]);

/** `canApprovePullRequestReviews` on repository or organisation workflow permissions. */
export function workflowPermissionsGate(props: Record<string, any>): GateFacts {
    const problems: string[] = [];
    // Read around the proxy: unknown at preview is listed as unknown (unverified), not as a problem.
    const can = record(unproxied(props))?.canApprovePullRequestReviews;
    if (isUnknown(can)) return { problems, unknown: ["canApprovePullRequestReviews"] };
    if (can === true) problems.push("lets GitHub Actions workflows approve pull requests (`canApprovePullRequestReviews: true`), so a tool's workflow can approve its own change; set it to `false`");
    else if (can !== undefined && can !== false && can !== null) problems.push("`canApprovePullRequestReviews` is not a boolean; set it to `false`");
    return { problems };
}

interface BypassReading {
    keys: string[];
    problems: string[];
}

function readBypassActors(actors: unknown): BypassReading {
    const keys: string[] = [];
    const problems: string[] = [];
    if (actors === undefined || actors === null) return { keys, problems };
    if (isUnknown(actors)) return { keys, problems: ["`bypassActors` is not known until the update, so a machine bypass cannot be ruled out"] };
    const entries = list(actors);
    if (!entries || entries.length > MAX_ENTRIES) return { keys, problems: ["`bypassActors` cannot be read, so a machine bypass cannot be ruled out"] };
    entries.forEach((entry, i) => {
        const actor = record(entry);
        if (!actor) {
            problems.push(`\`bypassActors[${i}]\` cannot be read, so a machine bypass cannot be ruled out`);
            return;
        }
        const type = actor.actorType;
        const mode = actor.bypassMode;
        const id = record(unproxied(entry))?.actorId;
        const idText = id === undefined || id === null ? undefined : isUnknown(id) ? NOT_KNOWN : text(id);
        if (typeof type !== "string" || isUnknown(type)) {
            problems.push(`\`bypassActors[${i}].actorType\` cannot be read, so a machine bypass cannot be ruled out`);
            return;
        }
        keys.push(bypassActorKey(type, idText));
        const machine = MACHINE_ACTOR_TYPES.has(type.toLowerCase()) || type.toLowerCase() === "user";
        if (!machine) return;
        if (typeof mode !== "string" || isUnknown(mode)) {
            problems.push(`\`bypassActors[${i}].bypassMode\` of ${bypassActorKey(type, idText)} cannot be read, so it may bypass the review; set it to \`pullRequest\` or remove the actor`);
        } else if (mode.toLowerCase() === "always") {
            problems.push(`${bypassActorKey(type, idText)} may always bypass the ruleset (\`bypassMode: always\`), so it can merge its own change unreviewed; remove it from \`bypassActors\``);
        } else if (!PULL_REQUEST_MODES.has(mode.toLowerCase())) {
            // `exempt` skips the rules without even a prompt; a mode GitHub adds later is no safer until reviewed.
            problems.push(`${bypassActorKey(type, idText)} may bypass the ruleset (\`bypassMode: ${text(mode)}\`), so it can merge its own change unreviewed; remove it from \`bypassActors\``);
        }
    });
    return { keys, problems };
}

/** `RepositoryRuleset` and `OrganizationRuleset`. */
export function rulesetGate(props: Record<string, any>): GateFacts {
    const problems: string[] = [];
    const unknown: string[] = [];
    const target = props.target;
    // A bypass list or pull-request rule unknown at preview is listed as unknown, the rest judged.
    const rawBypass = record(unproxied(props))?.bypassActors;
    if (isUnknown(rawBypass)) unknown.push("bypassActors");
    const bypass = isUnknown(rawBypass) ? { keys: [], problems: [] } : readBypassActors(props.bypassActors);
    // Tag and push rulesets guard other things (release tags, file paths): they are no review
    // gate, so the review rule is not asked of them; their bypass list is still reported.
    if (typeof target === "string" && !isUnknown(target) && target.toLowerCase() !== "branch") return { problems: [], bypassActors: bypass.keys, ...(unknown.length ? { unknown } : {}) };
    if (!(typeof target === "string" && target.toLowerCase() === "branch")) problems.push(`\`target\` is ${target === undefined ? "missing" : text(target)}, so this may be no branch review gate; set \`target: "branch"\``);

    const enforcement = props.enforcement;
    if (enforcement !== "active") problems.push(`\`enforcement\` is ${enforcement === undefined ? "missing" : `\`${text(enforcement)}\``}, so nothing is enforced; set \`enforcement: "active"\``);

    const rawRules = record(unproxied(props))?.rules;
    const rules = isUnknown(rawRules) ? undefined : record(props.rules);
    const pullRequest = rules ? record(unproxied(rules))?.pullRequest : undefined;
    if (isUnknown(rawRules) || isUnknown(pullRequest)) unknown.push(isUnknown(rawRules) ? "rules" : "rules.pullRequest");
    else if (!record(pullRequest)) problems.push("has no pull-request rule, so changes merge without human review; add `rules.pullRequest` with `requiredApprovingReviewCount` of at least 1");
    else {
        const count = record(rules!.pullRequest)!.requiredApprovingReviewCount;
        if (!(typeof count === "number" && count >= 1)) problems.push(`\`rules.pullRequest.requiredApprovingReviewCount\` is ${count === undefined ? "not set (GitHub's default is 0)" : text(count)}; require at least 1 approving review`);
    }
    problems.push(...bypass.problems);
    return { problems, bypassActors: bypass.keys, ...(unknown.length ? { unknown } : {}) };
}

/** Classic `BranchProtection`. */
export function branchProtectionGate(props: Record<string, any>): GateFacts {
    const problems: string[] = [];
    const reviews = record(unproxied(props))?.requiredPullRequestReviews;
    const bypassers: string[] = [];
    const unknown: string[] = [];
    if (isUnknown(reviews)) unknown.push("requiredPullRequestReviews");
    else {
        const blocks = list(reviews) ?? [];
        const block = record(blocks[0]);
        if (isUnknown(blocks[0])) unknown.push("requiredPullRequestReviews[0]");
        else if (!block) problems.push("requires no pull-request review, so changes merge without human approval; add `requiredPullRequestReviews` with `requiredApprovingReviewCount` of at least 1");
        else {
            const count = block.requiredApprovingReviewCount;
            if (isUnknown(count)) unknown.push("requiredPullRequestReviews[0].requiredApprovingReviewCount");
            else if (!(typeof count === "number" && count >= 1)) problems.push(`\`requiredPullRequestReviews[0].requiredApprovingReviewCount\` is ${count === undefined ? "not set" : text(count)}; set it to at least 1`);
            const raw = record(unproxied(blocks[0]))?.pullRequestBypassers;
            const entries = list(raw);
            if (isUnknown(raw)) unknown.push("requiredPullRequestReviews[0].pullRequestBypassers");
            else if (raw !== undefined && raw !== null && (!entries || entries.length > MAX_ENTRIES)) problems.push("`requiredPullRequestReviews[0].pullRequestBypassers` cannot be read, so a bypass cannot be ruled out");
            else for (const b of entries ?? []) bypassers.push(text(b));
        }
    }
    const enforceAdmins = props.enforceAdmins;
    if (bypassers.length > 0 && enforceAdmins !== true) {
        problems.push(`lets ${bypassers.join(", ")} bypass pull-request review while \`enforceAdmins\` is not \`true\`; remove the bypassers or set \`enforceAdmins: true\``);
    }
    return { problems, bypassActors: bypassers, ...(unknown.length ? { unknown } : {}) };
}

function hasReviewerIds(value: unknown): boolean {
    // An unknown ID is a reviewer whose ID is not assigned yet (a team created in this stack).
    return isUnknown(value) || (Array.isArray(value) && value.length > 0);
}

/** `RepositoryEnvironment`: does a human have to approve each job that uses it? */
export function environmentGate(props: Record<string, any>): GateFacts {
    const problems: string[] = [];
    const raw = record(unproxied(props)) ?? {};
    const ref: GithubEnvironmentRef = { repository: text(raw.repository), environment: text(raw.environment) };

    // Settings unknown at preview (reviewers taken from a team made in the same program) are listed
    // in `unknown`, never reported as missing; the known ones are judged as usual.
    const unknown: string[] = [];
    let humanReviewers = false;
    const reviewers = raw.reviewers;
    const blocks = isUnknown(reviewers) ? undefined : (list(reviewers) ?? []);
    for (const block of (blocks ?? []).slice(0, MAX_ENTRIES)) {
        const b = record(block);
        if (b && (hasReviewerIds(b.teams) || hasReviewerIds(b.users))) humanReviewers = true;
    }
    const reviewersUnknown = !blocks || blocks.some(isUnknown);
    if (reviewersUnknown && !humanReviewers) unknown.push("reviewers");
    else if (!humanReviewers) problems.push("requires no reviewer, so a job in it (and the cloud identity it unlocks) runs without human approval; add `reviewers` with at least one team or user");
    const preventSelfReview = raw.preventSelfReview === true;
    if (isUnknown(raw.preventSelfReview)) unknown.push("preventSelfReview");
    else if (!preventSelfReview) problems.push("lets whoever started a job approve it; set `preventSelfReview: true`");
    return { problems, environment: { ...ref, humanReviewers, preventSelfReview }, ...(unknown.length ? { unknown } : {}) };
}

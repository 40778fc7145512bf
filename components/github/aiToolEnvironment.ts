import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_ROTATION_DAYS } from "../../contract/declaration";
import { GITHUB_ACTIONS_ISSUER } from "../../contract/github/oidc";
import { GithubIds, subjectFor } from "../shared/githubIds";
import { formatRotationRecord, rotationRecordName } from "../../contract/github/rotationRecord";
import { childName, withPreviousType } from "../shared/naming";
import { GithubActionsSubject } from "../shared/types";
import { InvalidArgumentsError } from "../shared/validation";
import { DEFAULT_STATUS_CHECK, GITHUB_ACTIONS_APP_ID, githubProblems } from "./validation";

/** An actor allowed to bypass the default-branch ruleset. Machines never with `always`, the tool never. */
export interface GithubBypassActor {
    /** `RepositoryRole`, `Team`, `Integration` (a GitHub App), `OrganizationAdmin`, `DeployKey`, `EnterpriseOwner` or (repository rulesets only) `User`. Required. */
    actorType: string;
    /** The actor's numeric ID (an App ID for `Integration`); omitted for `OrganizationAdmin`, `DeployKey` and `EnterpriseOwner`. Default: none. */
    actorId?: number;
    /** `pullRequest` (bypass only through a pull request), `exempt`, or `always` (humans only). Required. */
    bypassMode: string;
}

/** Cover many repositories with one organisation ruleset instead of a repository ruleset. */
export interface GithubOrganizationRuleset {
    /** Repository names or fnmatch patterns (`svc-*`), or `~ALL`; must cover the tool's repository. Required. */
    repositories: string[];
    /** The ruleset's name. Default: `nhi-guard: human review for AI tools`. */
    name?: string;
}

/**
 * A vendor API key the tool's jobs need, stored as an environment secret. Prefer keeping the key in
 * the cloud's secret store (Secrets Manager, Secret Manager, Key Vault) and reading it at run time
 * through the cloud identity this environment unlocks: use this only where a vendor offers no
 * federation and no secret store is reachable from the job.
 */
export interface GithubEnvironmentSecret {
    /** The secret's name: letters, digits and `_`, not starting with `GITHUB_` (e.g. `ANTHROPIC_API_KEY`). Required. */
    name: string;
    /** The key, as a Pulumi secret (`config.requireSecret(...)`); a plain string is refused. Required. */
    value: pulumi.Input<string>;
    /** Who is accountable for the key: a team slug or an e-mail address. Default: the component's `owner`. */
    owner?: string;
    /** Days between rotations, 1 to 365. Default: 30. */
    rotationDays?: number;
    /** The UTC day (`YYYY-MM-DD`) the current value was issued; update it with every rotation. Construction fails once the key is overdue. Required. */
    rotatedAt: string;
    /** What the secret holds (never the value). Default: none. */
    description?: string;
}

/** The arguments of `nhi-guard:index:GithubAiToolEnvironment`. */
export interface GithubAiToolEnvironmentArgs {
    /** The AI tool (`claude-code`, `copilot-agent`, ...): a lower-case slug. Required. */
    tool: string;
    /** The accountable owner: a team slug (`platform-team`) or an e-mail address. Required. */
    owner: string;
    /** Why the tool runs here, in one sentence. Default: none. */
    purpose?: string;
    /** The repository, `owner/repo`, as a plain string; the GitHub provider's `owner` must be its owner. Required. */
    repository: string;
    /** The environment the tool's jobs run in; its name pins the cloud trust subject. A plain string. Required. */
    environment: string;
    /** Teams (numeric IDs, at most 6) who may approve each job in the environment. At least one team or user is required. Default: none. */
    reviewerTeamIds?: number[];
    /** Users (numeric IDs, at most 6) who may approve each job; never the tool's own user. Default: none. */
    reviewerUserIds?: number[];
    /** The tool's GitHub App ID: refused as a bypass actor and as the status-check source. Required when `bypassActors` lists an `Integration`. Default: none. */
    toolAppId?: number;
    /** The tool's machine user ID, if it has one: refused as a reviewer and as a bypass actor. Default: none. */
    toolUserId?: number;
    /** Approving human reviews required to merge into the default branch, 1 to 10. Default: 1. */
    requiredApprovals?: number;
    /** Status checks (the policy check's job names) required before merging. Default: `["nhi-guard"]`. */
    requiredStatusChecks?: string[];
    /** The app that must report those checks, so no other app (the tool's) can fake them. Default: 15368 (GitHub Actions). */
    statusCheckAppId?: number;
    /** Who may bypass the default-branch ruleset. Default: nobody. */
    bypassActors?: GithubBypassActor[];
    /** Minutes a job waits after approval before it runs, 0 to 43200. Default: 0. */
    waitTimerMinutes?: number;
    /** Manage the repository's workflow permissions (read-only token, workflows cannot approve pull requests). Default: `true`. */
    manageWorkflowPermissions?: boolean;
    /** Put the default-branch review rule in an organisation ruleset covering these repositories instead of a repository ruleset. Default: a repository ruleset. */
    organizationRuleset?: GithubOrganizationRuleset;
    /** Vendor API keys the jobs need, each with an owner and a rotation record. Default: none. */
    secrets?: GithubEnvironmentSecret[];
    /**
     * Whether the repository issues immutable OIDC subjects, `repo:<owner>@<owner-id>/<repo>@<repo-id>:...`:
     * GitHub's default for repositories created or renamed on or after 2026-07-15, and for those
     * opted in. Check with `gh api repos/<owner>/<repo>/actions/oidc/customization/sub`: a
     * `sub_claim_prefix` with `@` IDs means yes. When set, the component looks the owner's and the
     * repository's IDs up and puts them in `trust` and `subject`, so nothing is copied by hand.
     * Default: `false` (names only, as older repositories issue).
     */
    immutableSubject?: boolean;
}

/** The component's `trust`, shaped as the cloud components' `trust` argument. */
export interface GithubActionsTrustOutput {
    /** The repository and environment whose jobs the cloud identity trusts. */
    githubActions: GithubActionsSubject;
}

/**
 * Where an AI tool runs on GitHub, with human approval kept apart from machine execution: a
 * repository environment whose every job a human approves (never the tool, never its starter),
 * deployable only from protected branches; workflow tokens that cannot approve pull requests; a
 * default-branch ruleset that needs a human review and the policy check, reported by GitHub Actions,
 * that the tool's app cannot bypass; and vendor keys, where unavoidable, with an owner and a
 * rotation record.
 *
 * Its `trust` is the cloud components' `trust` argument, so one program pins an AWS, GCP or Azure
 * identity to exactly this environment. Give that identity `dependsOn: [environment]`: GitHub
 * creates a missing environment, unprotected, the first time a job names it.
 */
export class GithubAiToolEnvironment extends pulumi.ComponentResource {
    /** The type token, as the multi-language package serves it (`provider/`), so a URN is the same from every language. */
    static readonly TYPE = "nhi-guard:index:GithubAiToolEnvironment";
    /** The token before the package existed; an alias, so stacks deployed with it keep their resources. */
    static readonly PREVIOUS_TYPE = "nhi-guard:github:AiToolEnvironment";

    /** The OIDC `sub` of the environment's jobs, `repo:<owner>/<repo>:environment:<environment>` (with `@` IDs under `immutableSubject`); resolves once the environment exists. */
    public readonly subject: pulumi.Output<string>;
    /** The OIDC issuer, `https://token.actions.githubusercontent.com`. */
    public readonly issuer: pulumi.Output<string>;
    /**
     * `{ githubActions: { repository, environment } }` (with `ownerId` and `repositoryId` under
     * `immutableSubject`), for the cloud components' `trust`. A plain value in TypeScript; other
     * languages see an Output, so they write the same literal out.
     */
    public readonly trust: GithubActionsTrustOutput;
    /** The repository, `owner/repo`, as declared. */
    public readonly repository: string;
    /** The environment's name, as declared. */
    public readonly environmentName: string;
    /** The environment secrets' names, upper case, in the order declared. */
    public readonly secretNames: string[];

    constructor(name: string, args: GithubAiToolEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(GithubAiToolEnvironment.TYPE, name, {}, withPreviousType(GithubAiToolEnvironment.PREVIOUS_TYPE, opts));
        const raw = (args ?? {}) as unknown as Record<string, any>;
        const problems = args && typeof args === "object" ? githubProblems(raw, new Date()) : ["`args`: is required; pass `tool`, `owner`, `repository`, `environment` and the reviewers"];
        if (problems.length) throw new InvalidArgumentsError(this, name, problems);

        const parent = { parent: this };
        const repositoryName = args.repository.split("/")[1];
        const teams = args.reviewerTeamIds ?? [];
        const users = args.reviewerUserIds ?? [];

        const environment = new github.RepositoryEnvironment(childName(name, "environment"), {
            repository: repositoryName,
            environment: args.environment,
            reviewers: [{ ...(teams.length ? { teams } : {}), ...(users.length ? { users } : {}) }],
            preventSelfReview: true,
            canAdminsBypass: false,
            // Only branches that passed the ruleset's human review can deploy: a branch the tool
            // pushed itself cannot reach the cloud identity.
            deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false },
            ...(args.waitTimerMinutes ? { waitTimer: args.waitTimerMinutes } : {}),
        }, parent);

        if (args.manageWorkflowPermissions !== false) {
            new github.WorkflowRepositoryPermissions(childName(name, "workflow-permissions"), {
                repository: repositoryName,
                defaultWorkflowPermissions: "read",
                canApprovePullRequestReviews: false,
            }, parent);
        }

        const rules = {
            pullRequest: {
                requiredApprovingReviewCount: args.requiredApprovals ?? 1,
                // The last push needs someone else's approval, so the tool cannot push after a human approved.
                requireLastPushApproval: true,
                dismissStaleReviewsOnPush: true,
            },
            requiredStatusChecks: {
                requiredChecks: (args.requiredStatusChecks ?? [DEFAULT_STATUS_CHECK]).map((context) => ({ context, integrationId: args.statusCheckAppId ?? GITHUB_ACTIONS_APP_ID })),
                strictRequiredStatusChecksPolicy: true,
            },
            nonFastForward: true,
            deletion: true,
        };
        const bypassActors = (args.bypassActors ?? []).map((a) => ({ actorType: a.actorType, bypassMode: a.bypassMode, ...(a.actorId !== undefined ? { actorId: a.actorId } : {}) }));
        const refName = { includes: ["~DEFAULT_BRANCH"], excludes: [] as string[] };

        if (args.organizationRuleset) {
            new github.OrganizationRuleset(childName(name, "ruleset"), {
                name: args.organizationRuleset.name ?? "nhi-guard: human review for AI tools",
                target: "branch",
                enforcement: "active",
                conditions: { refName, repositoryName: { includes: args.organizationRuleset.repositories, excludes: [] } },
                bypassActors,
                rules,
            }, parent);
        } else {
            new github.RepositoryRuleset(childName(name, "ruleset"), {
                name: `nhi-guard: human review for ${args.tool}`,
                repository: repositoryName,
                target: "branch",
                enforcement: "active",
                conditions: { refName },
                bypassActors,
                rules,
            }, parent);
        }

        this.secretNames = (args.secrets ?? []).map((secret) => {
            const secretName = secret.name.toUpperCase();
            const stored = new github.ActionsEnvironmentSecret(childName(name, "secret", secretName.toLowerCase()), {
                repository: repositoryName,
                environment: environment.environment,
                secretName,
                value: pulumi.secret(secret.value),
            }, parent);
            // GitHub secrets carry no tags and never expire: the record next to it is the pack's
            // evidence of who owns the key and when it is due (contract/github/rotationRecord.ts).
            new github.ActionsEnvironmentVariable(childName(name, "secret", secretName.toLowerCase(), "rotation"), {
                repository: repositoryName,
                environment: environment.environment,
                variableName: rotationRecordName(secretName),
                value: formatRotationRecord({ owner: (secret.owner ?? args.owner).trim(), rotationDays: secret.rotationDays ?? DEFAULT_MAX_ROTATION_DAYS, rotatedAt: secret.rotatedAt }),
            }, { parent: this, dependsOn: [stored] });
            return secretName;
        });

        this.repository = args.repository;
        this.environmentName = args.environment;
        // The IDs come from the repository governed here (and its owner's account), never by hand.
        const ids: GithubIds | undefined = args.immutableSubject
            ? {
                  ownerId: github.getUserOutput({ username: args.repository.split("/")[0] }, { parent: this }).id,
                  repositoryId: github.getRepositoryOutput({ fullName: args.repository }, { parent: this }).repoId.apply((id) => String(id)),
              }
            : undefined;
        this.trust = { githubActions: { repository: args.repository, environment: args.environment, ...ids } };
        const subject = subjectFor(args.repository, args.environment, ids);
        this.subject = pulumi.all([environment.environment, subject]).apply(([, s]) => s);
        this.issuer = pulumi.output(GITHUB_ACTIONS_ISSUER);
        this.registerOutputs({
            subject: this.subject,
            issuer: this.issuer,
            trust: this.trust,
            repository: this.repository,
            environmentName: this.environmentName,
            secretNames: this.secretNames,
        });
    }
}

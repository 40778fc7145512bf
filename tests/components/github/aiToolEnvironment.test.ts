import * as pulumi from "@pulumi/pulumi";
import { installMocks, known, type MockEstate } from "../../helpers/mocks";
import { TrustSchema } from "../../../contract/declaration";
import { readFacts } from "../../../contract/catalogue";

const T = {
    component: "nhi-guard:index:GithubAiToolEnvironment",
    env: "github:index/repositoryEnvironment:RepositoryEnvironment",
    perms: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
    ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
    orgRuleset: "github:index/organizationRuleset:OrganizationRuleset",
    secret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    variable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
};

let estate: MockEstate;
let mod: typeof import("../../../components/github");

beforeAll(async () => {
    estate = await installMocks({ preview: false });
    mod = require("../../../components/github");
});

const today = new Date();
const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);

const base = {
    tool: "claude-code",
    owner: "platform-team",
    repository: "acme/app",
    environment: "ai-review",
    reviewerTeamIds: [4242],
    toolAppId: 777,
};

describe("GithubAiToolEnvironment (update mode)", () => {
    let env: InstanceType<typeof mod.GithubAiToolEnvironment>;
    beforeAll(async () => {
        env = new mod.GithubAiToolEnvironment("rev", {
            ...base,
            reviewerUserIds: [31],
            toolUserId: 99,
            secrets: [{ name: "anthropic_api_key", value: pulumi.secret("sk-ant-test"), rotatedAt: daysAgo(3), rotationDays: 14, description: "Anthropic API key" }],
        });
        await known(env.subject);
        await estate.settled();
    });

    it("creates an environment only humans can approve, deployable from protected branches", () => {
        const r = estate.get(T.env, "rev-environment");
        expect(r.parent).toBe("rev");
        expect(r.inputs).toEqual({
            repository: "app",
            environment: "ai-review",
            reviewers: [{ teams: [4242], users: [31] }],
            preventSelfReview: true,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false },
        });
    });

    it("keeps workflow tokens read-only and unable to approve pull requests", () => {
        expect(estate.get(T.perms, "rev-workflow-permissions").inputs).toEqual({ repository: "app", defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false });
    });

    it("requires a human review and the policy check, reported by GitHub Actions, on the default branch", () => {
        expect(estate.get(T.ruleset, "rev-ruleset").inputs).toEqual({
            name: "nhi-guard: human review for claude-code",
            repository: "app",
            target: "branch",
            enforcement: "active",
            conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
            bypassActors: [],
            rules: {
                pullRequest: { requiredApprovingReviewCount: 1, requireLastPushApproval: true, dismissStaleReviewsOnPush: true },
                requiredStatusChecks: { requiredChecks: [{ context: "nhi-guard", integrationId: 15368 }], strictRequiredStatusChecksPolicy: true },
                nonFastForward: true,
                deletion: true,
            },
        });
    });

    it("stores a vendor key as a secret input next to its rotation record", () => {
        const secret = estate.get(T.secret, "rev-secret-anthropic_api_key");
        expect(secret.inputs).toEqual({ repository: "app", environment: "ai-review", secretName: "ANTHROPIC_API_KEY", value: "sk-ant-test" });
        expect(secret.secretInputs).toEqual(["value"]);
        expect(secret.propertyDependencies.environment).toEqual(["rev-environment"]);
        const record = estate.get(T.variable, "rev-secret-anthropic_api_key-rotation");
        const due = new Date(Date.parse(daysAgo(3)) + 14 * 86_400_000).toISOString().slice(0, 10);
        expect(record.inputs).toEqual({
            repository: "app",
            environment: "ai-review",
            variableName: "NHI_ROTATION_ANTHROPIC_API_KEY",
            value: `owner=platform-team;expires-at=${due};rotation-days=14;rotated-at=${daysAgo(3)}`,
        });
        expect(record.dependencies).toContain("rev-secret-anthropic_api_key");
        expect(record.secretInputs).toEqual([]);
    });

    it("outputs the exact OIDC subject, the issuer and a plain trust the cloud components accept", async () => {
        expect(await known(env.subject)).toBe("repo:acme/app:environment:ai-review");
        expect(await known(env.issuer)).toBe("https://token.actions.githubusercontent.com");
        expect(env.trust).toEqual({ githubActions: { repository: "acme/app", environment: "ai-review" } });
        expect(pulumi.Output.isInstance(env.trust)).toBe(false);
        expect(TrustSchema.safeParse(env.trust).success).toBe(true);
    });

    it("builds children that every GitHub reader passes", () => {
        for (const r of estate.childrenOf("rev")) {
            const facts = readFacts(r.type, r.inputs)!;
            expect(facts).toBeDefined();
            if (facts.gate) expect({ [r.name]: facts.gate.problems }).toEqual({ [r.name]: [] });
            if (facts.rotation) expect(facts.rotation).toMatchObject({ enabled: true, rotationDays: 14, problem: undefined });
        }
        expect(readFacts(T.env, estate.get(T.env, "rev-environment").inputs)!.gate!.environment).toEqual({ repository: "app", environment: "ai-review", humanReviewers: true, preventSelfReview: true });
    });

    it("registers itself under its own type token", () => {
        expect(estate.get(T.component, "rev").custom).toBe(false);
    });
});

describe("GithubAiToolEnvironment options", () => {
    it("puts the review rule in an organisation ruleset covering many repositories", async () => {
        new mod.GithubAiToolEnvironment("org", {
            ...base,
            organizationRuleset: { repositories: ["app", "svc-*"] },
            bypassActors: [{ actorType: "Team", actorId: 5, bypassMode: "pullRequest" }, { actorType: "Integration", actorId: 12, bypassMode: "pullRequest" }],
            requiredApprovals: 2,
            requiredStatusChecks: ["preview / nhi-guard"],
            manageWorkflowPermissions: false,
            waitTimerMinutes: 10,
        });
        await estate.settled();
        expect(estate.childrenOf("org").map((r) => r.type).sort()).toEqual([T.env, T.orgRuleset].sort());
        expect(estate.get(T.env, "org-environment").inputs.waitTimer).toBe(10);
        const ruleset = estate.get(T.orgRuleset, "org-ruleset").inputs;
        expect(ruleset).toEqual({
            name: "nhi-guard: human review for AI tools",
            target: "branch",
            enforcement: "active",
            conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] }, repositoryName: { includes: ["app", "svc-*"], excludes: [] } },
            bypassActors: [{ actorType: "Team", actorId: 5, bypassMode: "pullRequest" }, { actorType: "Integration", actorId: 12, bypassMode: "pullRequest" }],
            rules: {
                pullRequest: { requiredApprovingReviewCount: 2, requireLastPushApproval: true, dismissStaleReviewsOnPush: true },
                requiredStatusChecks: { requiredChecks: [{ context: "preview / nhi-guard", integrationId: 15368 }], strictRequiredStatusChecksPolicy: true },
                nonFastForward: true,
                deletion: true,
            },
        });
        expect(readFacts(T.orgRuleset, ruleset)!.gate).toEqual({ problems: [], bypassActors: ["Team:5", "Integration:12"] });
    });
});

describe("GithubAiToolEnvironment construction errors", () => {
    const cases: [string, Record<string, any>, string[]][] = [
        ["no reviewers", { ...base, reviewerTeamIds: undefined }, ["`reviewerTeamIds`/`reviewerUserIds`: name at least one human team or user who must approve each job in the environment"]],
        ["the tool reviews itself", { ...base, reviewerUserIds: [99], toolUserId: 99 }, ["`reviewerUserIds`: 99 is the tool's own user (`toolUserId`), which would approve its own jobs; list only humans"]],
        ["too many reviewer teams", { ...base, reviewerTeamIds: [1, 2, 3, 4, 5, 6, 7] }, ["`reviewerTeamIds`: GitHub takes at most 6; keep the 6 that must approve"]],
        ["reviewer IDs as Outputs", { ...base, reviewerTeamIds: [pulumi.output(1)] }, ["`reviewerTeamIds`: use a list of numeric GitHub IDs (plain numbers, known at preview), e.g. `[1234567]`"]],
        ["repository as an Output", { ...base, repository: pulumi.output("acme/app") }, ["`repository`: give `owner/repo` as a plain string (not an Output): the cloud trust subject is derived from it at construction"]],
        ["repository without owner", { ...base, repository: "app" }, ["`repository`: use `owner/repo` with no wildcard, e.g. `acme/app`"]],
        ["wildcard environment", { ...base, environment: "ai-*" }, ["`environment`: use letters, digits, `.`, `_` or `-` (at most 255), no wildcard"]],
        ["environment as an Output", { ...base, environment: pulumi.output("ai") }, ["`environment`: give the environment's name as a plain string (not an Output): the cloud trust subject is derived from it at construction"]],
        ["tool app as bypass actor", { ...base, bypassActors: [{ actorType: "Integration", actorId: 777, bypassMode: "pullRequest" }] }, ["`bypassActors[0]`: is the tool's own app (`toolAppId` 777), which could then merge its own change unreviewed; remove it"]],
        ["app bypass without toolAppId", { ...base, toolAppId: undefined, bypassActors: [{ actorType: "Integration", actorId: 5, bypassMode: "pullRequest" }] }, ["`bypassActors[0]`: an `Integration` bypass actor needs `toolAppId`, so the tool's own app can be ruled out; set `toolAppId`"]],
        ["machine always bypasses", { ...base, bypassActors: [{ actorType: "DeployKey", bypassMode: "always" }] }, ["`bypassActors[0].bypassMode`: a DeployKey may not always bypass human review; use `pullRequest` or remove it"]],
        ["machine exempt from review", { ...base, bypassActors: [{ actorType: "DeployKey", bypassMode: "exempt" }] }, ["`bypassActors[0].bypassMode`: a DeployKey may not be exempt from human review; use `pullRequest` or remove it"]],
        ["tool user bypasses", { ...base, toolUserId: 99, bypassActors: [{ actorType: "User", actorId: 99, bypassMode: "pullRequest" }] }, ["`bypassActors[0]`: is the tool's own user (`toolUserId` 99), which could then merge its own change unreviewed; remove it"]],
        ["User actor in an organisation ruleset", { ...base, organizationRuleset: { repositories: ["~ALL"] }, bypassActors: [{ actorType: "User", actorId: 3, bypassMode: "pullRequest" }] }, ["`bypassActors[0].actorType`: use one of `RepositoryRole`, `Team`, `Integration`, `OrganizationAdmin`, `DeployKey`, `EnterpriseOwner`"]],
        ["organisation ruleset misses the repository", { ...base, organizationRuleset: { repositories: ["svc-*"] } }, ["`organizationRuleset.repositories`: does not cover `app`, where the tool runs; add it (or `~ALL`)"]],
        ["status check from the tool's app", { ...base, statusCheckAppId: 777 }, ["`statusCheckAppId`: is the tool's own app (`toolAppId`), which could then report the policy check itself; leave the default (GitHub Actions)"]],
        ["zero approvals", { ...base, requiredApprovals: 0 }, ["`requiredApprovals`: use a whole number from 1 to 10"]],
        ["placeholder owner", { ...base, owner: "tbd" }, ["`owner`: owner \"tbd\" names nobody; name the accountable team slug (`platform-team`) or an e-mail address"]],
        ["misspelt argument", { ...base, reviewers: [1] }, ["`reviewers`: is not an argument of this component; remove it or check its spelling"]],
        ["secret as a plain string", { ...base, secrets: [{ name: "KEY", value: "sk-live", rotatedAt: daysAgo(1) }] }, ["`secrets[0].value`: is a plain string in the program; read it with `config.requireSecret(...)` or from the cloud's secret store instead"]],
        ["overdue secret", { ...base, secrets: [{ name: "KEY", value: pulumi.secret("x"), rotatedAt: "2020-01-01", rotationDays: 30 }] }, ["`secrets[0].rotatedAt`: the key was due for rotation on 2020-01-31; rotate it at the vendor, then update `value` and `rotatedAt`"]],
        ["secret named GITHUB_", { ...base, secrets: [{ name: "GITHUB_KEY", value: pulumi.secret("x"), rotatedAt: daysAgo(1) }] }, ["`secrets[0].name`: use letters, digits and `_`, not starting with a digit or `GITHUB_`, e.g. `ANTHROPIC_API_KEY`"]],
        ["secret without rotatedAt", { ...base, secrets: [{ name: "KEY", value: pulumi.secret("x") }] }, ["`secrets[0].rotatedAt`: give the UTC day the current value was issued, `YYYY-MM-DD`, and update it whenever you rotate the key"]],
        ["duplicate secret", { ...base, secrets: [{ name: "KEY", value: pulumi.secret("x"), rotatedAt: daysAgo(1) }, { name: "key", value: pulumi.secret("y"), rotatedAt: daysAgo(1) }] }, ["`secrets[1].name`: `key` is given twice (GitHub ignores case); give each secret once"]],
    ];

    it.each(cases)("%s", async (label, args, expected) => {
        const name = `bad-${label.replace(/[^a-z]+/gi, "-")}`;
        let error: any;
        try {
            new mod.GithubAiToolEnvironment(name, args as any);
        } catch (e) {
            error = e;
        }
        expect(error?.name).toBe("InvalidArgumentsError");
        expect(error.problems).toEqual(expected);
        expect(error.message.split("\n").slice(1)).toEqual(expected.map((p) => `  - ${p}`));
        await estate.settled();
        expect(estate.childrenOf(name)).toEqual([]);
    });

    it("lists every problem at once", () => {
        let error: any;
        try {
            new mod.GithubAiToolEnvironment("many", { tool: "Claude Code", owner: "", repository: "*", environment: "" } as any);
        } catch (e) {
            error = e;
        }
        expect(error.problems).toEqual([
            "`tool`: name the AI tool as a lower-case slug, e.g. `claude-code`",
            "`owner`: no owner; name the accountable team slug (`platform-team`) or an e-mail address",
            "`repository`: use `owner/repo` with no wildcard, e.g. `acme/app`",
            "`environment`: use letters, digits, `.`, `_` or `-` (at most 255), no wildcard",
            "`reviewerTeamIds`/`reviewerUserIds`: name at least one human team or user who must approve each job in the environment",
        ]);
    });
});

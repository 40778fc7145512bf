/**
 * The pack over GitHub resources, through real Analyze/AnalyzeStack requests: compliant,
 * violating, unknown-at-preview and boundary cases for each policy GitHub feeds.
 */
import type { AnalyzerInput } from "../../../cli/analyzer/protocol";
import { secret, UNKNOWN } from "../../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, pinClock, resource, type PackHarness } from "../../helpers/pack";
import { NOW, role, githubTrust } from "../estate";

const G = {
    env: "github:index/repositoryEnvironment:RepositoryEnvironment",
    perms: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
    orgPerms: "github:index/actionsOrganizationWorkflowPermissions:ActionsOrganizationWorkflowPermissions",
    ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
    branch: "github:index/branchProtection:BranchProtection",
    deployKey: "github:index/repositoryDeployKey:RepositoryDeployKey",
    envSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    secret: "github:index/actionsSecret:ActionsSecret",
    envVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    variable: "github:index/actionsVariable:ActionsVariable",
};

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

const APPROVAL = "nhi-human-approval";
const goodEnv = { repository: "app", environment: "ai-review", reviewers: [{ teams: [4242] }], preventSelfReview: true, canAdminsBypass: false };
const goodRuleset = {
    repository: "app",
    target: "branch",
    enforcement: "active",
    conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
    bypassActors: [],
    rules: { pullRequest: { requiredApprovingReviewCount: 1, requireLastPushApproval: true } },
};

async function approval(type: string, props: Record<string, unknown>) {
    return of(await pack.analyze(resource({ type, name: "r", props })), APPROVAL);
}

describe("nhi-human-approval (resource)", () => {
    it.each([
        ["an environment with reviewers", G.env, goodEnv],
        ["workflow permissions that cannot approve", G.perms, { repository: "app", canApprovePullRequestReviews: false }],
        ["organisation workflow permissions left at GitHub's default", G.orgPerms, { organizationSlug: "acme" }],
        ["a ruleset with one approval and no machine bypass", G.ruleset, goodRuleset],
        ["a ruleset an app may bypass only through pull requests", G.ruleset, { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 7, bypassMode: "pullRequest" }] }],
        ["branch protection with one approval", G.branch, { repositoryId: "app", pattern: "main", requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1 }] }],
    ])("passes %s", async (_, type, props) => {
        expect(await approval(type, props)).toEqual([]);
    });

    it.each([
        ["workflows that approve pull requests", G.perms, { repository: "app", canApprovePullRequestReviews: true }, /workflow permissions "r" lets a machine approve its own change: .*`canApprovePullRequestReviews: true`/],
        ["an environment without reviewers", G.env, { ...goodEnv, reviewers: [] }, /repository environment "r" .*requires no reviewer/],
        ["an app that always bypasses", G.ruleset, { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 777, bypassMode: "always" }] }, /Integration:777 may always bypass/],
        ["a ruleset that only evaluates", G.ruleset, { ...goodRuleset, enforcement: "evaluate" }, /`enforcement` is `evaluate`/],
        ["zero approvals (boundary)", G.ruleset, { ...goodRuleset, rules: { pullRequest: { requiredApprovingReviewCount: 0 } } }, /requiredApprovingReviewCount` is 0/],
        ["branch protection bypassers without enforceAdmins", G.branch, { repositoryId: "app", pattern: "main", requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1, pullRequestBypassers: ["/ai-bot"] }] }, /\/ai-bot bypass pull-request review/],
    ])("blocks %s", async (_, type, props, re) => {
        const ds = await approval(type, props);
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).toMatch(re);
    });

    it("is advisory, not silent, when the value it needs is unknown at preview", async () => {
        const ds = await approval(G.perms, { repository: "app", canApprovePullRequestReviews: UNKNOWN });
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
        expect(advisory(ds)[0].message).toMatch(/^Unverified: .*part of its approval settings is unknown until the update \(`canApprovePullRequestReviews`/);
    });

    it("stays mandatory when only a reviewer team's ID is unknown at preview", async () => {
        expect(await approval(G.env, { ...goodEnv, reviewers: [{ teams: [UNKNOWN] }] })).toEqual([]);
        expect(mandatory(await approval(G.env, { ...goodEnv, reviewers: [{ teams: [UNKNOWN] }], preventSelfReview: false }))).toHaveLength(1);
    });
});

describe("nhi-human-approval (stack): a cloud identity trusting a GitHub environment", () => {
    const env = (props: Record<string, unknown>) => resource({ type: G.env, name: "ai-review-env", props });
    const trusting = () => role("reviewer", { assumeRolePolicy: githubTrust("repo:acme/app:environment:ai-review") });

    it("passes when the environment requires human reviewers", async () => {
        expect(of(await pack.analyzeStack([env(goodEnv), trusting()]), APPROVAL)).toEqual([]);
    });

    it.each([
        ["no reviewers", { ...goodEnv, reviewers: undefined }, /requires no human reviewer/],
        ["self review", { ...goodEnv, preventSelfReview: false }, /lets the author approve their own deployment/],
    ])("blocks the identity when the declared environment has %s", async (_, props, re) => {
        const r = trusting();
        const ds = of(await pack.analyzeStack([env(props), r]), APPROVAL);
        expect(ds.map((d) => d.urn)).toContain(r.urn);
        expect(ds.find((d) => d.urn === r.urn)!.message).toMatch(re);
        expect(ds.find((d) => d.urn === r.urn)!.message).toMatch(/`acme\/app` environment `ai-review`/);
    });

    it("does not confuse a same-named environment of another repository", async () => {
        const r = trusting();
        const ds = of(await pack.analyzeStack([resource({ type: G.env, name: "other", props: { ...goodEnv, repository: "other-app", reviewers: [] } }), env(goodEnv), r]), APPROVAL);
        expect(ds.filter((d) => d.urn === r.urn)).toEqual([]);
    });
});

describe("GitHub secrets and their rotation records", () => {
    const ROTATION = "nhi-secret-rotation-required";
    function governed(record: string | undefined) {
        const parent = component("ci", "github", "AiToolEnvironment");
        const environment = resource({ type: G.env, name: "ci-environment", parent, props: goodEnv });
        const stored = resource({ type: G.envSecret, name: "ci-secret-key", parent, props: { repository: "app", environment: "ai-review", secretName: "VENDOR_KEY", value: secret("v") }, propertyDependencies: { environment: [environment] } });
        const resources: AnalyzerInput[] = [parent, environment, stored];
        if (record !== undefined) {
            resources.push(resource({ type: G.envVariable, name: "ci-secret-key-rotation", parent, props: { repository: "app", environment: "ai-review", variableName: "NHI_ROTATION_VENDOR_KEY", value: record }, propertyDependencies: { environment: [environment] } }));
        }
        return { resources, stored };
    }

    it("passes a key whose record shows it rotated within the period", async () => {
        const { resources } = governed("owner=platform-team;expires-at=2026-01-21;rotation-days=30;rotated-at=2025-12-22");
        expect(of(await pack.analyzeStack(resources), ROTATION)).toEqual([]);
    });

    it.each([
        ["no record", undefined, /nothing rotates it/],
        ["an overdue record", "owner=platform-team;rotation-days=30;rotated-at=2025-11-01", /was due at 2025-12-01T00:00:00Z/],
        ["a period one day too long (boundary)", "owner=platform-team;rotation-days=31;rotated-at=2025-12-22", /rotates every 31 days/],
        ["an unreadable record", "owner=platform-team;rotated-at=2025-12-22", /cannot be read/],
    ])("blocks a key with %s", async (_, record, re) => {
        const { resources, stored } = governed(record);
        const ds = of(await pack.analyzeStack(resources), ROTATION);
        expect(ds).toHaveLength(1);
        expect(ds[0].urn).toBe(stored.urn);
        expect(ds[0].message).toMatch(re);
    });
});

describe("GitHub keys and plaintext", () => {
    it.each([
        [true, "read-only deploy key"],
        [false, "read/write deploy key"],
    ])("blocks a deploy key with readOnly %s as long-lived", async (readOnly, label) => {
        const ds = of(await pack.analyze(resource({ type: G.deployKey, name: "k", props: { repository: "app", title: "owner=platform-team;expires-at=2026-03-01", key: "ssh-ed25519 AAAA", readOnly } })), "nhi-no-long-lived-credentials");
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).toContain(`${label} "k" is a long-lived credential`);
    });

    it("does not report a key in `plaintextValue`, which the provider declares secret (its SDK wraps it in pulumi.secret)", async () => {
        const key = "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";
        expect(of(await pack.analyze(resource({ type: G.secret, name: "s", props: { repository: "app", secretName: "OPENAI_API_KEY", plaintextValue: key } })), "nhi-no-plaintext-secrets")).toEqual([]);
        expect(of(await pack.analyze(resource({ type: G.secret, name: "s", props: { repository: "app", secretName: "OPENAI_API_KEY", plaintextValue: secret(key) } })), "nhi-no-plaintext-secrets")).toEqual([]);
    });

    it("blocks a credential pasted into an Actions variable", async () => {
        // Made up, in GitHub's format (a run of one letter is a placeholder, not a finding).
        const TOKEN = "ghp_R8mKq2Vx7LpN4tYw9ZcB3hJf6DsGe1UaTo5W";
        const ds = of(await pack.analyze(resource({ type: G.variable, name: "v", props: { repository: "app", variableName: "TOKEN", value: TOKEN } })), "nhi-no-plaintext-secrets");
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).not.toContain(TOKEN.slice(4, 30));
    });
});

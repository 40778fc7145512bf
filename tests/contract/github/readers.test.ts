import fc from "fast-check";
import { githubCatalogue, githubSecretHandle } from "../../../contract/clouds/github";
import { bypassActorKey } from "../../../contract/github/gates";
import type { ResourceFacts } from "../../../contract/facts";

// @pulumi/policy's own unknown-checking proxy: the readers must meet it exactly as the pack does.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const T = {
    repoPerms: "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
    orgPerms: "github:index/actionsOrganizationWorkflowPermissions:ActionsOrganizationWorkflowPermissions",
    ruleset: "github:index/repositoryRuleset:RepositoryRuleset",
    orgRuleset: "github:index/organizationRuleset:OrganizationRuleset",
    branch: "github:index/branchProtection:BranchProtection",
    env: "github:index/repositoryEnvironment:RepositoryEnvironment",
    deployKey: "github:index/repositoryDeployKey:RepositoryDeployKey",
    sshKey: "github:index/userSshKey:UserSshKey",
    secret: "github:index/actionsSecret:ActionsSecret",
    envSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    orgSecret: "github:index/actionsOrganizationSecret:ActionsOrganizationSecret",
    dependabot: "github:index/dependabotSecret:DependabotSecret",
    variable: "github:index/actionsVariable:ActionsVariable",
    envVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    membership: "github:index/membership:Membership",
};

const read = (token: string, props: Record<string, any>): ResourceFacts => githubCatalogue[token].read(props);
const proxied = (token: string, props: Record<string, any>): ResourceFacts => githubCatalogue[token].read(unknownCheckingProxy(props));

const goodRules = { pullRequest: { requiredApprovingReviewCount: 1, requireLastPushApproval: true } };
const goodRuleset = { repository: "app", target: "branch", enforcement: "active", rules: goodRules, bypassActors: [] };

describe("workflow permissions", () => {
    it.each([
        [{ repository: "app", canApprovePullRequestReviews: false }, 0],
        [{ repository: "app" }, 0],
        [{ repository: "app", canApprovePullRequestReviews: true }, 1],
        [{ repository: "app", canApprovePullRequestReviews: "true" }, 1],
        // Unknown at preview: no problem, listed as unknown (the pack reports it unverified).
        [{ repository: "app", canApprovePullRequestReviews: UNKNOWN }, 0],
    ])("%j has %i problems", (props, n) => {
        for (const token of [T.repoPerms, T.orgPerms]) {
            const facts = read(token, props);
            expect(facts.kind).toBe("gate");
            expect(facts.gate!.problems).toHaveLength(n);
        }
    });

    it("names the field and the fix", () => {
        expect(read(T.repoPerms, { canApprovePullRequestReviews: true }).gate!.problems[0]).toMatch(/`canApprovePullRequestReviews: true`.*set it to `false`/);
    });

    it("marks the value a check needs unknown when it is unknown at preview, behind the proxy or not", () => {
        for (const facts of [proxied(T.repoPerms, { repository: "app", canApprovePullRequestReviews: UNKNOWN }), read(T.repoPerms, { repository: "app", canApprovePullRequestReviews: UNKNOWN })]) {
            expect(facts.gate).toEqual({ problems: [], unknown: ["canApprovePullRequestReviews"] });
        }
    });
});

describe("rulesets", () => {
    const cases: [string, Record<string, any>, RegExp[]][] = [
        ["compliant", goodRuleset, []],
        ["evaluate only", { ...goodRuleset, enforcement: "evaluate" }, [/`enforcement` is `evaluate`/]],
        ["no enforcement", { ...goodRuleset, enforcement: undefined }, [/`enforcement` is missing/]],
        ["no pull-request rule", { ...goodRuleset, rules: { deletion: true } }, [/no pull-request rule/]],
        ["zero approvals", { ...goodRuleset, rules: { pullRequest: { requiredApprovingReviewCount: 0 } } }, [/requiredApprovingReviewCount` is 0/]],
        ["approvals not set", { ...goodRuleset, rules: { pullRequest: {} } }, [/not set \(GitHub's default is 0\)/]],
        ["approvals as text", { ...goodRuleset, rules: { pullRequest: { requiredApprovingReviewCount: "2" } } }, [/requiredApprovingReviewCount` is 2/]],
        ["app always bypasses", { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 99, bypassMode: "always" }] }, [/Integration:99 may always bypass/]],
        ["user always bypasses", { ...goodRuleset, bypassActors: [{ actorType: "User", actorId: 7, bypassMode: "always" }] }, [/User:7 may always bypass/]],
        ["deploy key always bypasses", { ...goodRuleset, bypassActors: [{ actorType: "DeployKey", bypassMode: "always" }] }, [/DeployKey may always bypass/]],
        ["app exempt from the ruleset", { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 99, bypassMode: "exempt" }] }, [/Integration:99 may bypass the ruleset \(`bypassMode: exempt`\)/]],
        ["bypass mode unreadable", { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 1 }] }, [/bypassMode` of Integration:1 cannot be read/]],
        ["bypass entry unreadable", { ...goodRuleset, bypassActors: ["Integration"] }, [/bypassActors\[0\]` cannot be read/]],
        ["bypass list unreadable", { ...goodRuleset, bypassActors: "everyone" }, [/`bypassActors` cannot be read/]],
        ["no target", { ...goodRuleset, target: undefined }, [/`target` is missing/]],
        // Unknown at preview: no problem built from it; listed in `unknown` (see below).
        ["unknown pull-request rule", { ...goodRuleset, rules: { pullRequest: UNKNOWN } }, []],
    ];
    it.each(cases)("%s", (_, props, expected) => {
        for (const token of [T.ruleset, T.orgRuleset]) {
            const problems = read(token, props).gate!.problems;
            expect(problems).toHaveLength(expected.length);
            expected.forEach((re, i) => expect(problems[i]).toMatch(re));
        }
    });

    it("lists a pull-request rule or bypass list unknown at preview as unknown, judging the rest", () => {
        expect(read(T.ruleset, { ...goodRuleset, rules: { pullRequest: UNKNOWN } }).gate!.unknown).toEqual(["rules.pullRequest"]);
        const gate = proxied(T.ruleset, { ...goodRuleset, enforcement: "evaluate", bypassActors: UNKNOWN }).gate!;
        expect(gate.unknown).toEqual(["bypassActors"]);
        expect(gate.problems).toEqual([expect.stringMatching(/`enforcement` is `evaluate`/)]);
    });

    it("accepts human bypass actors and machines limited to pull requests, and lists every actor with its type", () => {
        const gate = read(T.ruleset, {
            ...goodRuleset,
            bypassActors: [
                { actorType: "Team", actorId: 5, bypassMode: "always" },
                { actorType: "OrganizationAdmin", bypassMode: "always" },
                { actorType: "Integration", actorId: 42, bypassMode: "pullRequest" },
                { actorType: "Integration", actorId: UNKNOWN, bypassMode: "pullRequest" },
            ],
        }).gate!;
        expect(gate.problems).toEqual([]);
        expect(gate.bypassActors).toEqual(["Team:5", "OrganizationAdmin", "Integration:42", "Integration:(unknown at preview)"]);
        expect(bypassActorKey("Integration", 42)).toBe("Integration:42");
    });

    it("does not ask a review rule of tag and push rulesets", () => {
        expect(read(T.ruleset, { target: "tag", enforcement: "active", rules: {} }).gate!.problems).toEqual([]);
    });

    it("reads an unknown bypass actor ID around the proxy but an unknown bypass mode through it", () => {
        const withUnknownId = { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: UNKNOWN, bypassMode: "always" }] };
        expect(proxied(T.ruleset, withUnknownId).gate!.problems[0]).toMatch(/Integration:\(unknown at preview\) may always bypass/);
        const withUnknownMode = { ...goodRuleset, bypassActors: [{ actorType: "Integration", actorId: 1, bypassMode: UNKNOWN }] };
        expect(() => proxied(T.ruleset, withUnknownMode)).toThrow(/bypassMode can't be known/);
        expect(() => proxied(T.ruleset, { ...goodRuleset, enforcement: UNKNOWN })).toThrow(/enforcement can't be known/);
    });
});

describe("branch protection", () => {
    const review = (r: Record<string, any>) => ({ repositoryId: "app", pattern: "main", requiredPullRequestReviews: [r] });
    it.each([
        ["compliant", review({ requiredApprovingReviewCount: 1 }), 0],
        ["no review block", { repositoryId: "app", pattern: "main" }, 1],
        ["empty review block list", { repositoryId: "app", pattern: "main", requiredPullRequestReviews: [] }, 1],
        ["zero approvals", review({ requiredApprovingReviewCount: 0 }), 1],
        ["count not set", review({}), 1],
        ["bypassers without enforceAdmins", review({ requiredApprovingReviewCount: 1, pullRequestBypassers: ["/ai-bot"] }), 1],
        ["bypassers with enforceAdmins", { ...review({ requiredApprovingReviewCount: 1, pullRequestBypassers: ["/ai-bot"] }), enforceAdmins: true }, 0],
        ["unreadable bypassers", review({ requiredApprovingReviewCount: 1, pullRequestBypassers: "/ai-bot" }), 1],
    ])("%s", (_, props, n) => {
        expect(read(T.branch, props).gate!.problems).toHaveLength(n);
    });

    it("lists pull-request bypassers and says how to fix them", () => {
        const gate = read(T.branch, review({ requiredApprovingReviewCount: 1, pullRequestBypassers: ["/ai-bot", "acme/bots"] })).gate!;
        expect(gate.bypassActors).toEqual(["/ai-bot", "acme/bots"]);
        expect(gate.problems[0]).toMatch(/\/ai-bot, acme\/bots bypass .*`enforceAdmins: true`/);
    });
});

describe("environments", () => {
    const env = { repository: "app", environment: "ai-review", reviewers: [{ teams: [12] }], preventSelfReview: true };
    it.each([
        ["team reviewer", env, true, 0],
        ["user reviewer", { ...env, reviewers: [{ users: [3] }] }, true, 0],
        ["reviewer team created in the same stack (ID unknown)", { ...env, reviewers: [{ teams: [UNKNOWN] }] }, true, 0],
        ["no reviewers", { ...env, reviewers: undefined }, false, 1],
        ["empty reviewer block", { ...env, reviewers: [{ teams: [], users: [] }] }, false, 1],
        ["self review allowed", { ...env, preventSelfReview: false }, true, 1],
        ["self review not set", { ...env, preventSelfReview: undefined }, true, 1],
    ])("%s", (_, props, humanReviewers, n) => {
        const gate = read(T.env, props).gate!;
        expect(gate.environment).toEqual({ repository: "app", environment: "ai-review", humanReviewers, preventSelfReview: props.preventSelfReview === true });
        expect(gate.problems).toHaveLength(n);
    });

    it("counts a reviewer whose ID is unknown at preview without downgrading the check", () => {
        expect(proxied(T.env, { ...env, reviewers: [{ teams: [UNKNOWN] }] }).gate!.environment!.humanReviewers).toBe(true);
    });

    it("marks a wholly unknown reviewer list unknown (unverified), never a pass nor a missing reviewer", () => {
        for (const gate of [proxied(T.env, { ...env, reviewers: UNKNOWN }).gate!, read(T.env, { ...env, reviewers: UNKNOWN }).gate!]) {
            expect(gate.environment!.humanReviewers).toBe(false);
            expect(gate.unknown).toEqual(["reviewers"]);
            expect(gate.problems.filter((p) => /reviewer/.test(p))).toEqual([]);
        }
    });
});

describe("keys", () => {
    it.each([
        [true, "read-only deploy key"],
        [false, "read/write deploy key"],
        [undefined, "deploy key (`readOnly` not set: treated as read/write)"],
        [UNKNOWN, "deploy key (`readOnly` unknown at preview: treated as read/write)"],
    ])("a deploy key with readOnly %j is a long-lived %s", (readOnly, label) => {
        const facts = proxied(T.deployKey, { repository: "app", title: "owner=platform-team", key: "ssh-ed25519 AAAA", readOnly });
        expect(facts.kind).toBe("credential");
        expect(facts.credential).toEqual({ targets: [{ property: "repository", value: "app" }], kind: label, longLived: true });
        expect(facts.annotations!.values.owner).toBe("platform-team");
    });

    it("a user SSH key is long-lived and belongs to the provider's user", () => {
        const facts = read(T.sshKey, { title: "laptop", key: "ssh-ed25519 AAAA" });
        expect(facts.credential).toEqual({ targets: [], kind: "user SSH key", longLived: true });
    });
});

describe("secrets and variables", () => {
    it.each([
        [T.secret, { repository: "App", secretName: "openai_key" }, "github:app:actions:OPENAI_KEY"],
        [T.envSecret, { repository: "app", environment: "AI-Review", secretName: "OPENAI_KEY" }, "github:app:environment:ai-review:actions:OPENAI_KEY"],
        [T.orgSecret, { secretName: "OPENAI_KEY", visibility: "all" }, "github:organization:actions:OPENAI_KEY"],
        [T.dependabot, { repository: "app", secretName: "NPM_TOKEN" }, "github:app:dependabot:NPM_TOKEN"],
    ])("%s is a secret with no expiry, handle %s, and a plaintext `plaintextValue`", (token, props, handle) => {
        const facts = read(token, { ...props, value: "s3cr3t" });
        expect(facts.kind).toBe("secret");
        expect(facts.secret).toEqual({ handles: [handle] });
        expect(facts.plaintextFields).toEqual(["plaintextValue"]);
    });

    it("gives no handle when the secret's scope is not known", () => {
        expect(read(T.envSecret, { repository: "app", environment: UNKNOWN, secretName: "K" }).secret).toEqual({ handles: [] });
    });

    it("scans variable values as plaintext; an ordinary environment variable rotates nothing", () => {
        const repoVariable = read(T.variable, { repository: "app", variableName: "MODEL", value: "claude" });
        expect(repoVariable).toEqual({ cloud: "github", kind: "gate", label: "Actions repository variable", gate: { problems: [] }, plaintextFields: ["value"] });
        const envVariable = read(T.envVariable, { repository: "app", environment: "e", variableName: "MODEL", value: "claude" });
        expect(envVariable).toEqual({ cloud: "github", kind: "rotation", label: "Actions environment variable", plaintextFields: ["value"] });
    });

    it("reads a rotation record and links it to its secret's handle", () => {
        const facts = read(T.envVariable, {
            repository: "app",
            environment: "ai-review",
            variableName: "NHI_ROTATION_OPENAI_KEY",
            value: "owner=platform-team;expires-at=2026-12-01;rotation-days=30;rotated-at=2026-11-01",
        });
        expect(facts.kind).toBe("rotation");
        expect(facts.rotation).toEqual({
            secret: { property: "variableName", value: githubSecretHandle({ repository: "app", environment: "ai-review" }, "OPENAI_KEY") },
            rotationDays: 30,
            enabled: true,
            dueAt: new Date("2026-12-01T00:00:00Z"),
            problem: undefined,
        });
        expect(facts.annotations!.values.owner).toBe("platform-team");
    });

    it.each([
        ["owner=x;rotated-at=2026-11-01", /rotation-days/],
        ["owner=x;rotation-days=30", /rotated-at/],
        ["owner=x;rotation-days=0;rotated-at=2026-11-01", /rotation-days/],
        ["owner=x;rotation-days=30;rotated-at=2026-02-30", /rotated-at/],
    ])("a malformed record %j is a disabled rotation with a problem", (value, re) => {
        const facts = read(T.envVariable, { repository: "app", environment: "e", variableName: "NHI_ROTATION_K", value });
        expect(facts.rotation!.enabled).toBe(false);
        expect(facts.rotation!.problem).toMatch(re);
    });
});

describe("membership", () => {
    it.each([
        ["admin", true],
        [undefined, false],
        ["member", false],
        [UNKNOWN, true],
        [5, true],
    ])("role %j: admin finding %s", (role, admin) => {
        const grant = read(T.membership, { username: "ai-bot", role }).grant!;
        expect(grant.targets).toEqual([{ property: "username", value: "ai-bot" }]);
        expect(grant.entries).toHaveLength(1);
        expect(grant.entries[0].endsAt).toBeUndefined();
        expect(grant.entries[0].findings.length > 0).toBe(admin);
    });
});

describe("every GitHub reader", () => {
    const tokens = Object.keys(githubCatalogue);

    it("is keyed by the SDK's own type token and reports its own cloud and kind", () => {
        for (const token of tokens) {
            const cls = token.split(":")[2];
            const mod = require("@pulumi/github");
            expect(mod[cls].__pulumiType).toBe(token);
            const facts = read(token, {});
            expect(facts.cloud).toBe("github");
            // The pack indexes resources by the catalogue's kind: the reader must agree with it.
            expect(facts.kind).toBe(githubCatalogue[token].kind);
        }
    });

    it("never throws on arbitrary properties", () => {
        const value = fc.oneof(fc.anything(), fc.constant(UNKNOWN), fc.constantFrom("always", "Integration", "User", "branch", "active", true, false, 0, 1));
        const actor = fc.record({ actorType: value, actorId: value, bypassMode: value }, { requiredKeys: [] });
        const props = fc.record(
            {
                canApprovePullRequestReviews: value,
                target: value,
                enforcement: value,
                rules: fc.oneof(value, fc.record({ pullRequest: fc.oneof(value, fc.record({ requiredApprovingReviewCount: value }, { requiredKeys: [] })) }, { requiredKeys: [] })),
                bypassActors: fc.oneof(value, fc.array(fc.oneof(actor, value))),
                requiredPullRequestReviews: fc.oneof(value, fc.array(fc.record({ requiredApprovingReviewCount: value, pullRequestBypassers: fc.oneof(value, fc.array(value)) }, { requiredKeys: [] }))),
                reviewers: fc.oneof(value, fc.array(fc.oneof(value, fc.record({ teams: fc.oneof(value, fc.array(value)), users: value }, { requiredKeys: [] })))),
                repository: value,
                environment: value,
                secretName: value,
                variableName: fc.oneof(value, fc.constant("NHI_ROTATION_K")),
                value,
                readOnly: value,
                title: value,
                role: value,
                username: value,
                preventSelfReview: value,
            },
            { requiredKeys: [] },
        );
        fc.assert(
            fc.property(fc.constantFrom(...tokens), props, (token, p) => {
                const facts = read(token, p as Record<string, any>);
                expect(facts.cloud).toBe("github");
            }),
            { numRuns: 2000 },
        );
    });

    it("never passes a gate that lets a machine always bypass, whatever else is set", () => {
        fc.assert(
            fc.property(fc.constantFrom("Integration", "User", "DeployKey"), fc.integer({ min: 1 }), fc.constantFrom(T.ruleset, T.orgRuleset), (type, id, token) => {
                const gate = read(token, { ...goodRuleset, bypassActors: [{ actorType: type, actorId: id, bypassMode: "always" }] }).gate!;
                expect(gate.problems.length).toBeGreaterThan(0);
            }),
        );
    });
});

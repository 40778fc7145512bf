/**
 * Trust as it is in 2026 (issue 14), through real Analyze and AnalyzeStack requests: every current
 * pinned form passes `nhi-trust-pinned`, what only looks pinned is refused, jobs that run in no
 * environment are reported under `nhi-human-approval`, and an environment managed in another stack
 * is unverified until an attestation in config covers it.
 */
import { UNKNOWN, type AnalyzerInput } from "../../cli/analyzer/protocol";
import { advisory, component, mandatory, of, resource, packPinnedAt } from "../helpers/pack";
import { GOOD_TAGS, NOW, OIDC, T, role } from "./estate";

const pack = packPinnedAt(NOW);

const GH = "token.actions.githubusercontent.com";
const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };
const COGNITO = "cognito-identity.amazonaws.com";

const statement = (condition: unknown, principal: unknown = { Federated: OIDC }) => ({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition });
const trustOf = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trusting = (name: string, ...statements: unknown[]) => role(name, { assumeRolePolicy: trustOf(...statements) });

async function trustPinned(input: AnalyzerInput) {
    return of(await pack.analyze(input), "nhi-trust-pinned");
}
async function approval(inputs: AnalyzerInput[]) {
    return of(await pack.analyzeStack(inputs), "nhi-human-approval");
}

const reviewedEnvironment = (repository = "app", environment = "ai-review") =>
    resource({ type: T.environment, name: `${repository}-${environment}`, props: { repository, environment, reviewers: [{ teams: [42] }], preventSelfReview: true } });

describe("nhi-trust-pinned reads every current GitHub form as pinned", () => {
    it.each<[string, unknown]>([
        ["the immutable subject", statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme@123456/app@456789:environment:ai-review" } })],
        ["STS claim keys with no sub (repository_id + environment)", statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "ai-review" } })],
        ["STS claim keys naming the repository and its ID", statement({ StringEquals: { ...AUD, [`${GH}:repository`]: "acme/app", [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "ai-review" } })],
        ["a customised subject carrying the repository ID", statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "repository_owner_id:123456:repository_id:456789:environment:ai-review" } })],
        ["the names-only subject of older repositories", statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme/app:environment:ai-review" } })],
    ])("%s", async (_why, s) => {
        expect(await trustPinned(trusting("reviewer", s))).toEqual([]);
    });

    it("a Cognito identity pool pinned by its pool ID", async () => {
        const s = statement({ StringEquals: { [`${COGNITO}:aud`]: "eu-west-1:2f0c6a3e-1111-2222-3333-444455556666" }, "ForAnyValue:StringLike": { [`${COGNITO}:amr`]: "authenticated" } }, { Federated: COGNITO });
        expect(await trustPinned(trusting("app-users", s))).toEqual([]);
    });

    it("an Azure federated credential with the immutable subject", async () => {
        const parent = component("agent", "azure");
        const fic = resource({
            type: "azure-native:managedidentity:FederatedIdentityCredential",
            name: "agent-github",
            parent,
            props: { resourceGroupName: "rg-ai", resourceName: "agent-identity", issuer: `https://${GH}`, subject: "repo:acme@123456/support@456789:environment:ai-agent", audiences: ["api://AzureADTokenExchange"] },
        });
        expect(await trustPinned(fic)).toEqual([]);
    });

    it("a GCP provider pinned by repository and owner IDs", async () => {
        const provider = resource({
            type: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
            name: "agent-github",
            parent: component("agent", "gcp"),
            props: { workloadIdentityPoolId: "agents", oidc: { issuerUri: `https://${GH}` }, attributeCondition: "assertion.repository_id == '456789' && assertion.repository_owner_id == '123456' && assertion.environment == 'ai-data'" },
        });
        expect(await trustPinned(provider)).toEqual([]);
    });
});

describe("nhi-trust-pinned refuses what only looks pinned", () => {
    const pinnedSub = { [`${GH}:sub`]: "repo:acme/app:environment:ai-review" };
    it.each<[string, unknown[], RegExp]>([
        ["a customised sub with no repository part", [statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "environment:ai-review" } })], /names no repository/],
        ["ForAllValues on repository_id", [statement({ StringEquals: { ...AUD, [`${GH}:environment`]: "ai-review" }, "ForAllValues:StringEquals": { [`${GH}:repository_id`]: "456789" } })], /also passes when the claim is absent/],
        ["IfExists on the environment", [statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: "456789" }, StringEqualsIfExists: { [`${GH}:environment`]: "ai-review" } })], /`StringEqualsIfExists` .* also passes when the claim is absent/],
        ["a misspelt claim key", [statement({ StringEquals: { ...AUD, [`${GH}:repo_id`]: "456789", [`${GH}:environment`]: "ai-review" } })], /`token.actions.githubusercontent.com:repo_id` is not a GitHub claim STS evaluates/],
        ["a ? wildcard", [statement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/ap?:environment:ai-review" } })], /wildcard in the owner\/repository/],
        ["a second statement for the whole organisation", [statement({ StringEquals: { ...AUD, ...pinnedSub } }), { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3" } } }], /`\*` principal/],
        ["a second statement for the whole account", [statement({ StringEquals: { ...AUD, ...pinnedSub } }), { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }], /every identity in the account/],
        ["a Cognito pool without an audience condition", [statement({ "ForAnyValue:StringLike": { [`${COGNITO}:amr`]: "authenticated" } }, { Federated: COGNITO })], /no `cognito-identity.amazonaws.com:aud` condition/],
    ])("%s", async (_why, statements, problem) => {
        const ds = await trustPinned(trusting("reviewer", ...statements));
        expect(mandatory(ds)).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(problem) })]));
    });

    it("a trust unknown at preview is advisory, never passed nor failed", async () => {
        const ds = await trustPinned(role("reviewer", { assumeRolePolicy: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("an immutable subject whose IDs are unknown at preview (from lookups) is unverified, never failed nor passed", async () => {
        const doc = { Version: "2012-10-17", Statement: [statement({ StringEquals: { ...AUD, [`${GH}:sub`]: UNKNOWN } })] };
        const ds = await trustPinned(role("reviewer", { assumeRolePolicy: doc }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("an Azure subject with no repository is refused", async () => {
        const fic = resource({
            type: "azure-native:managedidentity:FederatedIdentityCredential",
            name: "agent-github",
            parent: component("agent", "azure"),
            props: { resourceGroupName: "rg-ai", resourceName: "agent-identity", issuer: `https://${GH}`, subject: "environment:ai-agent", audiences: ["api://AzureADTokenExchange"] },
        });
        expect(mandatory(await trustPinned(fic))).toEqual([expect.objectContaining({ message: expect.stringMatching(/names no repository/) })]);
    });
});

describe("nhi-human-approval: AI tool trust in jobs that run in no environment", () => {
    it.each([
        ["pull requests", "repo:acme/app:pull_request"],
        ["a branch", "repo:acme/app:ref:refs/heads/main"],
        ["a branch, immutable form", "repo:acme@1/app@2:ref:refs/heads/main"],
    ])("blocks an AI tool identity trusting %s", async (_why, sub) => {
        const r = trusting("reviewer", statement({ StringEquals: { ...AUD, [`${GH}:sub`]: sub } }));
        const ds = await approval([r]);
        expect(mandatory(ds).map((d) => [d.urn, d.message])).toEqual([[r.urn, expect.stringContaining(`run in no environment (\`${sub}\`)`)]]);
    });

    it("blocks any job of the repository (`repo:x/y:*`), which nhi-trust-pinned also refuses", async () => {
        const r = trusting("reviewer", statement({ StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/app:*" } }));
        expect(mandatory(await approval([r]))).toHaveLength(1);
        expect(mandatory(await trustPinned(r))).toHaveLength(1);
    });

    it("blocks a repository pinned by ID with no environment claim", async () => {
        const r = trusting("reviewer", statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: "456789" } }));
        expect(mandatory(await approval([r]))).toEqual([expect.objectContaining({ message: expect.stringContaining("repository_id:456789") })]);
    });

    it("a subject unknown at preview is no violation: which jobs it names is not known yet", async () => {
        const doc = { Version: "2012-10-17", Statement: [statement({ StringEquals: { ...AUD, [`${GH}:sub`]: UNKNOWN } })] };
        expect(mandatory(await approval([role("reviewer", { assumeRolePolicy: doc })]))).toEqual([]);
    });

    it("leaves an identity that is no AI tool's alone under the default scope", async () => {
        const { "nhi:tool": _tool, ...tags } = GOOD_TAGS;
        const r = role("deployer", { tags, assumeRolePolicy: trustOf(statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } })) });
        expect(await approval([r])).toEqual([]);
    });

    it("passes STS claim keys naming a declared, reviewed environment", async () => {
        const r = trusting("reviewer", statement({ StringEquals: { ...AUD, [`${GH}:repository`]: "acme/app", [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "ai-review" } }));
        expect(await approval([r, reviewedEnvironment()])).toEqual([]);
    });

    it("passes the immutable subject of a declared, reviewed environment", async () => {
        const r = trusting("reviewer", statement({ StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme@123456/app@456789:environment:ai-review" } }));
        expect(await approval([r, reviewedEnvironment()])).toEqual([]);
    });

    it("lists a repository named by ID only as unverified: no declared environment can be matched to it by name", async () => {
        const r = trusting("reviewer", statement({ StringEquals: { ...AUD, [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "ai-review" } }));
        const ds = await approval([r, reviewedEnvironment()]);
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toEqual([expect.objectContaining({ urn: r.urn, message: expect.stringMatching(/^Unverified: .*`repository_id:456789` environment `ai-review`/) })]);
    });
});

describe("nhi-human-approval: environments managed in another stack", () => {
    const P = "nhi-human-approval";
    const attest = (until: string, environment = "ai-review") => ({ [P]: { externallyManagedEnvironments: [{ repository: "acme/app", environment, attestedBy: "platform-security", until }] } });

    it("is unverified without an attestation", async () => {
        const r = role("reviewer");
        const ds = await approval([r]);
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toEqual([expect.objectContaining({ urn: r.urn, message: expect.stringMatching(/^Unverified: .*not declared in this stack.*verify it by declaring it here.*--with-export.*externallyManagedEnvironments`$/) })]);
        // No value is pending here: the message says how to verify it, not to wait for one.
        expect(advisory(ds)[0].message).not.toMatch(/once the value is known/);
    });

    it("counts a current attestation as verified", async () => {
        await pack.configure(attest("2026-03-31"));
        expect(await approval([role("reviewer")])).toEqual([]);
    });

    it("stops counting an attestation the moment `until` passes, and says so", async () => {
        await pack.configure(attest("2026-01-01"));
        const ds = await approval([role("reviewer")]);
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toEqual([expect.objectContaining({ message: expect.stringMatching(/externallyManagedEnvironments\[0\]` by platform-security ended 2026-01-01T00:00:00Z and no longer counts/) })]);
    });

    it("an attestation of another environment does not count", async () => {
        await pack.configure(attest("2026-03-31", "production"));
        expect(advisory(await approval([role("reviewer")]))).toHaveLength(1);
    });

    it("a declared environment in the stack still wins over an attestation: its settings are checked", async () => {
        await pack.configure(attest("2026-03-31"));
        const unreviewed = resource({ type: T.environment, name: "env", props: { repository: "app", environment: "ai-review", preventSelfReview: true } });
        expect(mandatory(await approval([role("reviewer"), unreviewed]))).toEqual([expect.objectContaining({ message: expect.stringMatching(/requires no human reviewer/) })]);
    });

    it.each<[string, unknown, RegExp]>([
        ["a missing `until`", [{ repository: "acme/app", environment: "ai-review", attestedBy: "sec" }], /`nhi-human-approval.externallyManagedEnvironments` entry \[0\]: `until` must be a UTC date/],
        ["a wildcard repository", [{ repository: "acme/*", environment: "ai-review", attestedBy: "sec", until: "2026-03-31" }], /entry \[0\]: `repository` must be `<owner>\/<repo>`/],
        ["no attester", [{ repository: "acme/app", environment: "ai-review", attestedBy: " ", until: "2026-03-31" }], /entry \[0\]: `attestedBy` is required/],
        ["not a list", { repository: "acme/app" }, /must be a list/],
    ])("a list with %s is reported and not applied", async (_why, list, problem) => {
        await pack.configure({ [P]: { externallyManagedEnvironments: list } });
        const ds = await approval([role("reviewer")]);
        expect(ds.map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(problem), expect.stringMatching(/^Unverified:/)]));
    });
});

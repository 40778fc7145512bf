/**
 * OWASP NHI9 (reuse), NHI8 (environment isolation) and NHI10 (human use) through real AnalyzeStack
 * requests: an AI tool identity trusted by several repositories, environments or tools, one serving
 * production and non-production, and one a person can act as, over the trust on the identity and
 * every trust resource that targets it (AWS, GCP, Azure).
 */
import { UNKNOWN, type AnalyzerInput } from "../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, pinClock, resource, type PackHarness } from "../helpers/pack";
import { ACCOUNT, GOOD_TAGS, NOW, OIDC, githubTrust, role } from "./estate";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

const GH = "token.actions.githubusercontent.com";
const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };
const unverified = <D extends { message: string }>(ds: D[]) => ds.filter((d) => d.message.startsWith("Unverified:"));

const oidc = (condition: Record<string, unknown>) => ({ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { ...AUD, ...condition } } });
const assume = (principal: unknown) => ({ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" });
const trusting = (name: string, ...statements: unknown[]) => role(name, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });

async function stack(policy: string, inputs: AnalyzerInput[]) {
    return of(await pack.analyzeStack(inputs), policy);
}

// GCP: a governed service account and the impersonation bindings that say who may act as it.
const PROJECT = "acme-data";
const EMAIL = `data-agent@${PROJECT}.iam.gserviceaccount.com`;
const POOL = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/data-agent";
function serviceAccount() {
    const parent = component("agent", "gcp");
    const account = resource({ type: "gcp:serviceaccount/account:Account", name: "agent-sa", parent, props: { accountId: "data-agent", project: PROJECT, displayName: "Answers sales questions", email: EMAIL } });
    return { parent, account };
}
const impersonation = (name: string, member: unknown, parent?: AnalyzerInput, role = "roles/iam.workloadIdentityUser") =>
    resource({ type: "gcp:serviceaccount/iAMMember:IAMMember", name, parent, props: { serviceAccountId: `projects/${PROJECT}/serviceAccounts/${EMAIL}`, role, member } });

// Azure: a governed managed identity and its federated credentials.
function managedIdentity() {
    const parent = component("support", "azure");
    const identity = resource({ type: "azure-native:managedidentity:UserAssignedIdentity", name: "support-identity", parent, props: { resourceName: "support-identity", resourceGroupName: "rg-ai", tags: GOOD_TAGS } });
    return { parent, identity };
}
const federated = (name: string, subject: string, identity: AnalyzerInput, parent?: AnalyzerInput) =>
    resource({
        type: "azure-native:managedidentity:FederatedIdentityCredential",
        name,
        parent,
        props: { resourceGroupName: "rg-ai", resourceName: "support-identity", issuer: `https://${GH}`, subject, audiences: ["api://AzureADTokenExchange"] },
        propertyDependencies: { resourceName: [identity] },
    });

describe("nhi-no-identity-reuse (NHI9)", () => {
    const reuse = (inputs: AnalyzerInput[]) => stack("nhi-no-identity-reuse", inputs);

    it("passes an AI tool role trusted by one repository's one environment", async () => {
        expect(await reuse([role("reviewer")])).toEqual([]);
    });

    it("reports, as advisory, a role trusted by two repositories (names-only and immutable subjects alike)", async () => {
        const r = trusting("shared", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ai-review" }), oidc({ [`${GH}:sub`]: "repo:acme@1/docs@2:environment:ai-review" }));
        const ds = await reuse([r]);
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => [d.urn, d.message])).toEqual([[r.urn, expect.stringMatching(/is reused: its trust admits 2 GitHub repositories \(`acme\/app`, `acme\/docs`\)/)]]);
    });

    it("reports one repository's two environments, and not the same environment named twice", async () => {
        const two = trusting("two-envs", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ai-review" }), oidc({ [`${GH}:sub`]: "repo:acme/app:environment:production" }));
        expect((await reuse([two])).map((d) => d.message)).toEqual([expect.stringMatching(/its trust admits 2 environments/)]);
        const same = trusting("same-env", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ai-review" }), oidc({ [`${GH}:sub`]: "repo:ACME/app:environment:ai-review" }));
        expect(await reuse([same])).toEqual([]);
    });

    it("does not count one repository named once by name and once by ID as two (boundary)", async () => {
        const r = trusting("mixed", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ai-review" }), oidc({ [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "ai-review" }));
        expect((await reuse([r])).filter((d) => /repositories/.test(d.message))).toEqual([]);
    });

    it("counts over separate trust resources: two GCP bindings for two repositories on one service account", async () => {
        const { parent, account } = serviceAccount();
        const a = impersonation("trust-analytics", `${POOL}/attribute.repository/acme/analytics`, parent);
        const b = impersonation("trust-billing", `${POOL}/attribute.repository/acme/billing`, parent);
        expect(await reuse([parent, account, a])).toEqual([]);
        expect((await reuse([parent, account, a, b])).map((d) => [d.urn, d.message])).toEqual([[account.urn, expect.stringMatching(/2 GitHub repositories \(`acme\/analytics`, `acme\/billing`\)/)]]);
    });

    it("counts two Azure federated credentials for two repositories on one managed identity", async () => {
        const { parent, identity } = managedIdentity();
        const a = federated("gh-support", "repo:acme/support:environment:ai-agent", identity, parent);
        const b = federated("gh-web", "repo:acme/web:environment:ai-agent", identity, parent);
        expect(await reuse([parent, identity, a])).toEqual([]);
        expect((await reuse([parent, identity, a, b])).map((d) => d.urn)).toEqual([identity.urn]);
    });

    it("reports a tool annotation naming several tools", async () => {
        const r = role("two-tools", { tags: { ...GOOD_TAGS, "nhi:tool": "claude-code, copilot" } });
        expect((await reuse([r])).map((d) => d.message)).toEqual([expect.stringMatching(/its `tool` annotation names 2 tools \(`claude-code`, `copilot`\)/)]);
    });

    it("lists a trust unknown at preview as unverified, never a finding", async () => {
        const r = role("later", { assumeRolePolicy: UNKNOWN });
        const ds = await reuse([r]);
        expect(ds.length).toBeGreaterThan(0);
        expect(unverified(ds)).toEqual(ds);
        expect(mandatory(ds)).toEqual([]);
    });

    it("leaves identities that are no AI tool's alone", async () => {
        const r = trusting("ci", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ci" }), oidc({ [`${GH}:sub`]: "repo:acme/web:environment:ci" }));
        const untagged = { ...r, props: { ...r.props, tags: { "nhi:owner": "platform-team" } } };
        expect(await reuse([untagged])).toEqual([]);
    });
});

describe("nhi-no-human-use (NHI10)", () => {
    const human = (inputs: AnalyzerInput[]) => stack("nhi-no-human-use", inputs);

    it("passes an AI tool role trusted by its workload and by another role", async () => {
        expect(await human([role("reviewer")])).toEqual([]);
        expect(await human([trusting("chained", assume(`arn:aws:iam::${ACCOUNT}:role/deployer`))])).toEqual([]);
    });

    it.each([
        ["an IAM user", `arn:aws:iam::${ACCOUNT}:user/alice`, /an IAM user/],
        ["the account root", `arn:aws:iam::${ACCOUNT}:root`, /the whole AWS account/],
        ["a bare account ID", ACCOUNT, /the whole AWS account/],
        ["an SSO role", `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`, /IAM Identity Center \(SSO\) role/],
        ["an SSO session", `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Dev_0123/alice@acme.com`, /IAM Identity Center \(SSO\) role/],
        ["a GovCloud IAM user", `arn:aws-us-gov:iam::${ACCOUNT}:user/bob`, /an IAM user/],
    ])("blocks an AI tool role that trusts %s", async (_why, principal, what) => {
        const r = trusting("reviewer", oidc({ [`${GH}:sub`]: "repo:acme/app:environment:ai-review" }), assume(principal));
        const ds = await human([r]);
        expect(mandatory(ds).map((d) => [d.urn, d.message])).toEqual([[r.urn, expect.stringMatching(what)]]);
    });

    it("does not take a role merely named like a person for one (boundary)", async () => {
        expect(await human([trusting("r", assume(`arn:aws:iam::${ACCOUNT}:role/user-alice`), assume(`arn:aws:iam::${ACCOUNT}:role/NotAWSReservedSSO_x`))])).toEqual([]);
    });

    it.each([
        ["user:alice@acme.com", "roles/iam.workloadIdentityUser"],
        ["group:data-team@acme.com", "roles/iam.serviceAccountTokenCreator"],
        ["domain:acme.com", "roles/iam.serviceAccountTokenCreator"],
    ])("blocks %s with %s on an AI tool's service account", async (member, role) => {
        const { parent, account } = serviceAccount();
        const binding = impersonation("person", member, parent, role);
        const ds = await human([parent, account, binding]);
        expect(mandatory(ds).map((d) => [d.urn, d.message])).toEqual([[binding.urn, expect.stringContaining(`names \`${member}\``)]]);
    });

    it("passes a service account impersonated by one repository's workload", async () => {
        const { parent, account } = serviceAccount();
        expect(await human([parent, account, impersonation("wif", `${POOL}/attribute.repository/acme/analytics`, parent)])).toEqual([]);
    });

    it("lists an impersonation member unknown at preview as unverified", async () => {
        const { parent, account } = serviceAccount();
        const binding = impersonation("later", UNKNOWN, parent);
        const ds = await human([parent, account, binding]);
        expect(mandatory(ds)).toEqual([]);
        expect(unverified(ds).map((d) => d.urn)).toEqual([binding.urn]);
    });

    it("does not judge a human trust on an identity that is no AI tool's", async () => {
        const r = trusting("break-glass", assume(`arn:aws:iam::${ACCOUNT}:user/alice`));
        expect(await human([{ ...r, props: { ...r.props, tags: { "nhi:owner": "platform-team" } } }])).toEqual([]);
    });
});

describe("nhi-environment-isolation (NHI8)", () => {
    const isolation = (inputs: AnalyzerInput[]) => stack("nhi-environment-isolation", inputs);
    afterEach(() => pack.configure({}));
    const envs = (name: string, ...environments: string[]) => trusting(name, ...environments.map((e) => oidc({ [`${GH}:sub`]: `repo:acme/app:environment:${e}` })));

    it("passes an identity serving only production, or only non-production", async () => {
        expect(await isolation([envs("prod-only", "production", "prod-eu")])).toEqual([]);
        expect(await isolation([envs("test-only", "staging", "dev")])).toEqual([]);
    });

    it("reports, as advisory, one identity trusted from production and staging", async () => {
        const r = envs("both", "production", "staging");
        const ds = await isolation([r]);
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => [d.urn, d.message])).toEqual([[r.urn, expect.stringMatching(/serves production and non-production: its trust admits `acme\/app` environment `production` and `acme\/app` environment `staging`/)]]);
    });

    it("counts over separate Azure federated credentials of one managed identity", async () => {
        const { parent, identity } = managedIdentity();
        const prod = federated("gh-prod", "repo:acme/support:environment:prod", identity, parent);
        const dev = federated("gh-dev", "repo:acme/support:environment:dev", identity, parent);
        expect(await isolation([parent, identity, prod])).toEqual([]);
        expect((await isolation([parent, identity, prod, dev])).map((d) => d.urn)).toEqual([identity.urn]);
    });

    it("matches whole words only, and a name matching both patterns is neither (boundary)", async () => {
        expect(await isolation([envs("words", "production", "devtools", "product-docs", "ai-review")])).toEqual([]);
        expect(await isolation([envs("ambiguous", "prod-test", "dev")])).toEqual([]);
    });

    it("takes the production and non-production patterns from config", async () => {
        const r = envs("custom", "main", "scratch");
        expect(await isolation([r])).toEqual([]);
        await pack.configure({ "nhi-environment-isolation": { productionPattern: "^main$", nonProductionPattern: "^scratch$" } });
        expect((await isolation([r])).map((d) => d.urn)).toEqual([r.urn]);
    });

    it("names an unusable pattern and judges with the default meanwhile", async () => {
        await pack.configure({ "nhi-environment-isolation": { productionPattern: "(prod" } });
        const messages = (await isolation([envs("both", "production", "staging")])).map((d) => d.message);
        expect(messages).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^policy config `nhi-environment-isolation.productionPattern` is not a valid regular expression; fix it/),
                expect.stringMatching(/serves production and non-production/),
            ]),
        );
    });

    it("lists a second trust unknown at preview as unverified, never a finding", async () => {
        const { parent, identity } = managedIdentity();
        const prod = federated("gh-prod", "repo:acme/support:environment:production", identity, parent);
        const later = federated("gh-later", UNKNOWN as string, identity, parent);
        const ds = await isolation([parent, identity, prod, later]);
        expect(mandatory(ds)).toEqual([]);
        expect(ds.length).toBeGreaterThan(0);
        expect(unverified(ds)).toEqual(ds);
    });
});

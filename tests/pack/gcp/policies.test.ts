/**
 * Every nhi-guard policy, fed GCP resources through real Analyze / AnalyzeStack requests
 * (in-process, @pulumi/policy's own handlers): compliant, violating, unknown-value and boundary
 * cases for each concept the GCP readers express.
 */
import type { AnalyzerInput } from "../../../cli/analyzer/protocol";
import { UNKNOWN } from "../../../cli/analyzer/protocol";
import { formatInstant, parseContractDate } from "../../../contract/dates";
import { daysFromNow } from "../../../components/shared/dates";
import { PackHarness, advisory, component, loadPack, mandatory, of, resource } from "../../helpers/pack";

const T = {
    account: "gcp:serviceaccount/account:Account",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    projectPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
    bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    saMember: "gcp:serviceaccount/iAMMember:IAMMember",
    key: "gcp:serviceaccount/key:Key",
    apiKey: "gcp:projects/apiKey:ApiKey",
    secret: "gcp:secretmanager/secret:Secret",
    provider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
    pam: "gcp:privilegedaccessmanager/entitlement:entitlement",
    environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
};
const PROJECT = "acme-data";
const EXPIRES = daysFromNow(90);
const EMAIL = `data-agent@${PROJECT}.iam.gserviceaccount.com`;
const GITHUB = "https://token.actions.githubusercontent.com";
const PINNED = 'assertion.repository == "acme/analytics" && assertion.environment == "ai-data"';
const until = (day: string) => ({ title: "ends", expression: `request.time < timestamp("${formatInstant(parseContractDate(day)!)}")` });
const description = (change: { owner?: string; expiresAt?: string; access?: string } = {}) =>
    `owner=${change.owner ?? "data-platform"};expires-at=${change.expiresAt ?? EXPIRES};tool=claude-code;access=${change.access ?? "read"}`;

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

/** A governed component with its service account, as the GCP component creates them. */
function governed(name = "agent", accountDescription = description()) {
    const parent = component(name, "gcp");
    const account = resource({ type: T.account, name: `${name}-sa`, parent, props: { accountId: "data-agent", project: PROJECT, displayName: "Answers sales questions", description: accountDescription } });
    return { parent, account };
}

/** A project IAM member for the account, linked by property dependency when `account` is given. */
const member = (name: string, props: Record<string, unknown>, opts: { parent?: AnalyzerInput; account?: AnalyzerInput; type?: string } = {}) =>
    resource({
        type: opts.type ?? T.projectMember,
        name,
        parent: opts.parent,
        props: { project: PROJECT, role: "roles/bigquery.dataViewer", member: opts.account ? UNKNOWN : `serviceAccount:${EMAIL}`, condition: until(EXPIRES), ...props },
        propertyDependencies: opts.account ? { member: [opts.account] } : {},
    });

const diagnostics = async (input: AnalyzerInput, policy: string) => of(await pack.analyze(input), policy);

describe("nhi-owner-required and nhi-expiry-required (service account description)", () => {
    it("passes an owned, expiring service account", async () => {
        const { account } = governed();
        const result = await pack.analyze(account);
        expect(of(result, "nhi-owner-required")).toEqual([]);
        expect(of(result, "nhi-expiry-required")).toEqual([]);
    });

    it.each([
        [description({ owner: "" }).replace("owner=;", ""), "nhi-owner-required"],
        [description({ owner: "tbd" }), "nhi-owner-required"],
        ["Loads partner files", "nhi-owner-required"],
        [description().replace(`expires-at=${EXPIRES};`, ""), "nhi-expiry-required"],
        [description({ expiresAt: daysFromNow(-1) }), "nhi-expiry-required"],
        [description({ expiresAt: daysFromNow(400) }), "nhi-expiry-required"],
        [description({ expiresAt: "2027-02-30" }), "nhi-expiry-required"],
    ])("blocks a service account described %j (%s)", async (text, policy) => {
        const { account } = governed("bad", text);
        expect(mandatory(await diagnostics(account, policy))).toHaveLength(1);
    });

    it("passes the boundary: an expiry exactly maxLifetimeDays away", async () => {
        const { account } = governed("edge", description({ expiresAt: daysFromNow(365) }));
        expect(mandatory(await diagnostics(account, "nhi-expiry-required"))).toEqual([]);
    });

    it("is advisory, not a pass, when the description is unknown at preview", async () => {
        const { account } = governed("later", UNKNOWN);
        const ds = await diagnostics(account, "nhi-owner-required");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });
});

describe("nhi-no-standing-access (IAM conditions)", () => {
    it("passes a member whose condition ends it", async () => {
        const { parent } = governed();
        expect(await diagnostics(member("agent-grant", {}, { parent }), "nhi-no-standing-access")).toEqual([]);
    });

    it.each([
        ["no condition", { condition: undefined }],
        ["a condition without a time bound", { condition: { title: "t", expression: 'resource.name.startsWith("projects/_/buckets/x")' } }],
        ["a disjunction that escapes the bound", { condition: { title: "t", expression: `${until(EXPIRES).expression} || true` } }],
        ["a bound that does not parse", { condition: { title: "t", expression: 'request.time < timestamp("2027-03-31")' } }],
    ])("blocks a member with %s", async (_, change) => {
        const { parent } = governed();
        const ds = await diagnostics(member("agent-grant", change, { parent }), "nhi-no-standing-access");
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).toMatch(/never ends/);
    });

    it("is advisory when the condition is unknown at preview", async () => {
        const { parent } = governed();
        const ds = await diagnostics(member("agent-grant", { condition: { title: "t", expression: UNKNOWN } }, { parent }), "nhi-no-standing-access");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("blocks, in the stack, a grant that ends after its account does (boundary: the same day passes)", async () => {
        const { parent, account } = governed();
        const late = member("agent-late", { condition: until(daysFromNow(120)) }, { parent, account });
        const same = member("agent-same", { condition: until(EXPIRES) }, { parent, account, type: T.bucketMember });
        const ds = of(await pack.analyzeStack([parent, account, late, same]), "nhi-no-standing-access");
        expect(ds.map((d) => d.urn)).toEqual([late.urn]);
        expect(ds[0].message).toMatch(/after the identity expires/);
    });

    it("follows a policy document's bindings to the account by its member string", async () => {
        const { parent, account } = governed();
        const policyData = JSON.stringify({ bindings: [{ role: "roles/storage.objectViewer", members: [`serviceAccount:${EMAIL}`] }] });
        const outside = resource({ type: T.projectPolicy, name: "project-policy", props: { project: PROJECT, policyData } });
        const ds = mandatory(of(await pack.analyzeStack([parent, account, outside]), "nhi-no-standing-access"));
        expect(ds.map((d) => d.urn)).toEqual([outside.urn]);
    });
});

describe("nhi-least-privilege and nhi-declared-access (roles)", () => {
    it.each([
        ["roles/owner", /administrator or basic role/],
        ["roles/editor", /administrator or basic role/],
        ["roles/iam.serviceAccountTokenCreator", /privilege-escalation/],
        ["roles/iam.serviceAccountKeyAdmin", /credential-exposure/],
    ])("blocks %s under an AI tool's component", async (role, rule) => {
        const { parent } = governed();
        const ds = mandatory(await diagnostics(member("agent-grant", { role }, { parent }), "nhi-least-privilege"));
        expect(ds).toHaveLength(1);
        expect(ds[0].message).toContain(`Role::${role}`);
        expect(ds[0].message).toMatch(rule);
    });

    it("passes a viewer role, and is advisory when the role is unknown at preview", async () => {
        const { parent } = governed();
        expect(await diagnostics(member("agent-grant", {}, { parent }), "nhi-least-privilege")).toEqual([]);
        const ds = await diagnostics(member("agent-grant", { role: UNKNOWN }, { parent }), "nhi-least-privilege");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("blocks a role that writes for an account declaring read, wherever it is granted", async () => {
        const { parent, account } = governed();
        const reader = member("agent-read", {}, { parent, account });
        const writer = member("bolted-on-write", { role: "roles/storage.objectAdmin" }, { account });
        const ds = of(await pack.analyzeStack([parent, account, reader, writer]), "nhi-declared-access");
        expect(ds.map((d) => d.urn)).toEqual([writer.urn]);
        expect(ds[0].message).toMatch(/roles\/storage\.objectAdmin/);
    });

    it("lets an account declaring write hold the same role", async () => {
        const { parent, account } = governed("writer", description({ access: "write" }));
        const writer = member("writer-grant", { role: "roles/storage.objectAdmin" }, { parent, account });
        expect(of(await pack.analyzeStack([parent, account, writer]), "nhi-declared-access")).toEqual([]);
    });
});

describe("nhi-no-shadow-access", () => {
    it("blocks a grant to a governed account made outside its component, by dependency or by member string", async () => {
        const { parent, account } = governed();
        const inside = member("agent-grant", {}, { parent, account });
        const byDependency = member("shadow-dep", {}, { account });
        const byName = member("shadow-name", {});
        const ds = of(await pack.analyzeStack([parent, account, inside, byDependency, byName]), "nhi-no-shadow-access");
        expect(ds.map((d) => d.urn).sort()).toEqual([byDependency.urn, byName.urn].sort());
    });

    it("blocks a key minted for a governed account outside its component", async () => {
        const { parent, account } = governed();
        const key = resource({ type: T.key, name: "shadow-key", props: { serviceAccountId: UNKNOWN }, propertyDependencies: { serviceAccountId: [account] } });
        const ds = of(await pack.analyzeStack([parent, account, key]), "nhi-no-shadow-access");
        expect(ds.map((d) => d.urn)).toEqual([key.urn]);
    });
});

describe("nhi-no-long-lived-credentials", () => {
    it("blocks every service-account key and API key", async () => {
        const { parent } = governed();
        const key = resource({ type: T.key, name: "agent-key", parent, props: { serviceAccountId: UNKNOWN } });
        const apiKey = resource({ type: T.apiKey, name: "agent-api-key", parent, props: { displayName: "k", serviceAccountEmail: EMAIL } });
        expect(mandatory(await diagnostics(key, "nhi-no-long-lived-credentials"))).toHaveLength(1);
        expect(mandatory(await diagnostics(apiKey, "nhi-no-long-lived-credentials"))).toHaveLength(1);
    });
});

describe("nhi-secret-rotation-required (Secret Manager)", () => {
    const secret = (name: string, props: Record<string, unknown>, parent: AnalyzerInput) =>
        resource({ type: T.secret, name, parent, props: { secretId: name, project: PROJECT, replication: { auto: {} }, topics: [{ name: `projects/${PROJECT}/topics/rotation` }], ...props } });

    it("passes a rotation period at the limit and blocks one past it, no rotation, or an unreadable one", async () => {
        const { parent } = governed();
        const atLimit = secret("at-limit", { rotation: { rotationPeriod: `${30 * 86_400}s`, nextRotationTime: `${daysFromNow(30)}T00:00:00Z` } }, parent);
        const tooSlow = secret("too-slow", { rotation: { rotationPeriod: `${31 * 86_400}s`, nextRotationTime: `${daysFromNow(31)}T00:00:00Z` } }, parent);
        const never = secret("never", {}, parent);
        const garbled = secret("garbled", { rotation: { rotationPeriod: "monthly" } }, parent);
        const ds = of(await pack.analyzeStack([parent, atLimit, tooSlow, never, garbled]), "nhi-secret-rotation-required");
        expect(ds.map((d) => d.urn).sort()).toEqual([tooSlow.urn, never.urn, garbled.urn].sort());
        expect(ds.find((d) => d.urn === garbled.urn)!.message).toMatch(/rotationPeriod/);
    });

    it("passes a secret that expires within the period", async () => {
        const { parent } = governed();
        const expiring = secret("expiring", { expireTime: `${daysFromNow(10)}T00:00:00Z` }, parent);
        expect(of(await pack.analyzeStack([parent, expiring]), "nhi-secret-rotation-required")).toEqual([]);
    });
});

describe("nhi-short-sessions (PAM entitlements)", () => {
    const entitlement = (maxRequestDuration: unknown, parent: AnalyzerInput) =>
        resource({
            type: T.pam,
            name: "agent-break-glass",
            parent,
            props: {
                parent: `projects/${PROJECT}`,
                location: "global",
                entitlementId: "break-glass",
                maxRequestDuration,
                eligibleUsers: [{ principals: [`serviceAccount:${EMAIL}`] }],
                privilegedAccess: { gcpIamAccess: { resource: `//cloudresourcemanager.googleapis.com/projects/${PROJECT}`, resourceType: "cloudresourcemanager.googleapis.com/Project", roleBindings: [{ role: "roles/storage.objectViewer", conditionExpression: until(EXPIRES).expression }] } },
            },
        });

    it("passes the boundary (3600 s) and blocks longer or unreadable durations", async () => {
        const { parent } = governed();
        expect(await diagnostics(entitlement("3600s", parent), "nhi-short-sessions")).toEqual([]);
        expect(mandatory(await diagnostics(entitlement("3601s", parent), "nhi-short-sessions"))).toHaveLength(1);
        const unreadable = mandatory(await diagnostics(entitlement("an hour", parent), "nhi-short-sessions"));
        expect(unreadable).toHaveLength(1);
        expect(unreadable[0].message).toMatch(/cannot be read/);
    });

    it("is advisory when the duration is unknown at preview", async () => {
        const { parent } = governed();
        const ds = await diagnostics(entitlement(UNKNOWN, parent), "nhi-short-sessions");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });
});

describe("nhi-trust-pinned (workload identity)", () => {
    const provider = (props: Record<string, unknown>, parent?: AnalyzerInput) =>
        resource({ type: T.provider, name: "agent-github", parent, props: { workloadIdentityPoolId: "data-agent", workloadIdentityPoolProviderId: "github", oidc: { issuerUri: GITHUB }, attributeCondition: PINNED, ...props } });

    it("passes a provider pinned to one repository and environment", async () => {
        expect(await diagnostics(provider({}), "nhi-trust-pinned")).toEqual([]);
    });

    it.each([
        ["no attribute condition", { attributeCondition: undefined }, /no `attributeCondition`/],
        ["an owner-wide condition", { attributeCondition: 'assertion.repository_owner == "acme"' }, /pins neither `assertion\.repository` nor `assertion\.repository_id`/],
        ["a disjunction", { attributeCondition: `${PINNED} || assertion.repository == "evil/fork"` }, /`\|\|`/],
    ])("blocks a provider with %s", async (_, change, why) => {
        const ds = mandatory(await diagnostics(provider(change), "nhi-trust-pinned"));
        expect(ds).toHaveLength(1);
        expect(ds[0].message).toMatch(why);
    });

    it("is advisory when the condition is unknown at preview", async () => {
        const ds = await diagnostics(provider({ attributeCondition: UNKNOWN }), "nhi-trust-pinned");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("blocks a workload identity binding for the whole pool, and passes one for one repository", async () => {
        const pool = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/data-agent";
        const binding = (memberString: string) => resource({ type: T.saMember, name: "agent-trust", props: { serviceAccountId: `projects/${PROJECT}/serviceAccounts/${EMAIL}`, role: "roles/iam.workloadIdentityUser", member: memberString, condition: until(EXPIRES) } });
        expect(mandatory(await diagnostics(binding(`${pool}/*`), "nhi-trust-pinned"))).toHaveLength(1);
        expect(await diagnostics(binding(`${pool}/attribute.repository/acme/analytics`), "nhi-trust-pinned")).toEqual([]);
    });
});

describe("nhi-human-approval (the environment a pool provider trusts)", () => {
    it("lists a governed provider whose GitHub environment is not declared as unverified, and passes it once it is, with reviewers", async () => {
        const { parent } = governed();
        const trust = resource({ type: T.provider, name: "agent-github", parent, props: { workloadIdentityPoolId: "data-agent", oidc: { issuerUri: GITHUB }, attributeCondition: PINNED } });
        const missing = of(await pack.analyzeStack([parent, trust]), "nhi-human-approval");
        expect(mandatory(missing)).toEqual([]);
        expect(advisory(missing).map((d) => d.urn)).toEqual([trust.urn]);
        expect(missing[0].message).toMatch(/^Unverified: .*not declared in this stack/);

        const environment = resource({
            type: T.environment,
            name: "ai-data",
            props: { repository: "analytics", environment: "ai-data", preventSelfReview: true, reviewers: [{ teams: [4243], users: [] }] },
        });
        expect(mandatory(of(await pack.analyzeStack([parent, trust, environment]), "nhi-human-approval"))).toEqual([]);
    });
});

describe("nhi-no-plaintext-secrets (GCP descriptions and labels)", () => {
    it("blocks a token pasted into a service account's description without printing it", async () => {
        const token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        const { account } = governed("leaky", `${description()};note=${token}`);
        const ds = mandatory(await diagnostics(account, "nhi-no-plaintext-secrets"));
        expect(ds).toHaveLength(1);
        expect(ds[0].message).toMatch(/description/);
        expect(ds[0].message).not.toContain(token);
    });
});

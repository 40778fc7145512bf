/**
 * Values unknown at preview, as `pulumi preview` sends them (the sentinel wholly in place of a
 * string built from an output, and in place of each unknown member of a known object or list):
 * an unknown in one input never silences the checks on the known ones, and a check on an unknown
 * value is an `Unverified:` advisory, never a mandatory violation. Through real Analyze and
 * AnalyzeStack requests.
 */
import { UNKNOWN, secret } from "../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

const ROLE = "aws:iam/role:Role";
const GITHUB_ISSUER_HOST = "token.actions.githubusercontent.com";
/** Within the default 365-day lifetime, whatever day the suite runs. */
const SOON = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
const tags = { "nhi:owner": "platform-team", "nhi:expires-at": SOON, "nhi:tool": "claude-code", "nhi:access": "read" };
const dated = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*", Condition: { DateLessThan: { "aws:CurrentTime": "2098-01-01T00:00:00Z" } }, ...extra });
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
/** The trust the nhi-guard component writes, with the provider's ARN unknown at preview as in the same program. */
const githubTrust = (sub: unknown, federated: unknown = UNKNOWN) =>
    doc({
        Effect: "Allow",
        Principal: { Federated: federated },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${GITHUB_ISSUER_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_ISSUER_HOST}:sub`]: sub } },
    });

const unverified = <D extends { message: string }>(ds: D[]) => ds.filter((d) => d.message.startsWith("Unverified:"));

async function analyze(type: string, name: string, props: Record<string, unknown>, parent = component("tool")) {
    return pack.analyze(resource({ type, name, props, parent }));
}

describe("an AWS role whose trust policy is unknown (jsonStringify around an OIDC provider's ARN)", () => {
    it("still checks owner, expiry and session length, and lists the trust as unverified", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, maxSessionDuration: 43200, tags: { ...tags, "nhi:owner": "Not A Team!", "nhi:expires-at": "2001-01-01" } });
        expect(mandatory(of(result, "nhi-owner-required"))).toHaveLength(1);
        expect(mandatory(of(result, "nhi-expiry-required"))[0].message).toMatch(/expired/);
        expect(mandatory(of(result, "nhi-short-sessions"))[0].message).toMatch(/43200 s/);
        expect(mandatory(of(result, "nhi-trust-pinned"))).toEqual([]);
        const trust = advisory(of(result, "nhi-trust-pinned"));
        expect(trust.map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: IAM role "ci": its trust is unknown until the update \(`assumeRolePolicy` is computed from other resources\)/)]);
        // No policy falls back to @pulumi/policy's whole-policy "can't run ... during preview".
        expect(result.diagnostics.filter((d) => /can't run policy/.test(d.message))).toEqual([]);
    });

    it("passes the known checks when they comply", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, maxSessionDuration: 3600, tags });
        expect(mandatory(result.diagnostics)).toEqual([]);
        expect(unverified(result.diagnostics).map((d) => d.policyName)).toEqual(["nhi-trust-pinned"]);
    });

    it("with a known wildcard inline policy still violates least privilege, on the resource and in the stack", async () => {
        const inlinePolicies = [{ name: "admin", policy: JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" })) }];
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, tags, inlinePolicies });
        const violations = mandatory(of(result, "nhi-least-privilege")).map((d) => d.message);
        expect(violations).toEqual(expect.arrayContaining([expect.stringContaining('Action::* in inline policy "admin"')]));
        // Outside a component too: the tool tag makes it an AI tool's, and its undated inline policy is standing.
        const loose = await pack.analyze(resource({ type: ROLE, name: "loose", props: { assumeRolePolicy: UNKNOWN, tags, inlinePolicies } }));
        expect(mandatory(of(loose, "nhi-least-privilege")).length).toBeGreaterThan(0);
        expect(mandatory(of(loose, "nhi-no-standing-access"))).toHaveLength(1);
    });

    it("an unknown owner tag leaves the owner unverified and the expiry checked", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:owner": UNKNOWN, "nhi:expires-at": "not-a-date" } });
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
        expect(advisory(of(result, "nhi-owner-required"))[0].message).toMatch(/^Unverified: IAM role "ci": its owner is unknown until the update \(`tags.nhi:owner`/);
        expect(mandatory(of(result, "nhi-expiry-required"))).toHaveLength(1);
    });

    it("a wholly unknown tag map leaves owner and expiry unverified, and the session checked", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, tags: UNKNOWN, maxSessionDuration: 7200 });
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
        expect(mandatory(of(result, "nhi-expiry-required"))).toEqual([]);
        expect(unverified(of(result, "nhi-owner-required"))).toHaveLength(1);
        expect(unverified(of(result, "nhi-expiry-required"))).toHaveLength(1);
        expect(mandatory(of(result, "nhi-short-sessions"))).toHaveLength(1);
    });

    it("an unknown session length is unverified while the trust is judged", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: githubTrust("repo:acme/*"), maxSessionDuration: UNKNOWN, tags });
        expect(mandatory(of(result, "nhi-short-sessions"))).toEqual([]);
        expect(unverified(of(result, "nhi-short-sessions"))[0].message).toMatch(/its session length is unknown until the update \(`maxSessionDuration`/);
        expect(mandatory(of(result, "nhi-trust-pinned"))[0].message).toMatch(/wildcard in the owner\/repository/);
    });
});

describe("documents with some members unknown (objects serialized member by member)", () => {
    it("a trust whose Federated principal is unknown is judged on its known conditions", async () => {
        const wild = await analyze(ROLE, "ci", { assumeRolePolicy: githubTrust("repo:acme/*"), tags });
        expect(mandatory(of(wild, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/"repo:acme\/\*" has a wildcard in the owner\/repository/)]);
        const pinned = await analyze(ROLE, "ci", { assumeRolePolicy: githubTrust("repo:acme/app:environment:prod"), tags });
        expect(mandatory(of(pinned, "nhi-trust-pinned"))).toEqual([]);
        expect(unverified(of(pinned, "nhi-trust-pinned"))[0].message).toMatch(/part of its trust is unknown until the update \(`assumeRolePolicy.Statement\[0\].Principal`/);
    });

    it("known condition values next to an unknown one: a known wildcard violates, the rest is unverified", async () => {
        const wild = await analyze(ROLE, "ci", { assumeRolePolicy: githubTrust(["repo:acme/*", UNKNOWN], "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), tags });
        expect(mandatory(of(wild, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/wildcard in the owner\/repository/)]);
        const pinned = await analyze(ROLE, "ci", { assumeRolePolicy: githubTrust(["repo:acme/app:environment:prod", UNKNOWN], "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), tags });
        expect(mandatory(of(pinned, "nhi-trust-pinned"))).toEqual([]);
        expect(unverified(of(pinned, "nhi-trust-pinned"))).toHaveLength(1);
    });

    it("an action list with an unknown member: known wildcards still violate, the unknown one is unverified", async () => {
        const policy = doc(dated({ Action: ["iam:*", UNKNOWN], Resource: UNKNOWN }));
        const result = await analyze("aws:iam/rolePolicy:RolePolicy", "grant", { role: UNKNOWN, policy });
        expect(mandatory(of(result, "nhi-least-privilege")).map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(/Action::iam:\*/)]));
        expect(unverified(of(result, "nhi-least-privilege"))[0].message).toMatch(/part of the actions of statement #1 is unknown until the update \(`policy.Statement\[0\].Action`/);
        // The date condition is known: the grant ends.
        expect(mandatory(of(result, "nhi-no-standing-access"))).toEqual([]);
    });

    it("an unknown date in the end condition is unverified, not standing; no date at all still is standing", async () => {
        const unknownDate = await analyze("aws:iam/rolePolicy:RolePolicy", "grant", { role: "r", policy: doc(dated({ Condition: { DateLessThan: { "aws:CurrentTime": UNKNOWN } } })) });
        expect(mandatory(of(unknownDate, "nhi-no-standing-access"))).toEqual([]);
        expect(unverified(of(unknownDate, "nhi-no-standing-access"))[0].message).toMatch(/the end of statement #1 is unknown until the update/);
        const noDate = await analyze("aws:iam/rolePolicy:RolePolicy", "grant", { role: "r", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }) });
        expect(mandatory(of(noDate, "nhi-no-standing-access"))).toHaveLength(1);
    });

    it("a wholly unknown document is unverified for every policy that reads it, and its target is still linked", async () => {
        const governed = component("tool");
        const role = resource({ type: ROLE, name: "tool-role", parent: governed, props: { name: "tool-role", assumeRolePolicy: githubTrust("repo:acme/app:environment:prod", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), tags } });
        const inside = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "inside", parent: governed, props: { role: "tool-role", policy: UNKNOWN } });
        const outside = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "outside", props: { role: "tool-role", policy: UNKNOWN } });
        const r = await pack.analyze(inside);
        expect(mandatory(r.diagnostics)).toEqual([]);
        expect(unverified(of(r, "nhi-least-privilege"))).toHaveLength(1);
        expect(unverified(of(r, "nhi-no-standing-access"))).toHaveLength(1);
        const stack = await pack.analyzeStack([governed, role, inside, outside]);
        // Its role is known, so grants from outside the component are still shadow access.
        expect(mandatory(of(stack, "nhi-no-shadow-access")).map((d) => d.urn)).toEqual([outside.urn]);
        expect(mandatory(of(stack, "nhi-least-privilege"))).toEqual([]);
        expect(unverified(of(stack, "nhi-declared-access")).map((d) => d.urn)).toEqual(expect.arrayContaining([inside.urn, outside.urn]));
    });
});

describe("GCP workload identity bound with a member built from a pool's name", () => {
    const SA_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
    const POOL = "projects/123456/locations/global/workloadIdentityPools/github";
    const binding = (member: unknown) => ({ serviceAccountId: "projects/p/serviceAccounts/tool@p.iam.gserviceaccount.com", role: "roles/iam.workloadIdentityUser", member });

    it("unknown at preview (pulumi.interpolate with an unknown part is wholly unknown): unverified, not 'not pinned'", async () => {
        const result = await analyze(SA_MEMBER, "wif", binding(UNKNOWN));
        expect(mandatory(of(result, "nhi-trust-pinned"))).toEqual([]);
        expect(unverified(of(result, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: service account IAM member "wif": part of its trust is unknown until the update \(`member`/)]);
        expect(result.diagnostics.filter((d) => /not pinned/.test(d.message))).toEqual([]);
    });

    it("known and pinned to one subject: passes", async () => {
        const result = await analyze(SA_MEMBER, "wif", binding(`principal://iam.googleapis.com/${POOL}/subject/repo:acme/app:environment:prod`));
        expect(of(result, "nhi-trust-pinned")).toEqual([]);
    });

    it("known and naming every repository of an owner: violates", async () => {
        const result = await analyze(SA_MEMBER, "wif", binding(`principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/*`));
        expect(mandatory(of(result, "nhi-trust-pinned"))).toHaveLength(1);
    });

    it("a grant with an unknown condition is unverified for its end, and its known role still judged", async () => {
        const result = await analyze("gcp:projects/iAMMember:IAMMember", "grant", { project: "p", role: "roles/owner", member: UNKNOWN, condition: { title: "until", expression: UNKNOWN } });
        expect(mandatory(of(result, "nhi-least-privilege")).length).toBeGreaterThan(0);
        expect(mandatory(of(result, "nhi-no-standing-access"))).toEqual([]);
        expect(unverified(of(result, "nhi-no-standing-access"))[0].message).toMatch(/`condition.expression`/);
    });

    it("a service account whose description is unknown leaves its annotations unverified", async () => {
        const result = await analyze("gcp:serviceaccount/account:Account", "sa", { accountId: "tool", description: UNKNOWN });
        expect(mandatory(result.diagnostics)).toEqual([]);
        expect(unverified(of(result, "nhi-owner-required"))).toHaveLength(1);
        expect(unverified(of(result, "nhi-expiry-required"))).toHaveLength(1);
    });
});

describe("an Azure federated credential with an unknown issuer", () => {
    const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
    const fic = (subject: string) => ({ resourceName: "tool-identity", resourceGroupName: "rg", issuer: UNKNOWN, subject, audiences: ["api://AzureADTokenExchange"] });

    it("still judges the known subject: a wildcard violates", async () => {
        const result = await analyze(FIC, "fic", fic("repo:acme/*"));
        expect(mandatory(of(result, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/has a wildcard/)]);
        expect(unverified(of(result, "nhi-trust-pinned"))[0].message).toMatch(/`issuer`/);
    });

    it("a pinned subject is unverified only for its issuer", async () => {
        const result = await analyze(FIC, "fic", fic("repo:acme/app:environment:prod"));
        expect(mandatory(of(result, "nhi-trust-pinned"))).toEqual([]);
        expect(unverified(of(result, "nhi-trust-pinned"))).toHaveLength(1);
    });

    it("an Entra password whose end date is unknown is unverified, not 'never expires'", async () => {
        const result = await analyze("azuread:index/applicationPassword:ApplicationPassword", "pw", { applicationId: UNKNOWN, endDate: UNKNOWN });
        expect(mandatory(of(result, "nhi-no-long-lived-credentials"))).toEqual([]);
        expect(unverified(of(result, "nhi-no-long-lived-credentials"))[0].message).toMatch(/when it expires is unknown until the update \(`endDate`/);
    });

    it("a managed identity with an unknown tag value keeps its other annotations checked", async () => {
        const result = await analyze("azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg", tags: { ...tags, "nhi:expires-at": UNKNOWN, "nhi:owner": "" } });
        expect(mandatory(of(result, "nhi-owner-required"))).toHaveLength(1);
        expect(mandatory(of(result, "nhi-expiry-required"))).toEqual([]);
        expect(unverified(of(result, "nhi-expiry-required"))).toHaveLength(1);
    });
});

describe("a GitHub environment with unknown reviewers (a team made in the same program)", () => {
    const ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";

    it("is unverified for its reviewers while preventSelfReview is still checked", async () => {
        const lax = await analyze(ENV, "prod", { repository: "app", environment: "prod", reviewers: UNKNOWN, preventSelfReview: false });
        expect(mandatory(of(lax, "nhi-human-approval")).map((d) => d.message)).toEqual([expect.stringMatching(/preventSelfReview: true/)]);
        expect(unverified(of(lax, "nhi-human-approval"))[0].message).toMatch(/`reviewers`/);
        const strict = await analyze(ENV, "prod", { repository: "app", environment: "prod", reviewers: UNKNOWN, preventSelfReview: true });
        expect(mandatory(of(strict, "nhi-human-approval"))).toEqual([]);
    });

    it("in the stack, the trusting identity gets no 'requires no human reviewer' violation", async () => {
        const governed = component("tool");
        const role = resource({ type: ROLE, name: "tool-role", parent: governed, props: { name: "tool-role", assumeRolePolicy: githubTrust("repo:acme/app:environment:prod", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), tags } });
        const env = resource({ type: ENV, name: "prod", props: { repository: "app", environment: "prod", reviewers: [{ teams: [UNKNOWN] }], preventSelfReview: true } });
        const stack = await pack.analyzeStack([governed, role, env]);
        expect(mandatory(of(stack, "nhi-human-approval"))).toEqual([]);
        const noTeam = resource({ type: ENV, name: "prod", props: { repository: "app", environment: "prod", reviewers: UNKNOWN, preventSelfReview: true } });
        const stack2 = await pack.analyzeStack([governed, role, noTeam]);
        expect(mandatory(of(stack2, "nhi-human-approval"))).toEqual([]);
        expect(unverified(of(stack2, "nhi-human-approval")).length).toBeGreaterThan(0);
    });
});

describe("every policy checks the known parts of a resource with an unknown input", () => {
    it("nhi-no-long-lived-credentials: an access key for an unknown user is still long-lived", async () => {
        const result = await analyze("aws:iam/accessKey:AccessKey", "key", { user: UNKNOWN, pgpKey: UNKNOWN });
        expect(mandatory(of(result, "nhi-no-long-lived-credentials"))).toHaveLength(1);
    });

    it("nhi-no-plaintext-secrets: a key pasted in a known tag is found next to an unknown one", async () => {
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, tags: { ...tags, Name: UNKNOWN, note: "AKIA2QZ7RBV4MXKTP6WN" /* AWS's own EXAMPLE key is a documentation key, not a finding */ } });
        expect(mandatory(of(result, "nhi-no-plaintext-secrets"))).toHaveLength(1);
    });

    it("nhi-secret-rotation-required: an unknown schedule is unverified; a known disabled rotation still violates", async () => {
        const governed = component("tool");
        const secret = resource({ type: "aws:secretsmanager/secret:Secret", name: "key", parent: governed, props: { name: "key" } });
        const unknownRules = resource({ type: "aws:secretsmanager/secretRotation:SecretRotation", name: "rot", parent: governed, props: { secretId: UNKNOWN, rotationRules: UNKNOWN }, propertyDependencies: { secretId: [secret] } });
        const r1 = of(await pack.analyzeStack([governed, secret, unknownRules]), "nhi-secret-rotation-required");
        expect(mandatory(r1)).toEqual([]);
        expect(unverified(r1)[0].message).toMatch(/whether it rotates within 30 days is unknown until the update/);
        const disabled = resource({ type: "aws:secretsmanager/secretRotation:SecretRotation", name: "rot", parent: governed, props: { secretId: UNKNOWN, rotationEnabled: false, rotationRules: { automaticallyAfterDays: 7 } }, propertyDependencies: { secretId: [secret] } });
        expect(mandatory(of(await pack.analyzeStack([governed, secret, disabled]), "nhi-secret-rotation-required"))).toHaveLength(1);
    });

    it("nhi-declared-access: a read identity with an unknown trust still may not get write", async () => {
        const governed = component("tool");
        const role = resource({ type: ROLE, name: "tool-role", parent: governed, props: { name: "tool-role", assumeRolePolicy: UNKNOWN, tags } });
        const grant = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "write", parent: governed, props: { role: "tool-role", policy: doc(dated({ Action: "s3:PutObject", Resource: UNKNOWN })) } });
        expect(mandatory(of(await pack.analyzeStack([governed, role, grant]), "nhi-declared-access"))).toHaveLength(1);
        // Declared access unknown: the write is unverified, not a violation.
        const unknownAccess = resource({ type: ROLE, name: "tool-role", parent: governed, props: { name: "tool-role", assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:access": UNKNOWN } } });
        const result = of(await pack.analyzeStack([governed, unknownAccess, grant]), "nhi-declared-access");
        expect(mandatory(result)).toEqual([]);
        expect(unverified(result)).toHaveLength(1);
    });

    it("nhi-no-standing-access: in the stack, an identity's unknown expiry leaves the comparison unverified", async () => {
        const governed = component("tool");
        const role = resource({ type: ROLE, name: "tool-role", parent: governed, props: { name: "tool-role", assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:expires-at": UNKNOWN } } });
        const grant = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "read", parent: governed, props: { role: "tool-role", policy: doc(dated()) } });
        const result = of(await pack.analyzeStack([governed, role, grant]), "nhi-no-standing-access");
        expect(mandatory(result)).toEqual([]);
        expect(unverified(result)[0].message).toMatch(/ends by the expiry of IAM role "tool-role" is unknown until the update \(`tags.nhi:expires-at`/);
    });
});

describe("more inputs commonly unknown at preview", () => {
    const OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    const role = (guid: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

    it("an Azure role assignment on a resource group made in the same program: Owner still escalates, the scope is unverified", async () => {
        const owner = await analyze("azure-native:authorization:RoleAssignment", "ra", { principalId: UNKNOWN, roleDefinitionId: role(OWNER), scope: UNKNOWN, description: `expires-at=${SOON}` });
        expect(mandatory(of(owner, "nhi-least-privilege")).map((d) => d.message)).toEqual([expect.stringMatching(/Role::Owner \(writes role assignments\)/)]);
        expect(unverified(of(owner, "nhi-least-privilege"))[0].message).toMatch(/`scope`/);
        expect(mandatory(of(owner, "nhi-no-standing-access"))).toEqual([]);
        const reader = await analyze("azure-native:authorization:RoleAssignment", "ra", { principalId: UNKNOWN, roleDefinitionId: role(READER), scope: UNKNOWN, description: UNKNOWN });
        expect(mandatory(reader.diagnostics)).toEqual([]);
        expect(unverified(of(reader, "nhi-no-standing-access"))[0].message).toMatch(/the end of .* is unknown until the update \(`description`/);
    });

    it("an unknown role definition is unverified, not an unreadable admin role", async () => {
        const result = await analyze("azure-native:authorization:RoleAssignment", "ra", { principalId: "p", roleDefinitionId: UNKNOWN, scope: "/subscriptions/00000000-0000-0000-0000-000000000000", description: `expires-at=${SOON}` });
        expect(mandatory(result.diagnostics)).toEqual([]);
        expect(unverified(of(result, "nhi-least-privilege"))[0].message).toMatch(/`roleDefinitionId`/);
    });

    it("an Entra application whose notes are unknown leaves its annotations unverified", async () => {
        const result = await analyze("azuread:index/application:Application", "app", { displayName: "tool", notes: UNKNOWN });
        expect(mandatory(result.diagnostics)).toEqual([]);
        expect(unverified(of(result, "nhi-owner-required"))).toHaveLength(1);
    });

    it("a Roles Anywhere profile with an unknown session length still lists its session as unverified, not 3600 s", async () => {
        const result = await analyze("aws:rolesanywhere/profile:Profile", "p", { roleArns: [UNKNOWN], durationSeconds: UNKNOWN, tags });
        expect(mandatory(of(result, "nhi-short-sessions"))).toEqual([]);
        expect(unverified(of(result, "nhi-short-sessions"))[0].message).toMatch(/`durationSeconds`/);
    });
});

describe("secrets at preview", () => {
    it("an unknown secret (the engine wraps the sentinel in the secret signature) is unknown, and known secrets are read", async () => {
        // @pulumi/policy unwraps secrets before a policy sees them, so a secret unknown is the bare sentinel.
        const result = await analyze(ROLE, "ci", { assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:owner": secret(UNKNOWN), "nhi:expires-at": secret("2001-01-01") } });
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
        expect(unverified(of(result, "nhi-owner-required"))[0].message).toMatch(/`tags.nhi:owner`/);
        expect(mandatory(of(result, "nhi-expiry-required"))[0].message).toMatch(/expired/);
    });
});

describe("an AI tool scope that rests on an unknown tool annotation", () => {
    it("reports what AI-tool checks find as unverified, since the identity may be no AI tool's", async () => {
        const inlinePolicies = [{ name: "admin", policy: JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" })) }];
        const maybe = await pack.analyze(resource({ type: ROLE, name: "maybe", props: { assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:tool": UNKNOWN }, maxSessionDuration: 43200, inlinePolicies } }));
        for (const policy of ["nhi-least-privilege", "nhi-short-sessions", "nhi-no-standing-access"]) {
            expect(mandatory(of(maybe, policy))).toEqual([]);
            expect(unverified(of(maybe, policy)).length).toBeGreaterThan(0);
        }
        expect(unverified(of(maybe, "nhi-short-sessions"))[0].message).toMatch(/whether it is an AI tool's is unknown until the update \(`tags.nhi:tool`.*\); if it is: .*43200 s/);
        // Owner and expiry apply to every identity: still judged, known.
        expect(mandatory(of(maybe, "nhi-owner-required"))).toEqual([]);
        // Inside a governing component the scope is known: mandatory as usual.
        const governed = await pack.analyze(resource({ type: ROLE, name: "sure", parent: component("tool"), props: { assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:tool": UNKNOWN }, maxSessionDuration: 43200 } }));
        expect(mandatory(of(governed, "nhi-short-sessions"))).toHaveLength(1);
    });
});

describe("in the stack, an AI tool only by an unknown tool annotation", () => {
    it("gets no mandatory AI-tool finding; it is listed as unverified instead", async () => {
        const maybe = resource({ type: ROLE, name: "maybe", props: { name: "maybe", assumeRolePolicy: UNKNOWN, tags: { ...tags, "nhi:tool": UNKNOWN } } });
        const undated = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "undated", props: { role: "maybe", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) } });
        const stack = await pack.analyzeStack([maybe, undated]);
        expect(mandatory(of(stack, "nhi-no-standing-access"))).toEqual([]);
        expect(unverified(of(stack, "nhi-no-standing-access")).map((d) => [d.urn, d.message.replace(/ \(.*$/, "")])).toEqual([[maybe.urn, `Unverified: IAM role "maybe": whether it is an AI tool's is unknown until the update`]]);
        // With the tool known, the same grant is standing access.
        const sure = resource({ type: ROLE, name: "maybe", props: { name: "maybe", assumeRolePolicy: UNKNOWN, tags } });
        expect(mandatory(of(await pack.analyzeStack([sure, undated]), "nhi-no-standing-access")).map((d) => d.urn)).toEqual([undated.urn]);
    });
});

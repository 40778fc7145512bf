/**
 * GCP readers as a policy calls them: behind @pulumi/policy's unknown-checking proxy. Values a check
 * needs make the policy advisory when unknown; links and handles do not.
 */
import fc from "fast-check";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { readFacts } from "../../../contract/catalogue";
import { gcpCatalogue } from "../../../contract/clouds/gcp";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const read = (type: string, props: Record<string, any>) => readFacts(type, unknownCheckingProxy(props))!;
const T = {
    account: "gcp:serviceaccount/account:Account",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    projectBinding: "gcp:projects/iAMBinding:IAMBinding",
    projectPolicy: "gcp:projects/iAMPolicy:IAMPolicy",
    saMember: "gcp:serviceaccount/iAMMember:IAMMember",
    saBinding: "gcp:serviceaccount/iAMBinding:IAMBinding",
    bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    datasetMember: "gcp:bigquery/datasetIamMember:DatasetIamMember",
    key: "gcp:serviceaccount/key:Key",
    apiKey: "gcp:projects/apiKey:ApiKey",
    secret: "gcp:secretmanager/secret:Secret",
    regionalSecret: "gcp:secretmanager/regionalSecret:RegionalSecret",
    provider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
    pam: "gcp:privilegedaccessmanager/entitlement:entitlement",
};
const END = "2027-03-31T00:00:00Z";
const EMAIL = "data-agent@acme-data.iam.gserviceaccount.com";
const bounded = { title: "ends", expression: `request.time < timestamp("${END}")` };

describe("service account", () => {
    it("reads annotations from the description and the purpose from the display name", () => {
        const f = read(T.account, { accountId: "data-agent", project: "acme-data", displayName: "Answers sales questions", description: "owner=data-platform;expires-at=2027-03-31;tool=claude-code;access=read" });
        expect(f).toMatchObject({ cloud: "gcp", kind: "identity", label: "service account", plaintextFields: ["description", "displayName"] });
        expect(f.annotations!.values).toEqual({ owner: "data-platform", expiresAt: "2027-03-31", tool: "claude-code", access: "read", purpose: "Answers sales questions" });
        expect(f.annotations!.problems).toEqual([]);
    });

    it("offers every name other resources use for it, from inputs before GCP has answered", () => {
        const fromInputs = read(T.account, { accountId: "data-agent", project: "acme-data", email: UNKNOWN, name: UNKNOWN, member: UNKNOWN });
        expect(fromInputs.identity!.handles.sort()).toEqual([EMAIL, `projects/-/serviceAccounts/${EMAIL}`, `projects/acme-data/serviceAccounts/${EMAIL}`, `serviceAccount:${EMAIL}`].sort());
        const deployed = read(T.account, { accountId: "data-agent", project: "acme-data", email: EMAIL, name: `projects/acme-data/serviceAccounts/${EMAIL}`, uniqueId: "1040", member: `serviceAccount:${EMAIL}` });
        expect(deployed.identity!.handles).toEqual(expect.arrayContaining(["1040", `projects/acme-data/serviceAccounts/${EMAIL}`]));
    });

    it("has no owner without annotations, and turns an unknown description advisory", () => {
        expect(read(T.account, { accountId: "x-agent" }).annotations!.values).toEqual({});
        // An unknown description hides every annotation in it: each is unverified, none is "missing".
        expect(read(T.account, { description: UNKNOWN }).unknown?.map((u) => u.part).sort()).toEqual(["access", "expiry", "owner", "tool"]);
    });
});

describe("IAM members, bindings and policies", () => {
    it("reads a conditioned member as one entry ending at its timestamp", () => {
        const f = read(T.projectMember, { project: "acme-data", role: "roles/bigquery.dataViewer", member: `serviceAccount:${EMAIL}`, condition: bounded });
        expect(f).toMatchObject({ kind: "grant", label: "project IAM member" });
        expect(f.grant).toEqual({
            targets: [{ property: "member", value: `serviceAccount:${EMAIL}` }],
            entries: [{ label: "role roles/bigquery.dataViewer", actions: [], roles: ["roles/bigquery.dataViewer"], notAction: false, endsAt: new Date(END), findings: [], writes: [] }],
        });
        expect(f.trust).toBeUndefined();
    });

    it.each<[string, Record<string, any>, { endsAt?: Date; endProblem?: RegExp; findings: string[]; writes: string[] }]>([
        ["no condition: standing", { role: "roles/storage.objectViewer" }, { findings: [], writes: [] }],
        ["a basic role", { role: "roles/editor", condition: bounded }, { endsAt: new Date(END), findings: ["admin-role"], writes: ["roles/editor"] }],
        ["a disjunctive condition", { role: "roles/storage.objectViewer", condition: { title: "t", expression: `request.time < timestamp("${END}") || true` } }, { endProblem: /`\|\|`/, findings: [], writes: [] }],
        ["a condition without a time bound", { role: "roles/storage.objectAdmin", condition: { title: "t", expression: 'resource.name.startsWith("x")' } }, { findings: [], writes: ["roles/storage.objectAdmin"] }],
        ["a malformed condition", { role: "roles/storage.objectViewer", condition: { title: "t" } }, { endProblem: /not a string/, findings: [], writes: [] }],
        ["a token creator role", { role: "roles/iam.serviceAccountTokenCreator" }, { findings: ["escalation"], writes: ["roles/iam.serviceAccountTokenCreator"] }],
        ["a key admin role", { role: "roles/iam.serviceAccountKeyAdmin" }, { findings: ["exposure"], writes: ["roles/iam.serviceAccountKeyAdmin"] }],
        ["a custom role", { role: "projects/acme-data/roles/reader" }, { findings: [], writes: ["projects/acme-data/roles/reader"] }],
        ["a role that is not a string", { role: 7 }, { endProblem: /`role` is not a string/, findings: ["admin-role"], writes: ["(unreadable role)"] }],
    ])("reads %s", (_, props, expected) => {
        const [entry] = read(T.bucketMember, { bucket: "b", member: `serviceAccount:${EMAIL}`, ...props }).grant!.entries;
        expect(entry.endsAt).toEqual(expected.endsAt);
        if (expected.endProblem) expect(entry.endProblem).toMatch(expected.endProblem);
        else expect(entry.endProblem).toBeUndefined();
        expect(entry.findings.map((f) => f.rule)).toEqual(expected.findings);
        expect(entry.writes).toEqual(expected.writes);
    });

    it("turns an unknown role or condition advisory, but not an unknown member", () => {
        expect(read(T.projectMember, { role: UNKNOWN, member: "x" }).grant!.entries[0]).toMatchObject({ findings: [], writes: [], unknownPrivileges: ["role"] });
        const dated = read(T.projectMember, { role: "roles/viewer", member: "x", condition: { title: "t", expression: UNKNOWN } }).grant!.entries[0];
        expect(dated).toMatchObject({ roles: ["roles/viewer"], unknownEnd: ["condition.expression"] });
        expect(dated.endsAt).toBeUndefined();
        expect(read(T.projectMember, { role: "roles/storage.objectViewer", member: UNKNOWN, condition: bounded }).grant!.targets).toEqual([{ property: "member", value: undefined }]);
    });

    it("reads a binding's members as targets, and an unreadable list as unreadable", () => {
        const f = read(T.projectBinding, { role: "roles/storage.objectViewer", members: [`serviceAccount:${EMAIL}`, UNKNOWN], condition: bounded });
        expect(f.grant!.targets).toEqual([{ property: "members", value: `serviceAccount:${EMAIL}` }, { property: "members", value: undefined }]);
        expect(read(T.projectBinding, { role: "roles/storage.objectViewer", members: "x" }).grant!.unreadable).toBe("`members` is not a list of members");
    });

    it("reads a policy document's bindings as entries, each with its own condition", () => {
        const policyData = JSON.stringify({
            bindings: [
                { role: "roles/storage.objectViewer", members: [`serviceAccount:${EMAIL}`], condition: bounded },
                { role: "roles/owner", members: ["user:alice@acme.com", `serviceAccount:${EMAIL}`] },
            ],
        });
        const f = read(T.projectPolicy, { project: "acme-data", policyData });
        expect(f.grant!.targets).toEqual([{ property: "policyData", value: `serviceAccount:${EMAIL}` }, { property: "policyData", value: "user:alice@acme.com" }]);
        expect(f.grant!.entries.map((e) => [e.label, e.endsAt, e.findings.map((x) => x.rule)])).toEqual([
            ["role roles/storage.objectViewer (binding #1)", new Date(END), []],
            ["role roles/owner (binding #2)", undefined, ["admin-role"]],
        ]);
    });

    it.each([
        ["not JSON", "{", "`policyData` is not valid JSON"],
        ["not an object", "[]", "`policyData` is not a JSON object"],
        ["bindings not a list", '{"bindings": {}}', "`policyData.bindings` is not a list"],
        ["too long", " ".repeat(300_000), "`policyData` is longer than 262144 characters"],
    ])("fails closed on a policy document that is %s", (_, policyData, why) => {
        expect(read(T.projectPolicy, { policyData }).grant).toEqual({ targets: [{ property: "policyData" }], entries: [], unreadable: why });
    });

    it("reads impersonation roles on a service account as trust in that account", () => {
        const member = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/data-agent/attribute.repository/acme/analytics";
        const f = read(T.saMember, { serviceAccountId: `projects/acme-data/serviceAccounts/${EMAIL}`, role: "roles/iam.workloadIdentityUser", member, condition: bounded });
        expect(f.kind).toBe("grant");
        expect(f.trust).toEqual({ targets: [{ property: "serviceAccountId", value: `projects/acme-data/serviceAccounts/${EMAIL}` }], subjects: [member], problems: [], githubEnvironments: [] });
        // A federated principal is never an identity of the stack: this binding is trust only.
        expect(f.grant).toEqual({ targets: [{ property: "member", value: member }], entries: [] });

        const byAccount = read(T.saMember, { serviceAccountId: "projects/p/serviceAccounts/other@p.iam.gserviceaccount.com", role: "roles/iam.serviceAccountTokenCreator", member: `serviceAccount:${EMAIL}` });
        expect(byAccount.trust!.subjects).toEqual([`serviceAccount:${EMAIL}`]);
        expect(byAccount.grant!.entries.map((e) => e.findings.map((x) => x.rule))).toEqual([["escalation"]]);

        const wide = read(T.saBinding, { serviceAccountId: UNKNOWN, role: "roles/iam.serviceAccountTokenCreator", members: ["group:ops@acme.com", "allUsers"] });
        expect(wide.trust!.targets).toEqual([{ property: "serviceAccountId", value: undefined }]);
        expect(wide.trust!.problems).toHaveLength(2);
        expect(read(T.saMember, { serviceAccountId: "x", role: "roles/iam.serviceAccountViewer", member: "user:a@b.c" }).trust).toBeUndefined();
        expect(() => read(T.saMember, { serviceAccountId: "x", role: "roles/iam.workloadIdentityUser", member: UNKNOWN })).not.toThrow();
    });

    it("labels resource-level types by their resource", () => {
        expect(read(T.datasetMember, { role: "roles/bigquery.dataViewer", member: "x" }).label).toBe("bigquery dataset IAM member");
        expect(gcpCatalogue["gcp:pubsub/topicIAMPolicy:TopicIAMPolicy"].label).toBe("pubsub topic IAM policy");
        expect(gcpCatalogue["gcp:organizations/iAMBinding:IAMBinding"].label).toBe("organization IAM binding");
    });
});

describe("credentials", () => {
    it("reads every service-account key as long-lived, linked to its account", () => {
        expect(read(T.key, { serviceAccountId: UNKNOWN, keepers: { rotation: "2027-01-01" } })).toEqual({
            cloud: "gcp",
            kind: "credential",
            label: "service account key",
            credential: { targets: [{ property: "serviceAccountId", value: undefined }], kind: "service account key", longLived: true },
            plaintextFields: ["keepers"],
        });
    });

    it("reads an API key as long-lived, linked to its service account when it has one", () => {
        expect(read(T.apiKey, { displayName: "k", serviceAccountEmail: EMAIL }).credential).toEqual({ targets: [{ property: "serviceAccountEmail", value: EMAIL }], kind: "API key", longLived: true, unrestricted: expect.stringMatching(/`restrictions`/) });
        expect(read(T.apiKey, { displayName: "k" }).credential!.targets).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, boolean]>([
        ["no restrictions", {}, true],
        ["empty restrictions", { restrictions: {} }, true],
        ["an empty API target list", { restrictions: { apiTargets: [] } }, true],
        ["API targets", { restrictions: { apiTargets: [{ service: "generativelanguage.googleapis.com" }] } }, false],
        ["server IPs", { restrictions: { serverKeyRestrictions: { allowedIps: ["203.0.113.4"] } } }, false],
        ["restrictions unknown at preview", { restrictions: UNKNOWN }, false],
    ])("an API key with %s is unrestricted: %s", (_, props, unrestricted) => {
        const f = read(T.apiKey, { displayName: "k", ...props });
        expect(f.credential!.unrestricted !== undefined).toBe(unrestricted);
        expect(f.unknown !== undefined).toBe(props.restrictions === UNKNOWN);
    });

    it("reads an HMAC key as long-lived, linked to its service account", () => {
        expect(read("gcp:storage/hmacKey:HmacKey", { serviceAccountEmail: EMAIL }).credential).toEqual({ targets: [{ property: "serviceAccountEmail", value: EMAIL }], kind: "HMAC key", longLived: true });
        expect(read("gcp:storage/hmacKey:HmacKey", { serviceAccountEmail: UNKNOWN }).credential!.targets).toEqual([{ property: "serviceAccountEmail", value: undefined }]);
    });
});

describe("secrets", () => {
    it("reads rotation, labels and handles", () => {
        const f = read(T.secret, {
            secretId: "data-agent-vendor-key",
            project: "acme-data",
            labels: { "nhi-owner": "data-platform", "nhi-expires-at": "2027-03-31" },
            rotation: { rotationPeriod: "2592000s", nextRotationTime: "2026-12-01T00:00:00Z" },
        });
        expect(f.secret).toEqual({ rotationDays: 30, handles: ["data-agent-vendor-key", "projects/acme-data/secrets/data-agent-vendor-key"] });
        expect(f.annotations!.values).toEqual({ owner: "data-platform", expiresAt: "2027-03-31" });
    });

    it("reads an expiry from expireTime or a TTL, and problems from malformed ones", () => {
        expect(read(T.secret, { expireTime: END }).secret!.expiresAt).toEqual(new Date(END));
        const before = Date.now();
        const ttl = read(T.regionalSecret, { ttl: "86400s" }).secret!.expiresAt!.getTime();
        expect(ttl).toBeGreaterThanOrEqual(before + 86_400_000);
        expect(ttl).toBeLessThanOrEqual(Date.now() + 86_400_000);
        expect(read(T.secret, { rotation: { rotationPeriod: "30 days" }, expireTime: "soon" }).secret).toEqual({
            problem: "`rotation.rotationPeriod` is not a duration such as `2592000s`; `expireTime` is not an RFC 3339 date-time",
        });
        expect(read(T.secret, {}).secret).toEqual({});
    });

    it("turns an unknown rotation period advisory", () => {
        expect(() => read(T.secret, { rotation: { rotationPeriod: UNKNOWN } })).toThrow(UnknownValueError);
    });
});

describe("workload identity pool providers", () => {
    it("reads a pinned GitHub provider's subject and environment", () => {
        const f = read(T.provider, { workloadIdentityPoolId: "data-agent", oidc: { issuerUri: "https://token.actions.githubusercontent.com" }, attributeCondition: 'assertion.repository == "acme/analytics" && assertion.environment == "ai-agent"' });
        expect(f.trust).toEqual({
            targets: [{ property: "workloadIdentityPoolId", value: "data-agent" }],
            subjects: ["repo:acme/analytics:environment:ai-agent"],
            problems: [],
            githubEnvironments: [{ repository: "acme/analytics", environment: "ai-agent" }],
        });
    });

    it("reports a provider without a condition, and turns an unknown condition advisory", () => {
        expect(read(T.provider, { workloadIdentityPoolId: "p", oidc: { issuerUri: "https://token.actions.githubusercontent.com" } }).trust!.problems).toEqual([expect.stringContaining("no `attributeCondition`")]);
        expect(read(T.provider, { oidc: { issuerUri: "https://token.actions.githubusercontent.com" }, attributeCondition: UNKNOWN }).trust).toMatchObject({ problems: [], unknown: ["attributeCondition"] });
    });
});

describe("PAM entitlements", () => {
    it("reads eligible principals, role bindings and the request duration", () => {
        const f = read(T.pam, {
            parent: "projects/acme-data",
            location: "global",
            entitlementId: "break-glass",
            maxRequestDuration: "7200s",
            eligibleUsers: [{ principals: [`serviceAccount:${EMAIL}`] }],
            privilegedAccess: { gcpIamAccess: { resource: "//cloudresourcemanager.googleapis.com/projects/acme-data", resourceType: "cloudresourcemanager.googleapis.com/Project", roleBindings: [{ role: "roles/storage.admin" }, { role: "roles/storage.objectViewer", conditionExpression: `request.time < timestamp("${END}")` }] } },
        });
        expect(f).toMatchObject({ kind: "grant", label: "PAM entitlement", sessionSeconds: 7200 });
        expect(f.grant!.targets).toEqual([{ property: "eligibleUsers", value: `serviceAccount:${EMAIL}` }]);
        expect(f.grant!.entries.map((e) => [e.roles, e.endsAt, e.findings.map((x) => x.rule)])).toEqual([
            [["roles/storage.admin"], undefined, ["admin-role"]],
            [["roles/storage.objectViewer"], new Date(END), []],
        ]);
    });

    it("fails closed when the role bindings cannot be read", () => {
        expect(read(T.pam, { maxRequestDuration: "3600s", eligibleUsers: [] }).grant!.unreadable).toBe("`privilegedAccess.gcpIamAccess.roleBindings` is not a list");
        const unreadableDuration = read(T.pam, { maxRequestDuration: "an hour", eligibleUsers: [] });
        expect("sessionSeconds" in unreadableDuration && unreadableDuration.sessionSeconds).toBeUndefined();
        expect(Object.keys(unreadableDuration)).toContain("sessionSeconds");
    });
});

describe("every GCP reader", () => {
    const tokens = Object.keys(gcpCatalogue);
    const sample = [...new Set([...Object.values(T), ...tokens.filter((_, i) => i % 37 === 0)])];

    it("never throws on arbitrary properties (property)", () => {
        fc.assert(
            fc.property(fc.constantFrom(...sample), fc.dictionary(fc.constantFrom("role", "member", "members", "condition", "policyData", "description", "displayName", "labels", "rotation", "expireTime", "ttl", "oidc", "attributeCondition", "eligibleUsers", "privilegedAccess", "maxRequestDuration", "serviceAccountId", "email", "accountId", "project"), fc.anything()), (token, props) => {
                const f = gcpCatalogue[token].read(props);
                expect(f.cloud).toBe("gcp");
            }),
            { numRuns: 500 },
        );
    });

    it("never throws on non-object properties, a throwing getter or a huge string", () => {
        const hostile = { get role(): string { throw new Error("boom"); } };
        for (const token of sample) {
            for (const props of [null, undefined, "x", 42, [], hostile, { description: "x".repeat(1_000_000), policyData: "[".repeat(100_000), attributeCondition: "(".repeat(100_000) }]) {
                expect(() => gcpCatalogue[token].read(props as any)).not.toThrow();
            }
        }
        expect(gcpCatalogue[T.projectMember].read(hostile as any).grant!.unreadable).toBe("its properties could not be read");
    });
});

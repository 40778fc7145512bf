/**
 * Update mode: every child's exact inputs, so a change in what the component asks GCP for is a
 * deliberate one, and the outputs that resolve once the cloud has answered.
 */
import { parseContractDate, formatInstant } from "../../../contract/dates";
import { installMocks, known, MockEstate } from "../../helpers/mocks";
import { dataAgent, EARLY, EXPIRES, gcpComputedOutputs, PROJECT, PROJECT_NUMBER } from "./fixtures";

type Module = typeof import("../../../components/gcp/aiToolIdentity");
let AiToolIdentity: Module["GcpAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false, outputs: gcpComputedOutputs });
    ({ GcpAiToolIdentity: AiToolIdentity } = require("../../../components/gcp/aiToolIdentity") as Module);
});

const instant = (day: string) => formatInstant(parseContractDate(day)!);
const EMAIL = `data-agent@${PROJECT}.iam.gserviceaccount.com`;
const ANNOTATION_TEXT = `owner=data-platform;expires-at=${EXPIRES};tool=claude-code;access=read`;
const condition = (day: string) => ({
    title: `nhi-guard: ends ${instant(day)}`,
    description: ANNOTATION_TEXT,
    expression: `request.time < timestamp("${instant(day)}")`,
});

describe("AiToolIdentity (GCP, update)", () => {
    let identity: InstanceType<Module["GcpAiToolIdentity"]>;

    beforeAll(async () => {
        identity = new AiToolIdentity("data", dataAgent());
        await estate.settled();
    });

    it("registers under its own type token, every child parented to it", () => {
        expect(estate.get("nhi-guard:index:GcpAiToolIdentity", "data").custom).toBe(false);
        const children = estate.childrenOf("data").map((r) => `${r.type}::${r.name}`).sort();
        expect(children).toEqual(
            [
                "gcp:bigquery/datasetIamMember:DatasetIamMember::data-grant-warehouse",
                "gcp:iam/workloadIdentityPool:WorkloadIdentityPool::data-pool",
                "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider::data-github",
                "gcp:serviceaccount/account:Account::data-sa",
                "gcp:serviceaccount/iAMMember:IAMMember::data-trust",
                "gcp:storage/bucketIAMMember:BucketIAMMember::data-grant-exports",
            ].sort(),
        );
    });

    it("stamps the annotations in the account's description and the purpose in its display name", () => {
        expect(estate.get("gcp:serviceaccount/account:Account", "data-sa").inputs).toEqual({
            accountId: "data-agent",
            project: PROJECT,
            displayName: "Answers questions about the sales warehouse",
            description: ANNOTATION_TEXT,
        });
    });

    it("grants each role on its scope with a condition ending at min(until, expiry)", () => {
        expect(estate.get("gcp:bigquery/datasetIamMember:DatasetIamMember", "data-grant-warehouse").inputs).toEqual({
            project: PROJECT,
            datasetId: "sales",
            role: "roles/bigquery.dataViewer",
            member: `serviceAccount:${EMAIL}`,
            condition: condition(EXPIRES),
        });
        const bucket = estate.get("gcp:storage/bucketIAMMember:BucketIAMMember", "data-grant-exports");
        expect(bucket.inputs).toEqual({ bucket: "acme-exports", role: "roles/storage.objectViewer", member: `serviceAccount:${EMAIL}`, condition: condition(EARLY) });
        expect(bucket.propertyDependencies.member).toEqual(["data-sa"]);
    });

    it("trusts one repository and environment through a pinned pool provider, until the expiry", () => {
        expect(estate.get("gcp:iam/workloadIdentityPool:WorkloadIdentityPool", "data-pool").inputs).toEqual({
            workloadIdentityPoolId: "data-agent",
            project: PROJECT,
            displayName: "data-agent",
            description: ANNOTATION_TEXT,
        });
        expect(estate.get("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "data-github").inputs).toEqual({
            workloadIdentityPoolId: "data-agent",
            workloadIdentityPoolProviderId: "github",
            project: PROJECT,
            displayName: "GitHub Actions",
            description: ANNOTATION_TEXT,
            attributeMapping: {
                "google.subject": "assertion.sub",
                "attribute.repository": "assertion.repository",
                "attribute.environment": "assertion.environment",
                "attribute.ref": "assertion.ref",
            },
            attributeCondition: 'assertion.repository == "acme/analytics" && assertion.environment == "ai-agent"',
            oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
        });
        const trust = estate.get("gcp:serviceaccount/iAMMember:IAMMember", "data-trust");
        expect(trust.inputs).toEqual({
            serviceAccountId: `projects/${PROJECT}/serviceAccounts/${EMAIL}`,
            role: "roles/iam.workloadIdentityUser",
            member: `principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/data-agent/attribute.repository/acme/analytics`,
            condition: condition(EXPIRES),
        });
        expect(trust.dependencies).toEqual(expect.arrayContaining(["data-github", "data-sa"]));
    });

    it("never creates a service-account key", () => {
        expect(estate.ofType("gcp:serviceaccount/key:Key")).toEqual([]);
    });

    it("resolves its outputs once the account and every grant exist", async () => {
        expect(await known(identity.serviceAccountEmail)).toBe(EMAIL);
        expect(await known(identity.workloadIdentityProviderName)).toBe(`projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/data-agent/providers/github`);
        expect(identity.expiresAt).toBe(EXPIRES);
        expect(identity.declaration).toMatchObject({ tool: "claude-code", owner: "data-platform", access: "read", maxSessionSeconds: 3600 });
    });
});

describe("AiToolIdentity (GCP, update): every scope kind", () => {
    const scopes: [string, string, Record<string, string>][] = [
        ["projects/acme-data", "gcp:projects/iAMMember:IAMMember", { project: "acme-data" }],
        ["folders/4455", "gcp:folder/iAMMember:IAMMember", { folder: "folders/4455" }],
        ["organizations/998877", "gcp:organizations/iAMMember:IAMMember", { orgId: "998877" }],
        [`projects/acme-data/serviceAccounts/other@acme-data.iam.gserviceaccount.com`, "gcp:serviceaccount/iAMMember:IAMMember", { serviceAccountId: "projects/acme-data/serviceAccounts/other@acme-data.iam.gserviceaccount.com" }],
        ["projects/_/buckets/acme-raw", "gcp:storage/bucketIAMMember:BucketIAMMember", { bucket: "acme-raw" }],
        ["projects/acme-data/datasets/raw_events", "gcp:bigquery/datasetIamMember:DatasetIamMember", { project: "acme-data", datasetId: "raw_events" }],
        ["projects/acme-data/secrets/vendor-key", "gcp:secretmanager/secretIamMember:SecretIamMember", { project: "acme-data", secretId: "vendor-key" }],
    ];

    it.each(scopes)("%s becomes a %s", async (scope, type, target) => {
        const name = `scope-${estate.registrations.length}`;
        new AiToolIdentity(name, dataAgent({ accountId: "scoped-agent", grants: [{ name: "g", role: "roles/iam.serviceAccountViewer", scope }] }));
        await estate.settled();
        const grant = estate.get(type, `${name}-grant-g`);
        expect(grant.inputs).toEqual({ ...target, role: "roles/iam.serviceAccountViewer", member: `serviceAccount:scoped-agent@${PROJECT}.iam.gserviceaccount.com`, condition: expect.objectContaining({ expression: `request.time < timestamp("${instant(EXPIRES)}")` }) });
    });
});

describe("AiToolIdentity (GCP, update): secrets", () => {
    it("stores secrets with rotation notices on a topic Secret Manager may publish to, readable by the tool until the expiry", async () => {
        const before = Date.now();
        new AiToolIdentity("vendor", dataAgent({ accountId: "vendor-agent", grants: [], secrets: [{ name: "openai-key", rotationDays: 7, description: "OpenAI API key" }, { name: "slack-token" }] }));
        await estate.settled();
        const after = Date.now();
        const labels = { "nhi-owner": "data-platform", "nhi-expires-at": EXPIRES, "nhi-tool": "claude-code", "nhi-access": "read" };

        const topic = estate.get("gcp:pubsub/topic:Topic", "vendor-rotation");
        expect(topic.inputs).toEqual({ project: PROJECT, labels });
        // Topics refuse IAM conditions: the service agent publishes through the project, until the expiry.
        const publisher = estate.get("gcp:projects/iAMMember:IAMMember", "vendor-rotation-publisher");
        expect(publisher.inputs).toEqual({
            project: PROJECT,
            role: "roles/pubsub.publisher",
            member: `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
            condition: condition(EXPIRES),
        });
        expect(publisher.propertyDependencies.project).toEqual(["vendor-rotation"]);
        expect(estate.ofType("gcp:pubsub/topicIAMMember:TopicIAMMember")).toEqual([]);

        const secret = estate.get("gcp:secretmanager/secret:Secret", "vendor-secret-openai-key");
        const { nextRotationTime, ...rotation } = secret.inputs.rotation;
        expect({ ...secret.inputs, rotation }).toEqual({
            secretId: "vendor-agent-openai-key",
            project: PROJECT,
            labels,
            annotations: { description: "OpenAI API key" },
            replication: { auto: {} },
            topics: [{ name: "vendor-rotation-id" }],
            rotation: { rotationPeriod: "604800s" },
        });
        const next = Date.parse(nextRotationTime);
        expect(next).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
        expect(next).toBeLessThanOrEqual(after + 7 * 86_400_000);
        expect(secret.dependencies).toContain("vendor-rotation-publisher");

        expect(estate.get("gcp:secretmanager/secret:Secret", "vendor-secret-slack-token").inputs.rotation.rotationPeriod).toBe(`${30 * 86_400}s`);
        expect(estate.get("gcp:secretmanager/secretIamMember:SecretIamMember", "vendor-secret-openai-key-access").inputs).toEqual({
            project: PROJECT,
            secretId: "vendor-agent-openai-key",
            role: "roles/secretmanager.secretAccessor",
            member: `serviceAccount:vendor-agent@${PROJECT}.iam.gserviceaccount.com`,
            condition: condition(EXPIRES),
        });
    });
});

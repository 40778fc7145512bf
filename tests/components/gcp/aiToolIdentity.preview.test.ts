/**
 * Preview mode: what GCP computes (e-mails, names) is unknown, as in a real `pulumi preview`. What
 * the policy pack checks as mandatory (annotations, conditions, the attribute condition, the
 * trusted principal set) must still be known; only links to cloud-assigned values may be unknown.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockEstate, peek, UNKNOWN } from "../../helpers/mocks";
import { dataAgent, EXPIRES, PROJECT_NUMBER } from "./fixtures";

type Module = typeof import("../../../components/gcp/aiToolIdentity");
let AiToolIdentity: Module["GcpAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    ({ GcpAiToolIdentity: AiToolIdentity } = require("../../../components/gcp/aiToolIdentity") as Module);
});

describe("AiToolIdentity (GCP, preview)", () => {
    it("runs as a dry run", () => {
        expect(pulumi.runtime.isDryRun()).toBe(true);
    });

    it("keeps annotations, conditions and trust known while the account's e-mail is not", async () => {
        const identity = new AiToolIdentity("data", dataAgent({ secrets: [{ name: "vendor-key" }] }));
        await estate.settled();

        const account = estate.get("gcp:serviceaccount/account:Account", "data-sa");
        expect(JSON.stringify(account.inputs)).not.toContain(UNKNOWN);
        expect(account.inputs.description).toContain(`expires-at=${EXPIRES}`);

        for (const name of ["data-grant-warehouse", "data-grant-exports"]) {
            const grant = estate.registrations.find((r) => r.name === name)!;
            expect(grant.inputs.member).toBe(UNKNOWN);
            expect(grant.propertyDependencies.member).toEqual(["data-sa"]);
            expect(JSON.stringify(grant.inputs.condition)).not.toContain(UNKNOWN);
            expect(grant.inputs.condition.expression).toMatch(/^request\.time < timestamp\("\d{4}-\d{2}-\d{2}T00:00:00Z"\)$/);
        }

        const provider = estate.get("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "data-github");
        expect(provider.inputs.attributeCondition).toBe('assertion.repository == "acme/analytics" && assertion.environment == "ai-agent"');
        // The pool ID is echoed from the pool's inputs; only its provider-computed name stays unknown.
        expect(provider.propertyDependencies.workloadIdentityPoolId).toEqual(["data-pool"]);

        const trust = estate.get("gcp:serviceaccount/iAMMember:IAMMember", "data-trust");
        expect(trust.inputs.serviceAccountId).toBe(UNKNOWN);
        expect(trust.inputs.member).toBe(`principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/data-agent/attribute.repository/acme/analytics`);
        expect(JSON.stringify(trust.inputs.condition)).not.toContain(UNKNOWN);

        const secret = estate.get("gcp:secretmanager/secret:Secret", "data-secret-vendor-key");
        expect(secret.inputs.rotation.rotationPeriod).toBe("2592000s");
        expect(secret.inputs.labels["nhi-owner"]).toBe("data-platform");

        expect((await peek(identity.serviceAccountEmail)).known).toBe(false);
        expect((await peek(identity.workloadIdentityProviderName)).known).toBe(false);
        expect(identity.expiresAt).toBe(EXPIRES);
    });

    it("never runs apply callbacks on the unknown e-mail (read with peek, not await)", async () => {
        const identity = new AiToolIdentity("quiet", dataAgent({ accountId: "quiet-agent" }));
        let ran = false;
        identity.serviceAccountEmail.apply(() => {
            ran = true;
        });
        await estate.settled();
        expect(ran).toBe(false);
    });
});

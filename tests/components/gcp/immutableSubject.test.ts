/** `trust.githubActions` with IDs: the pool provider pins the repository and owner by ID, and the binding names the repository by ID. */
import { readProviderCondition, readTrustedMember } from "../../../contract/gcp/workloadIdentity";
import { installMocks, MockEstate } from "../../helpers/mocks";
import { dataAgent, gcpComputedOutputs, PROJECT_NUMBER } from "./fixtures";

type Module = typeof import("../../../components/gcp/aiToolIdentity");
let AiToolIdentity: Module["GcpAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false, outputs: gcpComputedOutputs });
    ({ GcpAiToolIdentity: AiToolIdentity } = require("../../../components/gcp/aiToolIdentity") as Module);
});

const PROVIDER = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";
const MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";

it("writes ID conditions and an ID-keyed binding, which the pack reads as pinned", async () => {
    new AiToolIdentity("data", dataAgent({ trust: { githubActions: { repository: "acme/analytics", environment: "ai-agent", ownerId: "123456", repositoryId: "456789" } } }));
    await estate.settled();
    const provider = estate.get(PROVIDER, "data-github").inputs;
    expect(provider.attributeCondition).toBe('assertion.repository == "acme/analytics" && assertion.repository_id == "456789" && assertion.repository_owner_id == "123456" && assertion.environment == "ai-agent"');
    expect(provider.attributeMapping).toMatchObject({ "attribute.repository": "assertion.repository", "attribute.repository_id": "assertion.repository_id" });
    const read = readProviderCondition(provider.oidc.issuerUri, provider.attributeCondition);
    expect(read.problems).toEqual([]);
    expect(read.githubEnvironments).toEqual([{ repository: "acme/analytics", environment: "ai-agent", repositoryId: "456789" }]);

    const member = estate.get(MEMBER, "data-trust").inputs.member;
    expect(member).toBe(`principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/data-agent/attribute.repository_id/456789`);
    expect(readTrustedMember(member).problems).toEqual([]);
});

it("keeps the name conditions without IDs", async () => {
    new AiToolIdentity("names", dataAgent({ accountId: "names-agent" }));
    await estate.settled();
    expect(estate.get(PROVIDER, "names-github").inputs.attributeCondition).toBe('assertion.repository == "acme/analytics" && assertion.environment == "ai-agent"');
});

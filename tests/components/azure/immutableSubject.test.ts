/** `trust.githubActions` with IDs: the federated credential carries the immutable subject, which Entra compares exactly. */
import { readFederatedCredential } from "../../../contract/azure/federation";
import { installMocks, MockEstate } from "../../helpers/mocks";
import { azureComputedOutputs, supportAgent } from "./fixtures";

type Module = typeof import("../../../components/azure/aiToolIdentity");
let AiToolIdentity: Module["AzureAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false, outputs: azureComputedOutputs });
    ({ AzureAiToolIdentity: AiToolIdentity } = require("../../../components/azure/aiToolIdentity") as Module);
});

const FIC = "azure-native:managedidentity:FederatedIdentityCredential";

it("writes the immutable subject, which the pack reads as pinned to the environment", async () => {
    new AiToolIdentity("agent", supportAgent({ trust: { githubActions: { repository: "acme/support", environment: "ai-agent", ownerId: "123456", repositoryId: "456789" } } }));
    await estate.settled();
    const fic = estate.get(FIC, "agent-github").inputs;
    expect(fic.subject).toBe("repo:acme@123456/support@456789:environment:ai-agent");
    const read = readFederatedCredential(fic.issuer, fic.subject, fic.audiences);
    expect(read.problems).toEqual([]);
    expect(read.githubEnvironments).toEqual([{ repository: "acme/support", environment: "ai-agent", repositoryId: "456789" }]);
});

it("keeps the names-only subject without IDs", async () => {
    new AiToolIdentity("names", supportAgent());
    await estate.settled();
    expect(estate.get(FIC, "names-github").inputs.subject).toBe("repo:acme/support:environment:ai-agent");
});

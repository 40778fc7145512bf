import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockEstate, peek, UNKNOWN } from "../../helpers/mocks";
import { EXPIRES, OWNER_OBJECT_ID, RG_SCOPE, supportAgent } from "./fixtures";

type Module = typeof import("../../../components/azure/aiToolIdentity");
let AiToolIdentity: Module["AzureAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    ({ AzureAiToolIdentity: AiToolIdentity } = require("../../../components/azure/aiToolIdentity") as Module);
});

describe("AiToolIdentity (preview)", () => {
    it("keeps every value a policy checks known, while IDs the cloud assigns stay unknown", async () => {
        expect(pulumi.runtime.isDryRun()).toBe(true);
        const identity = new AiToolIdentity("agent", supportAgent());
        await estate.settled();

        const mi = estate.get("azure-native:managedidentity:UserAssignedIdentity", "agent-identity");
        expect(mi.inputs.tags["nhi:owner"]).toBe("support-platform");
        expect(mi.inputs.tags["nhi:expires-at"]).toBe(EXPIRES);

        const fic = estate.get("azure-native:managedidentity:FederatedIdentityCredential", "agent-github");
        expect(fic.inputs.subject).toBe("repo:acme/support:environment:ai-agent");
        expect(fic.inputs.resourceName).toBe(UNKNOWN);
        expect(fic.propertyDependencies.resourceName).toEqual(["agent-identity"]);

        const grant = estate.get("azure-native:authorization:RoleAssignment", "agent-grant-read-docs");
        expect(grant.inputs.principalId).toBe(UNKNOWN);
        expect(grant.propertyDependencies.principalId).toEqual(["agent-identity"]);
        expect(grant.inputs.scope).toBe(RG_SCOPE);
        expect(grant.inputs.roleDefinitionId).toMatch(/roleDefinitions\/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
        expect(grant.inputs.description).toBe(`owner=support-platform;expires-at=${EXPIRES};tool=claude-code`);

        expect((await peek(identity.principalId)).known).toBe(false);
        expect((await peek(identity.clientId)).known).toBe(false);
        expect(identity.expiresAt).toBe(EXPIRES);
    });

    it("knows a password's end date and rotation trigger at preview", async () => {
        new AiToolIdentity("saas", supportAgent({ resourceGroupName: undefined, entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID] } }));
        await estate.settled();
        const password = estate.get("azuread:index/applicationPassword:ApplicationPassword", "saas-password");
        expect(password.inputs.applicationId).toBe(UNKNOWN);
        expect(password.inputs.endDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(password.inputs.rotateWhenChanged.rotationWindow).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    });

    it("keeps a secret value secret even when it is unknown", async () => {
        // A value minted elsewhere in the program: unknown until the update.
        const value = new AiToolIdentity("minter", supportAgent()).clientId;
        expect((await peek(value)).known).toBe(false);
        new AiToolIdentity("vault", supportAgent({ secrets: [{ name: "vendor-key" }], secretValues: { "vendor-key": value }, keyVault: { vaultName: "kv" } }));
        await estate.settled();
        const secret = estate.get("azure-native:keyvault:Secret", "vault-secret-vendor-key");
        expect(secret.secretInputs).toEqual(["properties"]);
        expect(secret.inputs.properties.value).toBe(UNKNOWN);
        expect(typeof secret.inputs.properties.attributes.expires).toBe("number");
    });
});

import { DAY_MS, formatInstant, parseContractDate } from "../../../contract/dates";
import { installMocks, known, MockEstate } from "../../helpers/mocks";
import { azureComputedOutputs, EARLY, ENDED, EXPIRES, OWNER_OBJECT_ID, RG_SCOPE, SUBSCRIPTION, supportAgent } from "./fixtures";

type Module = typeof import("../../../components/azure/aiToolIdentity");
let AiToolIdentity: Module["AzureAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false, outputs: azureComputedOutputs });
    ({ AzureAiToolIdentity: AiToolIdentity } = require("../../../components/azure/aiToolIdentity") as Module);
});

const IDENTITY = "azure-native:managedidentity:UserAssignedIdentity";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const ELIGIBILITY = "azure-native:authorization:PimRoleEligibilitySchedule";
const SECRET = "azure-native:keyvault:Secret";
const KEY = "azure-native:keyvault:Key";
const APP = "azuread:index/application:Application";
const SP = "azuread:index/servicePrincipal:ServicePrincipal";
const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";
const APP_FIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const BLOB_READER = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1`;

/** The window arithmetic, restated here so a change in the component's rule shows up as a failure. */
function windowEnd(rotationDays: number, lifetimeDays: number): Date {
    const span = rotationDays * DAY_MS;
    const start = Math.floor(Date.now() / span) * span;
    return new Date(Math.min(start + lifetimeDays * DAY_MS, parseContractDate(EXPIRES)!.getTime()));
}

describe("AiToolIdentity (update)", () => {
    it("creates an annotated managed identity, one pinned federated credential and an expiring role assignment", async () => {
        const identity = new AiToolIdentity("agent", supportAgent({ tags: { "cost-center": "cx-7" } }));
        await estate.settled();

        const mi = estate.get(IDENTITY, "agent-identity");
        expect(mi.parent).toBe("agent");
        expect(mi.inputs).toEqual({
            resourceGroupName: "rg-ai",
            tags: {
                "cost-center": "cx-7",
                "nhi:owner": "support-platform",
                "nhi:expires-at": EXPIRES,
                "nhi:purpose": "Answers support tickets from the product documentation",
                "nhi:tool": "claude-code",
                "nhi:access": "read",
            },
        });

        const fic = estate.get(FIC, "agent-github");
        expect(fic.parent).toBe("agent");
        expect(fic.inputs).toEqual({
            resourceGroupName: "rg-ai",
            resourceName: "agent-identity-a1b2",
            federatedIdentityCredentialResourceName: "github",
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:acme/support:environment:ai-agent",
            audiences: ["api://AzureADTokenExchange"],
        });
        // The pack finds the identity through this dependency, even when the name is unknown at preview.
        expect(fic.propertyDependencies.resourceName).toEqual(["agent-identity"]);

        const grant = estate.get(ASSIGNMENT, "agent-grant-read-docs");
        expect(grant.parent).toBe("agent");
        expect(grant.inputs).toEqual({
            principalId: "principal-of-agent-identity",
            principalType: "ServicePrincipal",
            roleDefinitionId: BLOB_READER,
            scope: RG_SCOPE,
            description: `owner=support-platform;expires-at=${EXPIRES};tool=claude-code`,
        });
        expect(grant.propertyDependencies.principalId).toEqual(["agent-identity"]);

        expect(estate.childrenOf("agent").map((r) => r.type).sort()).toEqual([FIC, IDENTITY, ASSIGNMENT].sort());
        expect(await known(identity.principalId)).toBe("principal-of-agent-identity");
        expect(await known(identity.clientId)).toBe("client-of-agent-identity");
        expect(await known(identity.identityResourceId)).toBe("agent-identity-id");
        expect(identity.expiresAt).toBe(EXPIRES);
        expect(identity.declaration).toMatchObject({ tool: "claude-code", owner: "support-platform", access: "read", maxSessionSeconds: 3600 });
    });

    it("ends a grant at its own until when earlier, and does not create one whose until has passed", async () => {
        new AiToolIdentity("dated", supportAgent({
            grants: [
                { name: "early", role: "Reader", scope: RG_SCOPE, until: EARLY },
                { name: "over", role: "Reader", scope: `${RG_SCOPE}-old`, until: ENDED },
                { role: "acdd72a7-3385-48ef-bd42-f606fba81ae7", scope: RG_SCOPE },
            ],
        }));
        await estate.settled();
        expect(estate.get(ASSIGNMENT, "dated-grant-early").inputs.description).toBe(`owner=support-platform;expires-at=${EARLY};tool=claude-code`);
        expect(estate.ofType(ASSIGNMENT).filter((r) => r.parent === "dated").map((r) => r.name).sort()).toEqual(["dated-grant-2", "dated-grant-early"]);
        expect(estate.get(ASSIGNMENT, "dated-grant-2").inputs.roleDefinitionId).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`);
    });

    it("makes a grant PIM-eligible with an end date instead of active", async () => {
        new AiToolIdentity("pim", supportAgent({ access: "write", grants: [{ name: "deploy", role: "Contributor", scope: RG_SCOPE, until: EARLY }], eligibleGrants: ["deploy"] }));
        await estate.settled();
        expect(estate.ofType(ASSIGNMENT).filter((r) => r.parent === "pim")).toEqual([]);
        expect(estate.get(ELIGIBILITY, "pim-eligible-deploy").inputs).toEqual({
            principalId: "principal-of-pim-identity",
            roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
            scope: RG_SCOPE,
            justification: `owner=support-platform;expires-at=${EARLY};tool=claude-code`,
            scheduleInfo: { expiration: { type: "AfterDateTime", endDateTime: formatInstant(parseContractDate(EARLY)!) } },
        });
    });

    it("attaches the identity to a service without any federated credential", async () => {
        new AiToolIdentity("svc", supportAgent({ trust: { service: "containerapps.azure.com" } }));
        await estate.settled();
        expect(estate.ofType(FIC).filter((r) => r.parent === "svc")).toEqual([]);
        expect(estate.get(IDENTITY, "svc-identity")).toBeDefined();
    });

    it("stores secrets as Pulumi secrets that expire at the end of their rotation window, and keys that Key Vault rotates", async () => {
        new AiToolIdentity("vault", supportAgent({
            secrets: [{ name: "vendor-key", rotationDays: 14, description: "Zendesk API token" }],
            secretValues: { "vendor-key": "zd-not-a-real-token" },
            keys: [{ name: "signing", rotationDays: 60 }],
            keyVault: { vaultName: "kv-ai", resourceGroupName: "rg-vault" },
        }));
        await estate.settled();

        const secret = estate.get(SECRET, "vault-secret-vendor-key");
        expect(secret.parent).toBe("vault");
        expect(secret.secretInputs).toEqual(["properties"]);
        expect(secret.inputs).toEqual({
            resourceGroupName: "rg-vault",
            vaultName: "kv-ai",
            secretName: "vendor-key",
            properties: {
                value: "zd-not-a-real-token",
                contentType: "Zendesk API token",
                attributes: { enabled: true, expires: Math.floor(windowEnd(14, 14).getTime() / 1000) },
            },
            tags: expect.objectContaining({ "nhi:owner": "support-platform", "nhi:expires-at": EXPIRES }),
        });
        const expires = secret.inputs.properties.attributes.expires * 1000;
        expect(expires).toBeGreaterThan(Date.now());
        expect(expires).toBeLessThanOrEqual(Date.now() + 14 * DAY_MS);

        expect(estate.get(KEY, "vault-key-signing").inputs).toEqual({
            resourceGroupName: "rg-vault",
            vaultName: "kv-ai",
            keyName: "signing",
            properties: {
                kty: "RSA",
                keySize: 3072,
                rotationPolicy: {
                    attributes: { expiryTime: "P67D" },
                    lifetimeActions: [
                        { trigger: { timeAfterCreate: "P60D" }, action: { type: "rotate" } },
                        { trigger: { timeBeforeExpiry: "P7D" }, action: { type: "notify" } },
                    ],
                },
            },
            tags: expect.objectContaining({ "nhi:tool": "claude-code" }),
        });
    });

    it("uses an owned Entra application with a bounded, window-rotated password when client credentials are unavoidable", async () => {
        const identity = new AiToolIdentity("saas", supportAgent({
            resourceGroupName: undefined,
            entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID], credentialDays: 60, rotationDays: 20 },
        }));
        await estate.settled();

        const notes = `owner=support-platform;expires-at=${EXPIRES};purpose=Answers support tickets from the product documentation;tool=claude-code;access=read`;
        expect(estate.get(APP, "saas-app").inputs).toEqual({
            displayName: "claude-code-saas",
            owners: [OWNER_OBJECT_ID],
            notes,
            description: "Answers support tickets from the product documentation",
        });
        expect(estate.get(SP, "saas-sp").inputs).toEqual({ clientId: "client-of-saas-app", owners: [OWNER_OBJECT_ID], notes, description: "Answers support tickets from the product documentation" });

        const window = new Date(Math.floor(Date.now() / (20 * DAY_MS)) * 20 * DAY_MS);
        const password = estate.get(PASSWORD, "saas-password");
        expect(password.inputs).toEqual({
            applicationId: "saas-app-id",
            displayName: `rotation window ${formatInstant(window)}`,
            endDate: formatInstant(windowEnd(20, 60)),
            rotateWhenChanged: { rotationWindow: formatInstant(window) },
        });
        expect(new Date(password.inputs.endDate).getTime() - Date.now()).toBeLessThanOrEqual(60 * DAY_MS);

        expect(estate.get(APP_FIC, "saas-github").inputs).toMatchObject({ applicationId: "saas-app-id", subject: "repo:acme/support:environment:ai-agent", audiences: ["api://AzureADTokenExchange"] });
        expect(estate.ofType(IDENTITY).filter((r) => r.parent === "saas")).toEqual([]);
        expect(estate.get(ASSIGNMENT, "saas-grant-read-docs").inputs.principalId).toBe("principal-of-saas-sp");
        expect(await known(identity.clientId)).toBe("client-of-saas-app");
        expect(await known(identity.identityResourceId)).toBeUndefined();
    });

    it("caps a password's end at the identity's expiry", async () => {
        const soon = parseContractDate(EARLY)!;
        new AiToolIdentity("short", supportAgent({ expiresAt: EARLY, resourceGroupName: undefined, entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID] } }));
        await estate.settled();
        const end = new Date(estate.get(PASSWORD, "short-password").inputs.endDate);
        expect(end.getTime()).toBeLessThanOrEqual(soon.getTime());
    });
});

describe("AiToolIdentity (construction errors)", () => {
    const errorOf = (args: unknown): string => {
        try {
            new AiToolIdentity(`bad-${Math.random().toString(36).slice(2)}`, args as any);
        } catch (e) {
            return (e as Error).message;
        }
        throw new Error("expected construction to fail");
    };

    it.each([
        [{ grants: [{ role: "Owner", scope: `/subscriptions/${SUBSCRIPTION}` }] }, "`grants[0].role` Owner at subscription scope is an admin role"],
        [{ grants: [{ role: "Contributor", scope: "/providers/Microsoft.Management/managementGroups/acme" }], access: "write" }, "`grants[0].role` Contributor at managementGroup scope is an admin role"],
        [{ grants: [{ role: "User Access Administrator", scope: "/" }], access: "admin" }, "`grants[0].role` User Access Administrator at root scope"],
        [{ grants: [{ role: "f58310d9-a9f6-439a-9e8d-f62e7b41a168", scope: RG_SCOPE }], access: "admin" }, "`grants[0].role` Role Based Access Control Administrator at resourceGroup scope can write role assignments"],
        [{ grants: [{ role: "Contributor", scope: RG_SCOPE }] }, "`grants[0].role` Contributor can write, but `access` is `read`"],
        [{ grants: [{ role: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/99999999-9999-9999-9999-999999999999`, scope: RG_SCOPE }] }, "`grants[0].role` custom role 99999999-9999-9999-9999-999999999999 can write, but `access` is `read`"],
        [{ grants: [{ role: "Superuser", scope: RG_SCOPE }] }, "`grants[0].role` \"Superuser\" is neither a built-in role"],
        [{ grants: [{ role: "Reader", scope: "rg-docs" }] }, "`grants[0].scope` \"rg-docs\" is not an ARM scope"],
        [{ grants: [{ role: "Reader" }] }, "`grants[0].scope`: is required"],
        [{ grants: [{ scope: RG_SCOPE }] }, "`grants[0].role`: is required"],
        [{ grants: [{ role: "Reader", scope: RG_SCOPE, actions: ["s3:GetObject"] }] }, "`grants[0].actions`: is AWS only"],
        [{ grants: [{ name: "a", role: "Reader", scope: RG_SCOPE }, { name: "a", role: "Reader", scope: RG_SCOPE }] }, "`grants[1].name` \"a\" is also the name of `grants[0]`"],
        // An unnamed grant's children are named by its index: a grant named "1" would collide with it.
        [{ grants: [{ name: "1", role: "Reader", scope: RG_SCOPE }, { role: "Reader", scope: RG_SCOPE }] }, "`grants[1].name` \"1\" is also the name of `grants[0]`"],
        [{ eligibleGrants: ["nope"] }, "`eligibleGrants` names \"nope\", which no grant has"],
        [{ resourceGroupName: undefined }, "`resourceGroupName`: is required"],
        [{ identityName: "a" }, "`identityName` \"a\" is not a managed identity name"],
        [{ trust: { identity: "00000000-0000-0000-0000-000000000001" } }, "`trust.identity`: Azure identities are not assumed"],
        [{ secrets: [{ name: "vendor-key" }] }, "`keyVault`: is required with `secrets` or `keys`"],
        [{ secrets: [{ name: "vendor-key" }], keyVault: { vaultName: "kv" } }, "`secretValues.vendor-key`: is required"],
        [{ secretValues: { stray: "x" }, keyVault: { vaultName: "kv" } }, "`secretValues.stray`: no secret of that name is declared"],
        [{ secrets: [{ name: "vendor_key" }], secretValues: { vendor_key: "x" }, keyVault: { vaultName: "kv" } }, "`secrets[0].name` \"vendor_key\": Key Vault names allow letters, digits and `-` only"],
        [{ keys: [{ name: "k", rotationDays: 3 }], keyVault: { vaultName: "kv" } }, "`keys[0].rotationDays` 3: use a whole number of days from 7 to 365"],
        [{ entraApplication: { ownerObjectIds: [] } }, "`entraApplication.ownerObjectIds`: is required"],
        [{ entraApplication: { ownerObjectIds: ["alice"] } }, "`entraApplication.ownerObjectIds[0]` \"alice\" is not an object ID"],
        [{ entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID], credentialDays: 365 } }, "`entraApplication.credentialDays` 365: use a whole number of days from 1 to 90"],
        [{ entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID], credentialDays: 30, rotationDays: 45 } }, "`entraApplication.rotationDays` 45: use a whole number of days from 1 to `credentialDays`"],
        [{ tags: { "nhi:owner": "someone-else" } }, "`tags[\"nhi:owner\"]`: cannot be set here; the declaration sets it"],
        [{ tags: { "a/b": "x" } }, "`tags[\"a/b\"]`: is not a valid Azure tag name"],
        [{ roleName: "x" }, "`roleName`: is not an argument of this component"],
    ])("refuses %j", (change, line) => {
        expect(errorOf(supportAgent(change as any))).toContain(line);
    });

    it("lists every problem at once, one line each, with no stack trace", () => {
        const message = errorOf(supportAgent({ owner: "", grants: [{ role: "Owner", scope: `/subscriptions/${SUBSCRIPTION}` }], resourceGroupName: undefined }));
        const lines = message.split("\n").filter((l) => l.startsWith("  - "));
        expect(lines.length).toBeGreaterThanOrEqual(4);
        expect(lines.some((l) => l.includes("`owner`"))).toBe(true);
        expect(lines.some((l) => l.includes("`resourceGroupName`"))).toBe(true);
        expect(lines.some((l) => l.includes("Owner at subscription scope"))).toBe(true);
        expect(message).not.toMatch(/\n\s+at /);
    });

    it("creates no child when the arguments are invalid", async () => {
        const before = estate.registrations.length;
        errorOf(supportAgent({ grants: [{ role: "Owner", scope: `/subscriptions/${SUBSCRIPTION}` }] }));
        await estate.settled();
        const custom = estate.registrations.slice(before).filter((r) => r.custom);
        expect(custom).toEqual([]);
    });

    it("still refuses an identity whose own expiry has passed", () => {
        expect(errorOf(supportAgent({ expiresAt: ENDED }))).toContain("`expiresAt`");
    });
});

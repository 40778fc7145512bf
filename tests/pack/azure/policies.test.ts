/**
 * Every nhi-guard policy, fed Azure and Entra resources through real Analyze / AnalyzeStack
 * requests (in-process, @pulumi/policy's own handlers): compliant, violating, unknown-value and
 * boundary cases for each concept the Azure readers express.
 */
import type { AnalyzerInput } from "../../../cli/analyzer/protocol";
import { UNKNOWN, secret } from "../../../cli/analyzer/protocol";
import { daysFromNow } from "../../../components/shared/dates";
import { PackHarness, advisory, component, loadPack, mandatory, of, resource } from "../../helpers/pack";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${SUB}/resourceGroups/rg-ai`;
const role = (guid: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const OWNER_ROLE = role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const CONTRIBUTOR = role("b24988ac-6180-42a0-ab88-20f7382dd24c");
const READER = role("acdd72a7-3385-48ef-bd42-f606fba81ae7");

const T = {
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    fic: "azure-native:managedidentity:FederatedIdentityCredential",
    assignment: "azure-native:authorization:RoleAssignment",
    eligibility: "azure-native:authorization:PimRoleEligibilitySchedule",
    secret: "azure-native:keyvault:Secret",
    key: "azure-native:keyvault:Key",
    app: "azuread:index/application:Application",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    flexFic: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
};

const EXPIRES = daysFromNow(90);
const tags = (change: Record<string, string | undefined> = {}) => {
    const base: Record<string, string | undefined> = { "nhi:owner": "support-platform", "nhi:expires-at": EXPIRES, "nhi:tool": "claude-code", "nhi:access": "read", "nhi:purpose": "Answers tickets", ...change };
    return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined));
};
const text = (expiresAt = EXPIRES) => `owner=support-platform;expires-at=${expiresAt};tool=claude-code`;

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

/** A governed component with its identity, as the Azure component creates them. */
function governed(name = "agent", identityTags = tags()) {
    const parent = component(name, "azure");
    const identity = resource({ type: T.identity, name: `${name}-identity`, parent, props: { resourceGroupName: "rg-ai", tags: identityTags } });
    return { parent, identity };
}

const assignment = (name: string, props: Record<string, unknown>, opts: { parent?: AnalyzerInput; identity?: AnalyzerInput } = {}) =>
    resource({
        type: T.assignment,
        name,
        parent: opts.parent,
        props: { principalId: UNKNOWN, principalType: "ServicePrincipal", roleDefinitionId: READER, scope: RG, description: text(), ...props },
        propertyDependencies: opts.identity ? { principalId: [opts.identity] } : {},
    });

async function resourceDiagnostics(input: AnalyzerInput, policy: string) {
    return of(await pack.analyze(input), policy);
}

describe("nhi-owner-required and nhi-expiry-required (managed identity and Entra application)", () => {
    it("passes an owned, expiring managed identity", async () => {
        const { identity } = governed();
        const result = await pack.analyze(identity);
        expect(of(result, "nhi-owner-required")).toEqual([]);
        expect(of(result, "nhi-expiry-required")).toEqual([]);
    });

    it.each([
        [{ "nhi:owner": undefined }, "nhi-owner-required"],
        [{ "nhi:owner": "tbd" }, "nhi-owner-required"],
        [{ "nhi:expires-at": undefined }, "nhi-expiry-required"],
        [{ "nhi:expires-at": daysFromNow(-1) }, "nhi-expiry-required"],
        [{ "nhi:expires-at": daysFromNow(400) }, "nhi-expiry-required"],
        [{ "nhi:expires-at": "31/12/2027" }, "nhi-expiry-required"],
    ])("blocks a managed identity with %j (%s)", async (change, policy) => {
        const { identity } = governed("bad", tags(change));
        expect(mandatory(await resourceDiagnostics(identity, policy))).toHaveLength(1);
    });

    it("is advisory, not a pass, when the tags are unknown at preview", async () => {
        const identity = resource({ type: T.identity, name: "later-identity", parent: component("later", "azure"), props: { resourceGroupName: "rg", tags: UNKNOWN } });
        const ds = await resourceDiagnostics(identity, "nhi-owner-required");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("reads an Entra application's owner from its notes", async () => {
        const ok = resource({ type: T.app, name: "bot", props: { displayName: "bot", notes: `owner=support-platform;expires-at=${EXPIRES};tool=ticket-bot` } });
        const bad = resource({ type: T.app, name: "bot2", props: { displayName: "bot2", notes: `expires-at=${EXPIRES};tool=ticket-bot` } });
        expect(await resourceDiagnostics(ok, "nhi-owner-required")).toEqual([]);
        expect(mandatory(await resourceDiagnostics(bad, "nhi-owner-required"))).toHaveLength(1);
    });
});

describe("nhi-no-standing-access (role assignments)", () => {
    it("passes a role assignment whose description says when it ends", async () => {
        const { parent } = governed();
        expect(await resourceDiagnostics(assignment("agent-grant", {}, { parent }), "nhi-no-standing-access")).toEqual([]);
    });

    it("blocks one with no expires-at", async () => {
        const { parent } = governed();
        const ds = await resourceDiagnostics(assignment("agent-grant", { description: undefined }, { parent }), "nhi-no-standing-access");
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).toMatch(/never ends/);
    });

    it("blocks one whose expires-at cannot be read, naming why", async () => {
        const { parent } = governed();
        const ds = await resourceDiagnostics(assignment("agent-grant", { description: "expires-at=2027-02-30;owner=support-platform;tool=claude-code" }, { parent }), "nhi-no-standing-access");
        expect(mandatory(ds)).toHaveLength(1);
        expect(ds[0].message).toMatch(/description/);
    });

    it("is advisory when the description is unknown at preview", async () => {
        const { parent } = governed();
        const ds = await resourceDiagnostics(assignment("agent-grant", { description: UNKNOWN }, { parent }), "nhi-no-standing-access");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("blocks standing PIM eligibility (NoExpiration)", async () => {
        const { parent } = governed();
        const pim = resource({ type: T.eligibility, name: "agent-eligible", parent, props: { principalId: UNKNOWN, roleDefinitionId: READER, scope: RG, scheduleInfo: { expiration: { type: "NoExpiration" } } } });
        expect(mandatory(await resourceDiagnostics(pim, "nhi-no-standing-access"))).toHaveLength(1);
        const dated = resource({ type: T.eligibility, name: "agent-eligible2", parent, props: { principalId: UNKNOWN, roleDefinitionId: READER, scope: RG, scheduleInfo: { expiration: { type: "AfterDateTime", endDateTime: `${daysFromNow(30)}T00:00:00Z` } } } });
        expect(await resourceDiagnostics(dated, "nhi-no-standing-access")).toEqual([]);
    });

    it("blocks, in the stack, a grant that ends after its identity does (boundary: the same day passes)", async () => {
        const { parent, identity } = governed();
        const late = assignment("agent-late", { description: text(daysFromNow(120)) }, { parent, identity });
        const same = assignment("agent-same", { description: text(EXPIRES) }, { parent, identity });
        const ds = of(await pack.analyzeStack([parent, identity, late, same]), "nhi-no-standing-access");
        expect(ds.map((d) => d.urn)).toEqual([late.urn]);
        expect(ds[0].message).toMatch(/after the identity expires/);
    });
});

describe("nhi-least-privilege (role assignments)", () => {
    it.each([
        [OWNER_ROLE, SUB],
        [CONTRIBUTOR, "/providers/Microsoft.Management/managementGroups/acme"],
        [role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"), "/"],
        [role("F58310D9-A9F6-439A-9E8D-F62E7B41A168"), SUB],
        [OWNER_ROLE, RG],
    ])("blocks %s at %s", async (roleDefinitionId, scope) => {
        const { parent } = governed();
        expect(mandatory(await resourceDiagnostics(assignment("agent-admin", { roleDefinitionId, scope }, { parent }), "nhi-least-privilege"))).toHaveLength(1);
    });

    it("passes Contributor on one resource group and Reader on the subscription", async () => {
        const { parent } = governed();
        expect(await resourceDiagnostics(assignment("agent-rg", { roleDefinitionId: CONTRIBUTOR, scope: RG }, { parent }), "nhi-least-privilege")).toEqual([]);
        expect(await resourceDiagnostics(assignment("agent-sub", { roleDefinitionId: READER, scope: SUB }, { parent }), "nhi-least-privilege")).toEqual([]);
    });

    it("catches built-in roles beyond the well-known GUIDs, from Azure's list: Key Vault Administrator on a resource group, not Key Vault Secrets User on one secret", async () => {
        const { parent } = governed();
        const kvAdmin = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483`;
        const secretsUser = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
        const oneSecret = `${RG}/providers/Microsoft.KeyVault/vaults/kv-ai/secrets/vendor-token`;
        const admin = mandatory(await resourceDiagnostics(assignment("kv-admin", { roleDefinitionId: kvAdmin, scope: RG }, { parent }), "nhi-least-privilege"));
        expect(admin.map((d) => d.message)).toEqual([expect.stringMatching(/Role::Key Vault Administrator .*credential-exposure/)]);
        expect(await resourceDiagnostics(assignment("kv-user", { roleDefinitionId: secretsUser, scope: oneSecret }, { parent }), "nhi-least-privilege")).toEqual([]);
    });

    it("is advisory when the role is unknown at preview", async () => {
        const { parent } = governed();
        const ds = await resourceDiagnostics(assignment("agent-x", { roleDefinitionId: UNKNOWN }, { parent }), "nhi-least-privilege");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });
});

describe("nhi-declared-access and nhi-no-shadow-access (stack, linked through principalId)", () => {
    it("blocks a read-only identity that holds a writing role, and passes a reader role", async () => {
        const { parent, identity } = governed();
        const write = assignment("agent-write", { roleDefinitionId: CONTRIBUTOR }, { parent, identity });
        const read = assignment("agent-read", {}, { parent, identity });
        const ds = of(await pack.analyzeStack([parent, identity, write, read]), "nhi-declared-access");
        expect(ds.map((d) => d.urn)).toEqual([write.urn]);
        expect(ds[0].enforcementLevel).toBe("mandatory");
    });

    it("blocks a role assignment to a governed identity made outside its component", async () => {
        const { parent, identity } = governed();
        const inside = assignment("agent-read", {}, { parent, identity });
        const shadow = assignment("shadow", {}, { identity });
        const ds = of(await pack.analyzeStack([parent, identity, inside, shadow]), "nhi-no-shadow-access");
        expect(ds.map((d) => d.urn)).toEqual([shadow.urn]);
    });
});

describe("nhi-trust-pinned (federated credentials)", () => {
    const fic = (subject: unknown, parent?: AnalyzerInput, identity?: AnalyzerInput) =>
        resource({
            type: T.fic,
            name: "agent-github",
            parent,
            props: { resourceGroupName: "rg-ai", resourceName: UNKNOWN, issuer: "https://token.actions.githubusercontent.com", subject, audiences: ["api://AzureADTokenExchange"] },
            propertyDependencies: identity ? { resourceName: [identity] } : {},
        });

    it("passes one repository and environment", async () => {
        const { parent } = governed();
        expect(await resourceDiagnostics(fic("repo:acme/support:environment:ai-agent", parent), "nhi-trust-pinned")).toEqual([]);
    });

    it.each(["repo:acme/*:ref:refs/heads/main", "repo:acme/support:pull_request"])("blocks %s", async (subject) => {
        const { parent } = governed();
        expect(mandatory(await resourceDiagnostics(fic(subject, parent), "nhi-trust-pinned"))).toHaveLength(1);
    });

    it("is advisory when the subject is unknown at preview", async () => {
        const { parent } = governed();
        const ds = await resourceDiagnostics(fic(UNKNOWN, parent), "nhi-trust-pinned");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });

    it("blocks wildcard claims matching on an Entra application", async () => {
        const app = component("bot", "azure");
        const flex = resource({ type: T.flexFic, name: "bot-flex", parent: app, props: { applicationId: UNKNOWN, displayName: "gh", issuer: "https://token.actions.githubusercontent.com", audience: "api://AzureADTokenExchange", claimsMatchingExpression: "claims['sub'] matches 'repo:acme/*'" } });
        expect(mandatory(await resourceDiagnostics(flex, "nhi-trust-pinned"))).toHaveLength(1);
    });
});

describe("nhi-no-long-lived-credentials (Entra passwords)", () => {
    const password = (props: Record<string, unknown>) => resource({ type: T.password, name: "bot-password", parent: component("bot", "azure"), props: { applicationId: UNKNOWN, ...props } });

    it("passes a password that ends within 90 days", async () => {
        expect(await resourceDiagnostics(password({ endDate: `${daysFromNow(89)}T00:00:00Z` }), "nhi-no-long-lived-credentials")).toEqual([]);
    });

    it.each([
        [{}],
        [{ endDate: `${daysFromNow(120)}T00:00:00Z` }],
        [{ endDateRelative: "8760h" }],
        [{ endDate: "next quarter" }],
    ])("blocks %j", async (props) => {
        expect(mandatory(await resourceDiagnostics(password(props), "nhi-no-long-lived-credentials"))).toHaveLength(1);
    });

    it("is advisory when the end date is unknown at preview", async () => {
        const ds = await resourceDiagnostics(password({ endDate: UNKNOWN }), "nhi-no-long-lived-credentials");
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds)).toHaveLength(1);
    });
});

describe("nhi-secret-rotation-required (Key Vault)", () => {
    const epoch = (days: number) => Math.floor((Date.now() + days * 86_400_000) / 1000);
    const stackWith = (props: Record<string, unknown>, type = T.secret) => {
        const { parent, identity } = governed("vault");
        return [parent, identity, resource({ type, name: "vault-secret", parent, props: { resourceGroupName: "rg", vaultName: "kv", tags: tags(), ...props } })];
    };

    it("passes a secret that expires within the rotation period, and a key Key Vault rotates", async () => {
        expect(of(await pack.analyzeStack(stackWith({ properties: { value: secret("v"), attributes: { expires: epoch(20) } } })), "nhi-secret-rotation-required")).toEqual([]);
        const rotating = { properties: { kty: "RSA", rotationPolicy: { attributes: { expiryTime: "P37D" }, lifetimeActions: [{ trigger: { timeAfterCreate: "P30D" }, action: { type: "rotate" } }] } } };
        expect(of(await pack.analyzeStack(stackWith(rotating, T.key)), "nhi-secret-rotation-required")).toEqual([]);
    });

    it.each([
        [{ properties: { value: secret("v") } }, T.secret],
        [{ properties: { value: secret("v"), attributes: { expires: epoch(200) } } }, T.secret],
        [{ properties: { kty: "RSA", rotationPolicy: { lifetimeActions: [{ trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } }] } } }, T.key],
        [{ properties: { kty: "RSA" } }, T.key],
    ])("blocks %j (%s)", async (props, type) => {
        expect(mandatory(of(await pack.analyzeStack(stackWith(props, type)), "nhi-secret-rotation-required"))).toHaveLength(1);
    });

    it("never prints the secret value", async () => {
        const result = await pack.analyzeStack(stackWith({ properties: { value: secret("sk-ant-api03-do-not-print-me"), attributes: { expires: epoch(200) } } }));
        expect(JSON.stringify(result)).not.toContain("do-not-print-me");
    });
});

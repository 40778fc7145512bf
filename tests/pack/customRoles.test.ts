/**
 * Roles defined in the stack (a GCP `IAMCustomRole`, an Azure `RoleDefinition`) are judged like
 * predefined ones, by their permissions, through real AnalyzeStack requests; predefined GCP roles
 * and org-level bindings by GCP's published role data. Each violating case has its compliant twin.
 */
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { formatInstant, parseContractDate } from "../../contract/dates";
import { daysFromNow } from "../../components/shared/dates";
import { PackHarness, component, loadPack, mandatory, of, resource } from "../helpers/pack";

const LP = "nhi-least-privilege";
const DA = "nhi-declared-access";
const SA = "nhi-no-standing-access";

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

async function stack(policy: string, inputs: AnalyzerInput[]) {
    return mandatory(of(await pack.analyzeStack(inputs), policy)).map((d) => [d.urn, d.message] as const);
}

// ---- GCP ------------------------------------------------------------------------------------------

const PROJECT = "acme-data";
const EXPIRES = daysFromNow(90);
const EMAIL = `data-agent@${PROJECT}.iam.gserviceaccount.com`;
const until = (day: string) => ({ title: "ends", expression: `request.time < timestamp("${formatInstant(parseContractDate(day)!)}")` });

function gcpTool(access = "read") {
    const parent = component("agent", "gcp");
    const account = resource({
        type: "gcp:serviceaccount/account:Account",
        name: "agent-sa",
        parent,
        props: { accountId: "data-agent", project: PROJECT, email: EMAIL, displayName: "Answers sales questions", description: `owner=data-platform;expires-at=${EXPIRES};tool=claude-code;access=${access}` },
    });
    return { parent, account };
}

const customRole = (roleId: string, permissions: string[]) =>
    resource({ type: "gcp:projects/iAMCustomRole:IAMCustomRole", name: roleId, props: { project: PROJECT, roleId, title: roleId, permissions, name: `projects/${PROJECT}/roles/${roleId}` } });

const binding = (name: string, role: string, parent?: AnalyzerInput, type = "gcp:projects/iAMMember:IAMMember", extra: Record<string, unknown> = {}) =>
    resource({ type, name, parent, props: { project: PROJECT, role, member: `serviceAccount:${EMAIL}`, condition: until(EXPIRES), ...extra } });

describe("GCP custom roles in the stack", () => {
    test("a custom role holding iam.serviceAccountKeys.create, bound to an AI tool, is credential exposure", async () => {
        const { parent, account } = gcpTool();
        const role = customRole("keyMinter", ["iam.serviceAccounts.get", "iam.serviceAccountKeys.create"]);
        const b = binding("agent-keys", `projects/${PROJECT}/roles/keyMinter`, parent);
        // The resource policy sees only a role name it cannot classify: nothing to report there.
        expect(mandatory(of(await pack.analyze(b), LP))).toEqual([]);
        expect(await stack(LP, [parent, account, role, b])).toEqual([
            [b.urn, expect.stringMatching(/Role::projects\/acme-data\/roles\/keyMinter \(iam.serviceAccountKeys.create\) in role projects\/acme-data\/roles\/keyMinter \(custom role projects\/acme-data\/roles\/keyMinter\) of project custom role "keyMinter": a credential-exposure action/)],
        ]);
    });

    test("its compliant twin: a custom role that only reads passes, and a read tool may hold it, its condition still judged", async () => {
        const { parent, account } = gcpTool();
        const role = customRole("objectReader", ["storage.objects.get", "storage.objects.list"]);
        const b = binding("agent-read", `projects/${PROJECT}/roles/objectReader`, parent);
        expect(await stack(LP, [parent, account, role, b])).toEqual([]);
        expect(await stack(DA, [parent, account, role, b])).toEqual([]);
        expect(await stack(SA, [parent, account, role, b])).toEqual([]);
    });

    test("a custom role that writes gives a read tool write, named by its permissions; one not in the stack stays write (fail closed)", async () => {
        const { parent, account } = gcpTool();
        const role = customRole("objectWriter", ["storage.objects.get", "storage.objects.create"]);
        const b = binding("agent-write", `projects/${PROJECT}/roles/objectWriter`, parent);
        expect(await stack(DA, [parent, account, role, b])).toEqual([[b.urn, expect.stringMatching(/write access through .*: `storage.objects.create`/)]]);
        const elsewhere = binding("agent-elsewhere", `projects/${PROJECT}/roles/definedElsewhere`, parent);
        expect(await stack(DA, [parent, account, elsewhere])).toEqual([[elsewhere.urn, expect.stringMatching(/`projects\/acme-data\/roles\/definedElsewhere`/)]]);
    });

    test("a custom role whose permissions are unknown at preview is not a violation", async () => {
        const { parent, account } = gcpTool();
        const role = resource({ type: "gcp:projects/iAMCustomRole:IAMCustomRole", name: "later", props: { project: PROJECT, roleId: "later", title: "later", permissions: UNKNOWN } });
        const b = binding("agent-later", `projects/${PROJECT}/roles/later`, parent);
        expect(await stack(LP, [parent, account, role, b])).toEqual([]);
    });
});

describe("GCP predefined roles, from GCP's data", () => {
    test.each([
        ["roles/iam.serviceAccountUser", "gcp:projects/iAMMember:IAMMember", /Role::roles\/iam.serviceAccountUser .*privilege-escalation/],
        ["roles/iam.serviceAccountKeyAdmin", "gcp:organizations/iAMMember:IAMMember", /Role::roles\/iam.serviceAccountKeyAdmin .*credential-exposure/],
        ["roles/cloudfunctions.admin", "gcp:projects/iAMMember:IAMMember", /Role::roles\/cloudfunctions.admin/],
        ["roles/iam.workloadIdentityPoolAdmin", "gcp:folder/iAMMember:IAMMember", /Role::roles\/iam.workloadIdentityPoolAdmin/],
    ])("%s on %s is a violation", async (role, type, expected) => {
        const { parent } = gcpTool("write");
        const b = binding("agent-role", role, parent, type, { org_id: "1234", orgId: "1234", folder: "folders/5678" });
        expect(mandatory(of(await pack.analyze(b), LP)).map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    });

    test("a predefined read role passes", async () => {
        const { parent } = gcpTool();
        expect(mandatory(of(await pack.analyze(binding("agent-read", "roles/storage.objectViewer", parent)), LP))).toEqual([]);
    });
});

// ---- Azure ----------------------------------------------------------------------------------------

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${SUB}/resourceGroups/rg-ai`;
const CUSTOM = "5f3c8b0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const definitionId = (guid: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

function azureTool(access = "read") {
    const parent = component("agent", "azure");
    const identity = resource({
        type: "azure-native:managedidentity:UserAssignedIdentity",
        name: "agent-identity",
        parent,
        props: { resourceGroupName: "rg-ai", tags: { "nhi:owner": "support-platform", "nhi:expires-at": EXPIRES, "nhi:tool": "claude-code", "nhi:access": access, "nhi:purpose": "Answers tickets" } },
    });
    return { parent, identity };
}

const roleDefinition = (name: string, actions: string[], dataActions: string[] = []) =>
    resource({
        type: "azure-native:authorization:RoleDefinition",
        name,
        props: { roleDefinitionId: CUSTOM, roleName: name, scope: SUB, assignableScopes: [SUB], permissions: [{ actions, notActions: [], dataActions, notDataActions: [] }], id: definitionId(CUSTOM) },
    });

const assignment = (name: string, parent: AnalyzerInput, identity: AnalyzerInput, roleDefinitionId = definitionId(CUSTOM)) =>
    resource({
        type: "azure-native:authorization:RoleAssignment",
        name,
        parent,
        props: { principalId: UNKNOWN, principalType: "ServicePrincipal", roleDefinitionId, scope: RG, description: `owner=support-platform;expires-at=${EXPIRES};tool=claude-code` },
        propertyDependencies: { principalId: [identity] },
    });

describe("Azure role definitions in the stack", () => {
    test("a custom role holding Microsoft.Authorization/roleAssignments/write, assigned to an AI tool, is privilege escalation", async () => {
        const { parent, identity } = azureTool("write");
        const def = roleDefinition("ticket-triage", ["Microsoft.Support/*", "Microsoft.Authorization/roleAssignments/write"]);
        const a = assignment("agent-triage", parent, identity);
        expect(await stack(LP, [parent, identity, def, a])).toEqual([[a.urn, expect.stringMatching(/Role::custom role "ticket-triage" \(writes role assignments\) in .* of role definition "ticket-triage": a privilege-escalation action/)]]);
    });

    test("its compliant twin: a custom role that only reads passes, and a read tool may hold it", async () => {
        const { parent, identity } = azureTool();
        const def = roleDefinition("ticket-reader", ["Microsoft.Web/sites/read"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]);
        const a = assignment("agent-reader", parent, identity);
        expect(await stack(LP, [parent, identity, def, a])).toEqual([]);
        expect(await stack(DA, [parent, identity, def, a])).toEqual([]);
    });

    test("a custom role that writes gives a read tool write; the same GUID without its definition in the stack stays write", async () => {
        const { parent, identity } = azureTool();
        const def = roleDefinition("ticket-writer", ["Microsoft.Web/sites/read", "Microsoft.Web/sites/config/write"]);
        const a = assignment("agent-writer", parent, identity);
        expect(await stack(DA, [parent, identity, def, a])).toEqual([[a.urn, expect.stringMatching(/Microsoft.Web\/sites\/config\/write/)]]);
        expect(await stack(DA, [parent, identity, a])).toEqual([[a.urn, expect.stringMatching(/`Role::custom role 5f3c8b0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f`/)]]);
    });
});

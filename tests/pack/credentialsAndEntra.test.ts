/**
 * Every credential an AI tool holds is governed (issue 15): Bedrock long-term API keys and other
 * IAM service-specific credentials, IAM SSH keys and signing certificates, GCP HMAC keys and
 * unrestricted API keys, each through real Analyze requests (in-process, @pulumi/policy's own
 * handlers) with a compliant twin, a violating case and an unknown-value case.
 */
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { PackHarness, advisory, component, loadPack, mandatory, of, resource } from "../helpers/pack";

const T = {
    user: "aws:iam/user:User",
    specific: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    sshKey: "aws:iam/sshKey:SshKey",
    certificate: "aws:iam/signingCertificate:SigningCertificate",
    hmac: "gcp:storage/hmacKey:HmacKey",
    apiKey: "gcp:projects/apiKey:ApiKey",
};
const POLICY = "nhi-no-long-lived-credentials";

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

const parent = component("agent");
const gcpParent = component("data-agent", "gcp");
const EMAIL = "data-agent@acme-data.iam.gserviceaccount.com";
const analyze = async (input: AnalyzerInput) => of(await pack.analyze(input), POLICY);
/** A credential for the tool's IAM user, linked by property dependency as `user.name` would be. */
function forUser(type: string, name: string, property: string, props: Record<string, unknown>): AnalyzerInput {
    const user = resource({ type: T.user, name: "agent-user", parent, props: { name: "agent-user", tags: { "nhi:owner": "platform-team", "nhi:tool": "claude-code" } } });
    return resource({ type, name, parent, props: { [property]: UNKNOWN, ...props }, propertyDependencies: { [property]: [user] } });
}

describe("Bedrock long-term API keys (IAM service-specific credentials for bedrock.amazonaws.com)", () => {
    const bedrock = (props: Record<string, unknown>) => forUser(T.specific, "bedrock-key", "userName", { serviceName: "bedrock.amazonaws.com", ...props });

    it("passes a key whose credentialAgeDays is within maxCredentialDays (90), the boundary included", async () => {
        expect(await analyze(bedrock({ credentialAgeDays: 30 }))).toEqual([]);
        expect(await analyze(bedrock({ credentialAgeDays: 90 }))).toEqual([]);
    });

    it("reports a key valid for longer than maxCredentialDays", async () => {
        const ds = mandatory(await analyze(bedrock({ credentialAgeDays: 91 })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/IAM service-specific credential "bedrock-key" stays valid for 91 days, more than 90/)]);
    });

    it("reports a key without credentialAgeDays as never expiring", async () => {
        expect(mandatory(await analyze(bedrock({}))).map((d) => d.message)).toEqual([expect.stringMatching(/long-lived credential that never expires/)]);
    });

    it("leaves a key whose credentialAgeDays is unknown at preview unverified, never a violation", async () => {
        const ds = await analyze(bedrock({ credentialAgeDays: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`credentialAgeDays`/)]);
    });
});

describe("other service-specific credentials (CodeCommit, Keyspaces)", () => {
    it("reports them as long-lived: credentialAgeDays does not apply outside Bedrock", async () => {
        const ds = mandatory(await analyze(forUser(T.specific, "git-creds", "userName", { serviceName: "codecommit.amazonaws.com", credentialAgeDays: 30 })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/"git-creds" is a long-lived credential/)]);
    });

    it("leaves a credential whose service is unknown at preview unverified", async () => {
        const ds = await analyze(forUser(T.specific, "creds", "userName", { serviceName: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`serviceName`/)]);
    });
});

describe("IAM SSH keys and signing certificates on the tool's user", () => {
    it.each([
        [T.sshKey, "username", { encoding: "SSH", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG" }, "IAM SSH public key"],
        [T.certificate, "userName", { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }, "IAM signing certificate"],
    ])("reports %s as a long-lived credential", async (type, property, props, kind) => {
        const ds = mandatory(await analyze(forUser(type, "agent-cred", property, props)));
        expect(ds.map((d) => d.message)).toEqual([expect.stringContaining(`${kind} "agent-cred" is a long-lived credential that never expires`)]);
    });

    it("reports the key once and invents no owner violation for a type that has no tags to carry one", async () => {
        const result = await pack.analyze(forUser(T.sshKey, "agent-ssh", "username", { encoding: "SSH", publicKey: "ssh-ed25519 AAAA" }));
        expect(mandatory(of(result, POLICY))).toHaveLength(1);
        // No tags input exists on SshKey: owner/expiry policies must not invent a violation from a field the type lacks.
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
    });
});

describe("GCP HMAC keys and API keys", () => {
    it("reports an HMAC key for the tool's service account as long-lived", async () => {
        const ds = mandatory(await analyze(resource({ type: T.hmac, name: "agent-hmac", parent: gcpParent, props: { serviceAccountEmail: EMAIL, project: "acme-data" } })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/^HMAC key "agent-hmac" is a long-lived credential/)]);
    });

    it("says an API key without restrictions is unrestricted, and a restricted twin is only long-lived", async () => {
        const open = mandatory(await analyze(resource({ type: T.apiKey, name: "open-key", parent: gcpParent, props: { displayName: "agent" } })));
        expect(open.map((d) => d.message)).toEqual([expect.stringMatching(/long-lived credential .* it is unrestricted \(any API, any caller\): set `restrictions`/)]);
        const restricted = mandatory(
            await analyze(resource({ type: T.apiKey, name: "scoped-key", parent: gcpParent, props: { displayName: "agent", restrictions: { apiTargets: [{ service: "generativelanguage.googleapis.com" }], serverKeyRestrictions: { allowedIps: ["203.0.113.4"] } } } })),
        );
        expect(restricted.map((d) => d.message)).toEqual([expect.not.stringMatching(/unrestricted/)]);
    });

    it("does not call an API key whose restrictions are unknown at preview unrestricted", async () => {
        const ds = mandatory(await analyze(resource({ type: T.apiKey, name: "key", parent: gcpParent, props: { displayName: "agent", restrictions: UNKNOWN } })));
        expect(ds.map((d) => d.message)).toEqual([expect.not.stringMatching(/unrestricted/)]);
    });
});

describe("Entra ID: Graph app roles and directory roles granted to an AI tool's service principal", () => {
    const EXPIRES = "2098-01-01";
    const A = {
        app: "azuread:index/application:Application",
        sp: "azuread:index/servicePrincipal:ServicePrincipal",
        appRole: "azuread:index/appRoleAssignment:AppRoleAssignment",
        directoryRole: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
    };
    const GRAPH = {
        roleManagement: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
        appRoleAssignment: "06b708a9-e830-4db3-a914-8e69da51d44f",
        application: "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
        directoryRead: "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
    };
    const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
    const PRIVILEGED_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    const DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";

    /** A governed Entra app and its service principal, as a program declares them (the SP's object id unknown at preview). */
    function tool(name = "ticket-bot", access = "read") {
        const parent = component(name, "azure");
        const notes = `owner=support-platform;expires-at=${EXPIRES};tool=claude-code;access=${access}`;
        const app = resource({ type: A.app, name: `${name}-app`, parent, props: { displayName: name, notes } });
        const sp = resource({ type: A.sp, name: `${name}-sp`, parent, props: { clientId: UNKNOWN, notes }, propertyDependencies: { clientId: [app] } });
        return { parent, app, sp };
    }
    const grant = (type: string, name: string, t: ReturnType<typeof tool>, props: Record<string, unknown>) =>
        resource({ type, name, parent: t.parent, props: { principalObjectId: UNKNOWN, ...props }, propertyDependencies: { principalObjectId: [t.sp] } });
    const appRole = (name: string, t: ReturnType<typeof tool>, appRoleId: string) => grant(A.appRole, name, t, { appRoleId, resourceObjectId: UNKNOWN });
    const directoryRole = (name: string, t: ReturnType<typeof tool>, roleId: string, directoryScopeId = "/") => grant(A.directoryRole, name, t, { roleId, directoryScopeId });
    const stack = async (t: ReturnType<typeof tool>, ...grants: AnalyzerInput[]) => pack.analyzeStack([t.parent, t.app, t.sp, ...grants]);

    it.each([
        ["RoleManagement.ReadWrite.Directory", GRAPH.roleManagement, /escalation action/],
        ["AppRoleAssignment.ReadWrite.All", GRAPH.appRoleAssignment, /escalation action/],
        ["Application.ReadWrite.All", GRAPH.application, /credential-exposure action/],
    ])("nhi-least-privilege blocks the Graph app role %s on the tool's service principal", async (name, id, why) => {
        const t = tool();
        const g = appRole("graph-grant", t, id);
        // A grant made in the tool's component is judged where it is declared (Analyze), once.
        expect(mandatory(of(await stack(t, g), "nhi-least-privilege"))).toEqual([]);
        const ds = mandatory(of(await pack.analyze(g), "nhi-least-privilege"));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(new RegExp(`AppRole::${name.replace(/\./g, "\\.")} .*${why.source}`))]);
    });

    it.each([
        ["Global Administrator", GLOBAL_ADMIN, /administrator or basic role/],
        ["Privileged Role Administrator", PRIVILEGED_ROLE_ADMIN, /escalation action/],
    ])("nhi-least-privilege blocks the directory role %s", async (name, id, why) => {
        const t = tool();
        const g = directoryRole("directory-grant", t, id);
        const ds = mandatory(of(await pack.analyze(g), "nhi-least-privilege"));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(new RegExp(`DirectoryRole::${name} .*${why.source}`))]);
    });

    it("passes the compliant twins: Directory.Read.All and Directory Readers", async () => {
        const t = tool();
        const read = appRole("graph-read", t, GRAPH.directoryRead);
        const readers = directoryRole("readers", t, DIRECTORY_READERS);
        const result = await stack(t, read, readers);
        expect(of(result, "nhi-least-privilege")).toEqual([]);
        expect(of(await pack.analyze(read), "nhi-least-privilege")).toEqual([]);
        expect(of(await pack.analyze(readers), "nhi-least-privilege")).toEqual([]);
        expect(of(result, "nhi-declared-access")).toEqual([]);
    });

    it("nhi-declared-access blocks a read tool holding a writing Graph permission, and not a write tool", async () => {
        const reader = tool("reader-bot", "read");
        const g = appRole("graph-write", reader, GRAPH.application);
        expect(mandatory(of(await stack(reader, g), "nhi-declared-access")).map((d) => d.urn)).toEqual([g.urn]);
        const writer = tool("writer-bot", "write");
        expect(of(await stack(writer, appRole("graph-write", writer, GRAPH.application)), "nhi-declared-access")).toEqual([]);
    });

    it("leaves an app role id unknown at preview unverified, never a violation", async () => {
        const t = tool();
        const g = appRole("graph-unknown", t, UNKNOWN);
        const result = await stack(t, g);
        expect(mandatory(of(result, "nhi-least-privilege"))).toEqual([]);
        expect(mandatory(of(result, "nhi-declared-access"))).toEqual([]);
        expect(advisory(of(await pack.analyze(g), "nhi-least-privilege")).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`appRoleId`/)]);
    });

    it("judges a grant that names its principal by a known object id", async () => {
        const g = resource({ type: A.directoryRole, name: "ga", parent: component("bot", "azure"), props: { roleId: GLOBAL_ADMIN, principalObjectId: "11111111-2222-3333-4444-555555555555" } });
        expect(mandatory(of(await pack.analyze(g), "nhi-least-privilege")).map((d) => d.message)).toEqual([expect.stringContaining("DirectoryRole::Global Administrator")]);
    });
});

describe("Entra application inline password", () => {
    const app = (password: Record<string, unknown> | string) =>
        resource({ type: "azuread:index/application:Application", name: "bot-app", parent: component("bot", "azure"), props: { displayName: "bot", notes: "owner=support-platform;expires-at=2098-01-01;tool=claude-code", password } });
    const inDays = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

    it("passes a password ending within maxCredentialDays, and blocks one ending later or never", async () => {
        expect(await analyze(app({ displayName: "ci", endDate: inDays(30) }))).toEqual([]);
        expect(mandatory(await analyze(app({ displayName: "ci", endDate: inDays(400) }))).map((d) => d.message)).toEqual([expect.stringMatching(/Entra application inline password "bot-app" expires at .* more than 90 days away/)]);
        expect(mandatory(await analyze(app({ displayName: "ci" }))).map((d) => d.message)).toEqual([expect.stringMatching(/cannot be verified to expire: no `password.endDate`/)]);
    });

    it("leaves a password whose end date is unknown at preview unverified", async () => {
        const ds = await analyze(app({ displayName: "ci", endDate: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`password.endDate`/)]);
    });
});

describe("PIM group assignment and eligibility schedules (azuread): grants that must end", () => {
    const SCHEDULE = "azuread:index/privilegedAccessGroupAssignmentSchedule:PrivilegedAccessGroupAssignmentSchedule";
    const ELIGIBILITY = "azuread:index/privilegedAccessGroupEligibilitySchedule:PrivilegedAccessGroupEligibilitySchedule";
    const EXPIRES = "2030-01-01";
    function setup(props: Record<string, unknown>, type = SCHEDULE) {
        const parent = component("pim-bot", "azure");
        const sp = resource({ type: "azuread:index/servicePrincipal:ServicePrincipal", name: "pim-bot-sp", parent, props: { clientId: "c", notes: `owner=support-platform;expires-at=${EXPIRES};tool=claude-code;access=read` } });
        const schedule = resource({ type, name: "pim-bot-group", parent, props: { groupId: "g-1", principalId: UNKNOWN, assignmentType: "member", ...props }, propertyDependencies: { principalId: [sp] } });
        return { inputs: [parent, sp, schedule], schedule };
    }
    const standing = async (props: Record<string, unknown>, type?: string) => {
        const { inputs, schedule } = setup(props, type);
        return { resource: of(await pack.analyze(schedule), "nhi-no-standing-access"), stack: of(await pack.analyzeStack(inputs), "nhi-no-standing-access") };
    };

    it.each([SCHEDULE, ELIGIBILITY])("passes %s ending before the identity expires", async (type) => {
        expect(await standing({ expirationDate: "2029-06-30T00:00:00Z" }, type)).toEqual({ resource: [], stack: [] });
        expect(await standing({ startDate: "2029-01-01T00:00:00Z", duration: "P30D" }, type)).toEqual({ resource: [], stack: [] });
    });

    it("blocks a permanent assignment, and one without an end", async () => {
        for (const props of [{ permanentAssignment: true }, {}]) {
            const { resource } = await standing(props);
            expect(mandatory(resource).map((d) => d.message)).toEqual([expect.stringMatching(/PIM group assignment as member of group g-1/)]);
        }
    });

    it("blocks an assignment that outlives the identity's expiry", async () => {
        const { resource, stack } = await standing({ expirationDate: "2031-01-01T00:00:00Z" });
        expect(resource).toEqual([]);
        expect(mandatory(stack).map((d) => d.message)).toEqual([expect.stringMatching(/PIM group assignment .*pim-bot-sp/)]);
    });

    it("leaves an end unknown at preview unverified, never a violation", async () => {
        const { resource, stack } = await standing({ expirationDate: UNKNOWN });
        expect(mandatory([...resource, ...stack])).toEqual([]);
        expect(advisory(resource).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`expirationDate`/)]);
    });
});

import fc from "fast-check";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import { azureCatalogue } from "../../../contract/clouds/azure";
import { readFacts } from "../../../contract/catalogue";
import { OWNER, READER, CONTRIBUTOR } from "../../../contract/azure/roles";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${SUB}/resourceGroups/rg-ai`;
const roleId = (guid: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

const T = {
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    fic: "azure-native:managedidentity:FederatedIdentityCredential",
    assignment: "azure-native:authorization:RoleAssignment",
    definition: "azure-native:authorization:RoleDefinition",
    eligibility: "azure-native:authorization:PimRoleEligibilitySchedule",
    secret: "azure-native:keyvault:Secret",
    key: "azure-native:keyvault:Key",
    app: "azuread:index/application:Application",
    registration: "azuread:index/applicationRegistration:ApplicationRegistration",
    sp: "azuread:index/servicePrincipal:ServicePrincipal",
    appFic: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    flexFic: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
    appPassword: "azuread:index/applicationPassword:ApplicationPassword",
    spPassword: "azuread:index/servicePrincipalPassword:ServicePrincipalPassword",
    appCert: "azuread:index/applicationCertificate:ApplicationCertificate",
    spCert: "azuread:index/servicePrincipalCertificate:ServicePrincipalCertificate",
    appRole: "azuread:index/appRoleAssignment:AppRoleAssignment",
    directoryRole: "azuread:index/directoryRoleAssignment:DirectoryRoleAssignment",
    groupAssignment: "azuread:index/privilegedAccessGroupAssignmentSchedule:PrivilegedAccessGroupAssignmentSchedule",
    groupEligibility: "azuread:index/privilegedAccessGroupEligibilitySchedule:PrivilegedAccessGroupEligibilitySchedule",
};

/** As a policy reads it: behind @pulumi/policy's unknown-checking proxy. */
const read = (type: string, props: Record<string, any>) => readFacts(type, unknownCheckingProxy(props))!;

describe("the Azure catalogue", () => {
    it("covers every Azure and Entra type the pack must see, through the shared lookup", () => {
        for (const token of Object.values(T)) expect(readFacts(token, {})?.cloud).toBe("azure");
        expect(Object.keys(azureCatalogue).sort()).toEqual(Object.values(T).sort());
    });

    it("labels each entry as its reader does", () => {
        for (const [token, entry] of Object.entries(azureCatalogue)) {
            const facts = entry.read({});
            expect([facts.kind, facts.label]).toEqual([entry.kind, entry.label]);
        }
    });
});

describe("UserAssignedIdentity", () => {
    it("reads annotation tags and known handles", () => {
        const f = read(T.identity, {
            resourceGroupName: "rg-ai",
            tags: { "nhi:owner": "platform-team", "NHI:Expires-At": "2027-03-31", "nhi:tool": "claude-code", env: "prod" },
            principalId: "p-1",
            clientId: "c-1",
            id: UNKNOWN,
        });
        expect(f.kind).toBe("identity");
        expect(f.annotations!.values).toEqual({ owner: "platform-team", expiresAt: "2027-03-31", tool: "claude-code" });
        expect(f.identity!.handles).toEqual(["p-1", "c-1"]);
        expect(f.plaintextFields).toEqual(["tags"]);
    });

    it("does not read an unknown handle as a value (it is resolved through dependencies)", () => {
        expect(read(T.identity, { principalId: UNKNOWN, clientId: UNKNOWN }).identity!.handles).toEqual([]);
    });

    it("marks an unknown tag map, or an unknown annotation in it, unknown: unverified, never a pass", () => {
        expect(read(T.identity, { tags: UNKNOWN }).unknown?.map((u) => u.part).sort()).toEqual(["access", "expiry", "owner", "tool"]);
        expect(read(T.identity, { tags: { "nhi:owner": UNKNOWN } }).unknown).toEqual([{ part: "owner", path: "tags.nhi:owner" }]);
    });

    it("reports a malformed tag value as a problem", () => {
        expect(read(T.identity, { tags: { "nhi:owner": 5 } }).annotations!.problems).toHaveLength(1);
    });
});

describe("FederatedIdentityCredential", () => {
    const good = { resourceGroupName: "rg", resourceName: "ai-id", issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/app:environment:ai-review", audiences: ["api://AzureADTokenExchange"] };

    it("targets the identity by resourceName and pins the subject", () => {
        const f = read(T.fic, good);
        expect(f.trust).toEqual({
            targets: [{ property: "resourceName", value: "ai-id" }],
            subjects: ["repo:acme/app:environment:ai-review"],
            problems: [],
            githubEnvironments: [{ repository: "acme/app", environment: "ai-review" }],
        });
    });

    it("keeps the target link when the identity name is unknown at preview", () => {
        expect(read(T.fic, { ...good, resourceName: UNKNOWN }).trust!.targets).toEqual([{ property: "resourceName", value: undefined }]);
    });

    it.each([
        [{ subject: "repo:acme/*:environment:prod" }, /wildcard/],
        [{ subject: "repo:acme/app:pull_request" }, /pull request/],
        [{ issuer: undefined }, /issuer/],
        [{ audiences: [] }, /audiences/],
    ])("finds %p a problem", (change, problem) => {
        expect(read(T.fic, { ...good, ...change }).trust!.problems.join("\n")).toMatch(problem);
    });

    it("marks an unknown subject or issuer unknown, and keeps the problems that hold whatever it is", () => {
        expect(read(T.fic, { ...good, subject: UNKNOWN }).trust).toMatchObject({ subjects: [], problems: [], unknown: ["subject"] });
        const wild = read(T.fic, { ...good, issuer: UNKNOWN, subject: "repo:acme/*" }).trust!;
        expect(wild.unknown).toEqual(["issuer"]);
        expect(wild.problems).toEqual([expect.stringMatching(/has a wildcard/)]);
    });
});

describe("Entra federated credentials", () => {
    it("reads the application credential and targets the application ID", () => {
        const f = read(T.appFic, { applicationId: "/applications/o-1", displayName: "gh", issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/app:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] });
        expect(f.trust!.targets).toEqual([{ property: "applicationId", value: "/applications/o-1" }]);
        expect(f.trust!.problems).toEqual([]);
    });

    it("refuses wildcard claims matching on the flexible credential", () => {
        const f = read(T.flexFic, { applicationId: "/applications/o-1", displayName: "gh", issuer: "https://token.actions.githubusercontent.com", audience: "api://AzureADTokenExchange", claimsMatchingExpression: "claims['sub'] matches 'repo:acme/*'" });
        expect(f.kind).toBe("trust");
        expect(f.trust!.problems.join()).toMatch(/wildcard/);
        expect(f.trust!.subjects).toEqual([]);
    });
});

describe("Entra applications and service principals", () => {
    it.each([T.app, T.registration, T.sp])("%s reads annotations from notes and description", (type) => {
        const f = read(type, { displayName: "ai", notes: "owner=platform-team;expires-at=2027-01-31;tool=claude-code", description: "Reviews PRs. access=read" });
        expect(f.kind).toBe("identity");
        expect(f.annotations!.values).toEqual({ owner: "platform-team", expiresAt: "2027-01-31", tool: "claude-code", access: "read" });
        expect(f.plaintextFields).toEqual(["notes", "description"]);
    });

    it("reports conflicting owners in notes and description", () => {
        expect(read(T.app, { notes: "owner=a-team", description: "owner=b-team" }).annotations!.problems).toHaveLength(1);
    });

    it("exposes the handles other resources name it by", () => {
        expect(read(T.app, { id: "/applications/o-1", objectId: "o-1", clientId: "c-1" }).identity!.handles).toEqual(["/applications/o-1", "o-1", "c-1"]);
        expect(read(T.sp, { id: "/servicePrincipals/s-1", objectId: "s-1", clientId: "c-1" }).identity!.handles).toEqual(["/servicePrincipals/s-1", "s-1"]);
    });
});

describe("Entra passwords and certificates", () => {
    it.each([
        [T.appPassword, "applicationId"],
        [T.spPassword, "servicePrincipalId"],
        [T.appCert, "applicationId"],
        [T.spCert, "servicePrincipalId"],
    ])("%s expires at endDate and targets %s", (type, owner) => {
        const f = read(type, { [owner]: "x-1", endDate: "2027-01-01T00:00:00Z" });
        expect(f.kind).toBe("credential");
        expect(f.credential).toMatchObject({ targets: [{ property: owner, value: "x-1" }], longLived: false, expiresAt: new Date("2027-01-01T00:00:00Z") });
        expect(f.credential!.problem).toBeUndefined();
    });

    it("counts a password without endDate as long-lived", () => {
        expect(read(T.appPassword, { applicationId: "a" }).credential).toMatchObject({ longLived: true, problem: expect.stringMatching(/endDate/) });
    });

    it("reads endDateRelative as a lifetime in days", () => {
        expect(read(T.spPassword, { servicePrincipalId: "s", endDateRelative: "720h" }).credential).toMatchObject({ longLived: false, lifetimeDays: 30 });
    });

    it("counts an unreadable endDate as long-lived, with the reason", () => {
        expect(read(T.appPassword, { applicationId: "a", endDate: "2027-13-01" }).credential).toMatchObject({ longLived: true, problem: expect.stringMatching(/RFC 3339/) });
    });

    it("marks an unknown endDate unknown, not long-lived", () => {
        const f = read(T.appPassword, { applicationId: "a", endDate: UNKNOWN });
        expect(f.unknown).toEqual([{ part: "credential", path: "endDate" }]);
        expect(f.credential).toMatchObject({ longLived: false });
    });
});

describe("RoleAssignment", () => {
    const assignment = (change: object = {}) => ({ principalId: "p-1", principalType: "ServicePrincipal", roleDefinitionId: roleId(READER), scope: RG, description: "expires-at=2027-03-31;owner=platform-team;tool=claude-code", ...change });

    it("targets the principal and ends at the annotated expiry", () => {
        const f = read(T.assignment, assignment());
        expect(f.grant!.targets).toEqual([{ property: "principalId", value: "p-1" }]);
        expect(f.grant!.entries).toEqual([{ label: "role Reader at resourceGroup scope", actions: [], roles: [READER], notAction: false, endsAt: new Date("2027-03-31T00:00:00Z"), findings: [], writes: [] }]);
        expect(f.annotations!.values.owner).toBe("platform-team");
    });

    it("is standing without expires-at", () => {
        const e = read(T.assignment, assignment({ description: undefined })).grant!.entries[0];
        expect(e.endsAt).toBeUndefined();
        expect(e.endProblem).toBeUndefined();
    });

    it.each(["expires-at=2027-02-30", "expires-at=31/03/2027", "expires-at=2027-03-31T00:00:00+01:00"])("names an unreadable end %s", (description) => {
        const e = read(T.assignment, assignment({ description })).grant!.entries[0];
        expect(e.endsAt).toBeUndefined();
        expect(e.endProblem).toMatch(/`description`/);
    });

    it.each([
        [OWNER, SUB, "admin-role"],
        [OWNER.toUpperCase(), SUB, "admin-role"],
        [CONTRIBUTOR, "/providers/Microsoft.Management/managementGroups/root-mg", "admin-role"],
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "/", "admin-role"],
        ["f58310d9-a9f6-439a-9e8d-f62e7b41a168", SUB, "admin-role"],
        [OWNER, RG, "escalation"],
    ])("flags role %s at %s as %s", (guid, scope, rule) => {
        const e = read(T.assignment, assignment({ roleDefinitionId: roleId(guid), scope })).grant!.entries[0];
        expect(e.findings.map((x) => x.rule)).toEqual([rule]);
        expect(e.writes).toHaveLength(1);
    });

    it("does not flag Contributor on one resource group, but counts it as write", () => {
        const e = read(T.assignment, assignment({ roleDefinitionId: roleId(CONTRIBUTOR) })).grant!.entries[0];
        expect(e.findings).toEqual([]);
        expect(e.writes).toEqual(["Role::Contributor"]);
    });

    it("counts an unknown custom role as write", () => {
        expect(read(T.assignment, assignment({ roleDefinitionId: roleId("11111111-2222-3333-4444-555555555555") })).grant!.entries[0].writes).toEqual(["Role::custom role 11111111-2222-3333-4444-555555555555"]);
    });

    it("keeps the target link when the principal is unknown at preview", () => {
        expect(read(T.assignment, assignment({ principalId: UNKNOWN })).grant!.targets).toEqual([{ property: "principalId", value: undefined }]);
    });

    it.each<[string, object]>([
        ["roleDefinitionId", { roles: [], findings: [], writes: [], unknownPrivileges: ["roleDefinitionId"] }],
        ["scope", { unknownPrivileges: ["scope"] }],
        ["description", { unknownEnd: ["description"] }],
    ])("marks an unknown %s on the entry (unverified), never a finding built from it", (field, expected) => {
        const entry = read(T.assignment, assignment({ [field]: UNKNOWN })).grant!.entries[0];
        expect(entry).toMatchObject(expected);
        // An unknown description is an unknown end, never a read one.
        if (field === "description") expect(entry.endsAt).toBeUndefined();
    });
});

describe("PimRoleEligibilitySchedule", () => {
    const schedule = (scheduleInfo: unknown) => ({ principalId: "p-1", roleDefinitionId: roleId(READER), scope: RG, scheduleInfo });
    it.each([
        [{ expiration: { type: "AfterDateTime", endDateTime: "2027-01-01T00:00:00Z" } }, new Date("2027-01-01T00:00:00Z")],
        [{ startDateTime: "2026-12-01T00:00:00Z", expiration: { type: "AfterDuration", duration: "P31D" } }, new Date("2027-01-01T00:00:00Z")],
        [{ expiration: { endDateTime: "2027-01-01T00:00:00Z" } }, new Date("2027-01-01T00:00:00Z")],
    ])("ends per %j", (info, end) => {
        expect(read(T.eligibility, schedule(info)).grant!.entries[0]).toMatchObject({ endsAt: end, label: "eligible role Reader at resourceGroup scope" });
    });

    it.each([[{ expiration: { type: "NoExpiration" } }], [undefined], [{}]])("is standing with %j", (info) => {
        const e = read(T.eligibility, schedule(info)).grant!.entries[0];
        expect(e.endsAt).toBeUndefined();
        expect(e.endProblem).toBeUndefined();
    });

    it.each([
        [{ expiration: { type: "AfterDuration", duration: "P30D" } }],
        [{ expiration: { type: "AfterDateTime", endDateTime: "soon" } }],
        [{ expiration: { type: "Whenever" } }],
    ])("names an unreadable end %j", (info) => {
        expect(read(T.eligibility, schedule(info)).grant!.entries[0].endProblem).toBeDefined();
    });
});

describe("Key Vault", () => {
    it("reads a secret's expiry from attributes.expires (seconds)", () => {
        const f = read(T.secret, { vaultName: "kv", secretName: "vendor-key", properties: { value: "s3cr3t", attributes: { expires: 1798761600 } }, tags: { "nhi:owner": "platform-team" } });
        expect(f.secret).toEqual({ expiresAt: new Date("2027-01-01T00:00:00Z"), handles: ["vendor-key"] });
        expect(f.annotations!.values.owner).toBe("platform-team");
    });

    it("reads a secret without expiry as neither expiring nor rotating", () => {
        expect(read(T.secret, { properties: { value: "x" } }).secret).toEqual({ handles: [] });
    });

    it("does not need the (often unknown) secret value", () => {
        expect(read(T.secret, { properties: { value: UNKNOWN, attributes: { expires: 1798761600 } } }).secret!.expiresAt).toEqual(new Date("2027-01-01T00:00:00Z"));
    });

    it("says the expiry cannot be verified when `properties` is encrypted in an export", () => {
        const f = read(T.secret, { properties: "[encrypted: not readable without the stack's secrets provider]" });
        expect(f.secret!.expiresAt).toBeUndefined();
        expect(f.secret!.problem).toMatch(/`properties` cannot be read/);
        expect(read(T.key, { properties: "[encrypted]" }).secret!.problem).toMatch(/`properties` cannot be read/);
    });

    it("lets an unknown expiry make the policy advisory", () => {
        expect(() => read(T.secret, { properties: { attributes: { expires: UNKNOWN } } })).toThrow(UnknownValueError);
    });

    it("reads a key's rotation policy", () => {
        const f = read(T.key, { keyName: "signing", properties: { kty: "RSA", rotationPolicy: { attributes: { expiryTime: "P60D" }, lifetimeActions: [{ trigger: { timeAfterCreate: "P30D" }, action: { type: "Rotate" } }] } } });
        expect(f.secret).toMatchObject({ rotationDays: 30, handles: ["signing"] });
        expect(f.secret!.problem).toBeUndefined();
    });

    it("reports an unreadable key expiry", () => {
        expect(read(T.key, { properties: { attributes: { expires: "tomorrow" } } }).secret!.problem).toMatch(/expires/);
    });
});

describe("readers never throw on hostile input", () => {
    const hostile = fc.dictionary(
        fc.constantFrom("tags", "notes", "description", "issuer", "subject", "audiences", "audience", "claimsMatchingExpression", "endDate", "endDateRelative", "principalId", "roleDefinitionId", "scope", "scheduleInfo", "properties", "justification", "resourceName", "applicationId", "id"),
        fc.oneof(fc.anything(), fc.string({ maxLength: 5000 }), fc.constant({ expiration: { type: "AfterDuration", duration: {} } }), fc.constant({ attributes: { expires: -1 }, rotationPolicy: { lifetimeActions: [null, 1, { action: { type: "rotate" } }] } })),
    );
    it.each(Object.entries(azureCatalogue))("%s", (_token, entry) => {
        fc.assert(
            fc.property(hostile, (props) => {
                const facts = entry.read(props);
                expect(facts.cloud).toBe("azure");
            }),
            { numRuns: 300 },
        );
    });
});

describe("Entra app-role and directory-role assignments", () => {
    const SP = "11111111-2222-3333-4444-555555555555";
    const appRole = (appRoleId: unknown) => read(T.appRole, { appRoleId, principalObjectId: SP, resourceObjectId: "99999999-0000-0000-0000-000000000000" });
    const directoryRole = (roleId: unknown, directoryScopeId?: unknown) => read(T.directoryRole, { roleId, principalObjectId: SP, ...(directoryScopeId === undefined ? {} : { directoryScopeId }) });

    it.each<[string, string, string | undefined]>([
        ["RoleManagement.ReadWrite.Directory", "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "escalation"],
        ["AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f", "escalation"],
        ["Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "exposure"],
        ["Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61", undefined],
    ])("judges the Graph app role %s by its published id", (name, id, rule) => {
        const f = appRole(id.toUpperCase());
        expect(f.grant!.targets).toEqual([{ property: "principalObjectId", value: SP }]);
        const entry = f.grant!.entries[0];
        expect(entry.label).toBe(`app role ${name}`);
        expect(entry.findings.map((x) => x.rule)).toEqual(rule ? [rule] : []);
        expect(entry.writes.length > 0).toBe(rule !== undefined);
        expect(entry.endsAt).toBeUndefined();
    });

    it("counts an app role nobody classified as writing, without calling it an escalation", () => {
        const entry = appRole("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").grant!.entries[0];
        expect(entry.findings).toEqual([]);
        expect(entry.writes).toEqual(["AppRole::aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee (unclassified)"]);
    });

    it("leaves an app role id unknown at preview unverified, with no finding and no write", () => {
        const f = appRole(UNKNOWN);
        expect(f.grant!.entries[0]).toMatchObject({ findings: [], writes: [], unknownPrivileges: ["appRoleId"] });
    });

    it("reads Global Administrator as an admin role at any scope and Application Administrator only tenant-wide", () => {
        expect(directoryRole("62e90394-69f5-4237-9190-012177145e10").grant!.entries[0].findings).toEqual([{ rule: "admin-role", item: expect.stringContaining("DirectoryRole::Global Administrator") }]);
        expect(directoryRole("62e90394-69f5-4237-9190-012177145e10", "/administrativeUnits/x").grant!.entries[0].findings).toHaveLength(1);
        expect(directoryRole("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "/").grant!.entries[0].findings.map((x) => x.rule)).toEqual(["exposure"]);
        const scoped = directoryRole("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "/00000000-aaaa-bbbb-cccc-000000000001").grant!.entries[0];
        expect([scoped.findings, scoped.writes]).toEqual([[], ["DirectoryRole::Application Administrator"]]);
        expect(directoryRole("/roleDefinitions/e8611ab8-c189-46e8-94e1-60213ab1f814").grant!.entries[0].findings.map((x) => x.rule)).toEqual(["escalation"]);
        expect(directoryRole("88d8e3e3-8f55-4a1e-953a-9b9898b8876b").grant!.entries[0]).toMatchObject({ findings: [], writes: [] });
    });

    it("judges a directory role with an unknown scope at the narrowest scope, and an unknown role not at all", () => {
        const scoped = directoryRole("fe930be7-5e62-47db-91af-98c3a49a38b1", UNKNOWN).grant!.entries[0];
        expect(scoped).toMatchObject({ findings: [], unknownPrivileges: ["directoryScopeId"] });
        expect(directoryRole(UNKNOWN).grant!.entries[0]).toMatchObject({ findings: [], writes: [], unknownPrivileges: ["roleId"] });
    });
});

describe("an Entra application's inline password", () => {
    it.each<[string, Record<string, unknown>, object]>([
        ["dated", { password: { displayName: "ci", endDate: "2027-03-31T00:00:00Z" } }, { longLived: false, expiresAt: new Date("2027-03-31T00:00:00Z") }],
        ["undated", { password: { displayName: "ci" } }, { longLived: true, problem: expect.stringContaining("`password.endDate`") }],
        ["with an unknown end date", { password: { displayName: "ci", endDate: UNKNOWN } }, { longLived: false }],
    ])("is a credential when %s", (_, props, expected) => {
        const f = read(T.app, { displayName: "agent", notes: "owner=platform-team", ...props });
        expect(f.kind).toBe("identity");
        expect(f.credential).toMatchObject({ kind: "Entra application inline password", ...expected });
    });

    it("is no credential when absent", () => {
        expect(read(T.app, { displayName: "agent" }).credential).toBeUndefined();
    });
});

describe("PIM group assignment and eligibility schedules", () => {
    const base = { groupId: "g-1", principalId: "p-1", assignmentType: "member" };
    it.each<[Record<string, unknown>, object]>([
        [{ expirationDate: "2027-01-01T00:00:00Z" }, { endsAt: new Date("2027-01-01T00:00:00Z") }],
        [{ startDate: "2027-01-01T00:00:00Z", duration: "P30D" }, { endsAt: new Date("2027-01-31T00:00:00Z") }],
        [{ permanentAssignment: true }, {}],
        [{}, {}],
        [{ expirationDate: "next year" }, { endProblem: expect.stringContaining("`expirationDate`") }],
        [{ expirationDate: UNKNOWN }, { unknownEnd: ["expirationDate"] }],
    ])("%j", (props, expected) => {
        for (const type of [T.groupAssignment, T.groupEligibility]) {
            const f = read(type, { ...base, ...props });
            expect(f.grant!.targets).toEqual([{ property: "principalId", value: "p-1" }]);
            expect(f.grant!.entries[0]).toMatchObject({ findings: [], writes: [], ...expected });
            // Standing (or unverified) unless an end was read.
            if (!("endsAt" in expected)) expect(f.grant!.entries[0].endsAt).toBeUndefined();
        }
    });

    it("bounds a duration without a start by the time it is read (the schedule starts at creation)", () => {
        const end = read(T.groupAssignment, { ...base, duration: "PT8H" }).grant!.entries[0].endsAt!;
        expect(Math.abs(end.getTime() - (Date.now() + 8 * 3600_000))).toBeLessThan(60_000);
    });
});

import fc from "fast-check";
import {
    readEntraCredentialLifetime,
    readKeyRotationDays,
    readKeyVaultExpires,
    parseGoDuration,
} from "../../../contract/azure/credentials";
import { readFederatedCredential, readFlexibleFederatedCredential, GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE } from "../../../contract/azure/federation";
import { CONTRIBUTOR, OWNER, READER, RBAC_ADMINISTRATOR, USER_ACCESS_ADMINISTRATOR, roleDefinitionIdFor, roleFindings, roleGuid, isReadOnlyRole } from "../../../contract/azure/roles";
import { readScope } from "../../../contract/azure/scope";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";

describe("readScope", () => {
    it.each([
        ["/", "root"],
        ["/providers/Microsoft.Management/managementGroups/platform", "managementGroup"],
        ["/providers/microsoft.management/managementgroups/platform/", "managementGroup"],
        [SUB, "subscription"],
        [`${SUB}/`, "subscription"],
        [`${SUB}/resourceGroups/rg-ai`, "resourceGroup"],
        [`${SUB}/resourcegroups/rg-ai`, "resourceGroup"],
        [`${SUB}/resourceGroups/rg-ai/providers/Microsoft.Storage/storageAccounts/docs`, "resource"],
        [`${SUB}/resourceGroups/rg-ai/providers/Microsoft.Storage/storageAccounts/docs/blobServices/default/containers/c`, "resource"],
        ["", "unreadable"],
        ["subscriptions/x", "unreadable"],
        [`${SUB}/resourceGroups`, "unreadable"],
        ["/subscriptions/a b", "unreadable"],
        [42, "unreadable"],
        [undefined, "unreadable"],
    ])("%p is %s", (scope, level) => {
        expect(readScope(scope).level).toBe(level);
    });

    it("names the subscription of a scope inside one", () => {
        expect(readScope(`${SUB}/resourceGroups/rg`).subscriptionId).toBe("00000000-0000-0000-0000-000000000001");
    });
});

describe("roles", () => {
    it.each([
        [`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER.toUpperCase()}`, OWNER],
        [`/providers/Microsoft.Authorization/roleDefinitions/${READER}`, READER],
        [`/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`, CONTRIBUTOR],
        [CONTRIBUTOR, CONTRIBUTOR],
        [`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}/`, OWNER],
    ])("reads the GUID of %s", (id, guid) => {
        expect(roleGuid(id)).toBe(guid);
    });

    it.each(["Owner", "", `${SUB}/providers/Microsoft.Authorization/roleAssignments/${OWNER}`, `${OWNER}x`, 7])("reads no GUID from %p", (id) => {
        expect(roleGuid(id)).toBeUndefined();
    });

    it.each([
        [OWNER, "subscription", "admin-role"],
        [CONTRIBUTOR, "managementGroup", "admin-role"],
        [USER_ACCESS_ADMINISTRATOR, "root", "admin-role"],
        [RBAC_ADMINISTRATOR, "subscription", "admin-role"],
        [CONTRIBUTOR, "unreadable", "admin-role"],
        [OWNER, "resourceGroup", "escalation"],
        [RBAC_ADMINISTRATOR, "resource", "escalation"],
        [undefined, "resourceGroup", "admin-role"],
    ] as const)("flags %s at %s scope as %s", (guid, scope, rule) => {
        expect(roleFindings(guid, scope, "x").map((f) => f.rule)).toEqual([rule]);
    });

    it("judges built-in roles Azure publishes beyond the well-known ones: Key Vault Administrator reads every secret of a vault, but not on one secret", () => {
        const KV_ADMIN = "00482a5a-887f-4fb3-b363-3b7fe8e74483";
        expect(roleFindings(KV_ADMIN, "resourceGroup", "x")).toEqual([{ rule: "exposure", item: "Role::Key Vault Administrator (reads or regenerates keys or secrets of every resource at this scope)" }]);
        expect(roleFindings(KV_ADMIN, "resource", "x")).toEqual([]);
        expect(isReadOnlyRole(KV_ADMIN)).toBe(false);
        expect(isReadOnlyRole("43d0d8ad-25c7-4714-9337-8ba259a9fe05")).toBe(true); // Monitoring Reader
    });

    it.each([
        [CONTRIBUTOR, "resourceGroup"],
        [READER, "subscription"],
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "resource"],
    ] as const)("does not flag %s at %s scope", (guid, scope) => {
        expect(roleFindings(guid, scope, "x")).toEqual([]);
    });

    it("counts only listed reader roles as read-only (custom roles write)", () => {
        expect(isReadOnlyRole(READER)).toBe(true);
        expect(isReadOnlyRole(CONTRIBUTOR)).toBe(false);
        expect(isReadOnlyRole("11111111-2222-3333-4444-555555555555")).toBe(false);
        expect(isReadOnlyRole(undefined)).toBe(false);
    });

    it("builds role definition IDs from names, GUIDs and IDs", () => {
        expect(roleDefinitionIdFor("Reader", "s1")).toBe(`/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/${READER}`);
        expect(roleDefinitionIdFor("storage blob data reader", undefined)).toBe("/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
        expect(roleDefinitionIdFor(READER.toUpperCase(), "s1")).toBe(`/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/${READER}`);
        const custom = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555`;
        expect(roleDefinitionIdFor(custom, "s1")).toBe(custom);
        expect(roleDefinitionIdFor("Superuser", "s1")).toBeUndefined();
    });
});

describe("readFederatedCredential", () => {
    const aud = [AZURE_TOKEN_EXCHANGE_AUDIENCE];
    it.each([
        ["repo:acme/app:environment:ai-review", [{ repository: "acme/app", environment: "ai-review" }]],
        ["repo:acme/app:ref:refs/heads/main", []],
        ["repo:acme/app:ref:refs/heads/release/1.x", []],
        ["repo:acme/app:ref:refs/tags/v1", []],
    ])("pins %s", (subject, environments) => {
        const r = readFederatedCredential(GITHUB_ISSUER, subject, aud);
        expect(r.problems).toEqual([]);
        expect(r.subjects).toEqual([subject]);
        expect(r.githubEnvironments).toEqual(environments);
    });

    it.each([
        ["repo:acme/*:environment:prod", /wildcard/],
        ["repo:acme/app:environment:*", /wildcard/],
        ["repo:acme/app:ref:refs/heads/feature-?", /wildcard/],
        ["repo:acme/app:pull_request", /any pull request/],
        ["repo:acme/app", /not one GitHub repository/],
        ["acme/app", /not one GitHub repository/],
        ["", /no `subject`/],
        [undefined, /no `subject`/],
        [12, /no `subject`/],
    ])("refuses subject %p", (subject, problem) => {
        const r = readFederatedCredential(GITHUB_ISSUER, subject, aud);
        expect(r.subjects).toEqual([]);
        expect(r.problems.join("\n")).toMatch(problem);
    });

    it.each([
        [undefined, aud, /no `issuer`/],
        ["http://token.actions.githubusercontent.com", aud, /not one https URL/],
        [GITHUB_ISSUER, undefined, /no `audiences`/],
        [GITHUB_ISSUER, [], /no `audiences`/],
        [GITHUB_ISSUER, ["a", "b"], /2 audiences/],
        [GITHUB_ISSUER, ["api://*"], /wildcard/],
        [GITHUB_ISSUER, [7], /not a non-empty string/],
    ])("refuses issuer %p with audiences %p", (issuer, audiences, problem) => {
        expect(readFederatedCredential(issuer, "repo:acme/app:environment:prod", audiences).problems.join("\n")).toMatch(problem);
    });

    it("accepts one exact subject from another issuer (AKS workload identity)", () => {
        const r = readFederatedCredential("https://oidc.prod-aks.azure.com/tenant/issuer/", "system:serviceaccount:ai:reviewer", aud);
        expect(r).toEqual({ subjects: ["system:serviceaccount:ai:reviewer"], problems: [], githubEnvironments: [] });
    });
});

describe("readFlexibleFederatedCredential", () => {
    it("pins one subject with eq", () => {
        const r = readFlexibleFederatedCredential(GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE, "claims['sub'] eq 'repo:acme/app:environment:prod'");
        expect(r.problems).toEqual([]);
        expect(r.subjects).toEqual(["repo:acme/app:environment:prod"]);
        expect(r.githubEnvironments).toEqual([{ repository: "acme/app", environment: "prod" }]);
    });

    it("accepts extra exact claims joined by and", () => {
        const r = readFlexibleFederatedCredential(GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE, "claims['sub'] eq 'repo:acme/app:ref:refs/heads/main' and claims['job_workflow_ref'] eq 'acme/app/.github/workflows/ai.yml@refs/heads/main'");
        expect(r.problems).toEqual([]);
    });

    it.each([
        ["claims['sub'] matches 'repo:acme/app:ref:refs/heads/*'", /wildcard/],
        ["claims['sub'] matches 'repo:acme/*'", /wildcard/],
        ["claims['sub'] eq 'repo:a/b:environment:x' or claims['sub'] eq 'repo:a/c:environment:x'", /or/],
        ["claims['job_workflow_ref'] eq 'acme/app/.github/workflows/ai.yml@refs/heads/main'", /does not pin `sub`/],
        ["claims['sub'] == 'repo:a/b:environment:x'", /is not claims/],
        ["", /missing or unreadable/],
        [undefined, /missing or unreadable/],
    ])("refuses %p", (expression, problem) => {
        const r = readFlexibleFederatedCredential(GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE, expression);
        expect(r.problems.join("\n")).toMatch(problem);
    });

    it("treats matches without a wildcard as exact", () => {
        expect(readFlexibleFederatedCredential(GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE, "claims['sub'] matches 'repo:acme/app:environment:prod'").problems).toEqual([]);
    });
});

describe("credential lifetimes", () => {
    it.each([
        ["240h", 240 * 3600],
        ["1h30m", 5400],
        ["2160h0m0s", 2160 * 3600],
        ["90s", 90],
    ])("parses Go duration %s", (v, s) => {
        expect(parseGoDuration(v)).toBeCloseTo(s);
    });

    it.each(["", "240", "h", "10d", "-1h", "1h 30m", 5])("refuses Go duration %p", (v) => {
        expect(parseGoDuration(v)).toBeUndefined();
    });

    it("reads endDate, endDateRelative, and their absence", () => {
        expect(readEntraCredentialLifetime("2027-01-01T00:00:00Z", undefined)).toEqual({ longLived: false, expiresAt: new Date("2027-01-01T00:00:00Z") });
        expect(readEntraCredentialLifetime(undefined, "2160h")).toEqual({ longLived: false, lifetimeDays: 90 });
        expect(readEntraCredentialLifetime(undefined, undefined)).toMatchObject({ longLived: true, problem: expect.stringMatching(/no `endDate`/) });
        expect(readEntraCredentialLifetime("next year", undefined)).toMatchObject({ longLived: true, problem: expect.stringMatching(/`endDate`/) });
        expect(readEntraCredentialLifetime(undefined, "forever")).toMatchObject({ longLived: true, problem: expect.stringMatching(/`endDateRelative`/) });
    });

    it("reads Key Vault expires in seconds", () => {
        expect(readKeyVaultExpires(1798761600)).toEqual({ expiresAt: new Date("2027-01-01T00:00:00Z") });
        expect(readKeyVaultExpires(undefined)).toEqual({});
        expect(readKeyVaultExpires("1798761600").problem).toMatch(/seconds since the epoch/);
        expect(readKeyVaultExpires(1798761600000).problem).toBeDefined();
    });

    it("reads the rotate action of a key rotation policy", () => {
        const rotate = (trigger: object) => ({ trigger, action: { type: "rotate" } });
        expect(readKeyRotationDays({ lifetimeActions: [rotate({ timeAfterCreate: "P30D" })] })).toEqual({ rotationDays: 30 });
        expect(readKeyRotationDays({ attributes: { expiryTime: "P90D" }, lifetimeActions: [rotate({ timeBeforeExpiry: "P30D" })] })).toEqual({ rotationDays: 60 });
        expect(readKeyRotationDays({ lifetimeActions: [{ trigger: { timeAfterCreate: "P7D" }, action: { type: "notify" } }] })).toEqual({});
        expect(readKeyRotationDays({ lifetimeActions: [rotate({ timeBeforeExpiry: "P30D" })] }).problem).toMatch(/trigger/);
        expect(readKeyRotationDays({ lifetimeActions: [rotate({ timeAfterCreate: "monthly" })] }).problem).toMatch(/trigger/);
        expect(readKeyRotationDays({ lifetimeActions: "rotate" }).problem).toMatch(/not a list/);
        expect(readKeyRotationDays(undefined)).toEqual({});
    });
});

describe("parsers never throw", () => {
    it("on arbitrary input", () => {
        fc.assert(
            fc.property(fc.anything(), fc.anything(), fc.anything(), (a, b, c) => {
                readScope(a);
                roleGuid(a);
                readFederatedCredential(a, b, c);
                readFlexibleFederatedCredential(a, b, c);
                readEntraCredentialLifetime(a, b);
                readKeyVaultExpires(a);
                readKeyRotationDays(a);
                parseGoDuration(a);
            }),
            { numRuns: 500 },
        );
    });

    it("never pins a subject that has a wildcard", () => {
        fc.assert(
            fc.property(fc.string(), fc.constantFrom("*", "?"), fc.string(), (pre, wild, post) => {
                const subject = `${pre}${wild}${post}`;
                expect(readFederatedCredential(GITHUB_ISSUER, subject, [AZURE_TOKEN_EXCHANGE_AUDIENCE]).subjects).toEqual([]);
                expect(readFlexibleFederatedCredential(GITHUB_ISSUER, AZURE_TOKEN_EXCHANGE_AUDIENCE, `claims['sub'] matches '${subject.replace(/'/g, "''")}'`).subjects).toEqual([]);
            }),
        );
    });
});

describe("readFederatedCredential: GitHub subjects of 2026", () => {
    const aud2 = ["api://AzureADTokenExchange"];
    it.each<[string, { repository: string; environment: string; repositoryId?: string }[], string[] | undefined]>([
        ["repo:acme@123456/app@456789:environment:prod", [{ repository: "acme/app", environment: "prod", repositoryId: "456789" }], undefined],
        ["repository_owner_id:1844662:repository_id:599293758:environment:prod", [{ repository: "repository_id:599293758", environment: "prod", repositoryId: "599293758" }], undefined],
        ["repo:acme@123456/app@456789:ref:refs/heads/main", [], ["repo:acme@123456/app@456789:ref:refs/heads/main"]],
        ["repository_owner_id:1844662:repository_id:599293758:ref:refs/heads/main", [], ["repository_owner_id:1844662:repository_id:599293758:ref:refs/heads/main"]],
    ])("pins %s", (subject, environments, jobs) => {
        const r = readFederatedCredential(GITHUB_ISSUER, subject, aud2);
        expect(r.problems).toEqual([]);
        expect(r.subjects).toEqual([subject]);
        expect(r.githubEnvironments).toEqual(environments);
        expect(r.githubJobsWithoutEnvironment).toEqual(jobs);
    });

    it.each([
        ["environment:prod", /names no repository/],
        ["repository_owner_id:1844662:environment:prod", /names no repository/],
        ["repo:acme@123456/ap?@456789:environment:prod", /wildcard/],
    ])("refuses %s", (subject, problem) => {
        const r = readFederatedCredential(GITHUB_ISSUER, subject, aud2);
        expect(r.subjects).toEqual([]);
        expect(r.problems.join("\n")).toMatch(problem);
    });

    it("lists pull requests as jobs in no environment as well as refusing them", () => {
        const r = readFederatedCredential(GITHUB_ISSUER, "repo:acme/app:pull_request", aud2);
        expect(r.problems.join("\n")).toMatch(/any pull request/);
        expect(r.githubJobsWithoutEnvironment).toEqual(["repo:acme/app:pull_request"]);
    });
});

/** Role classification: read access is proven, never assumed; findings name the role cdk-nag style. */
import { customRoleEntry, isReadRole, refusedRoleReason, roleFindings, ROLE_PATTERN } from "../../../contract/gcp/roles";

describe("isReadRole", () => {
    it.each(["roles/viewer", "roles/browser", "roles/storage.objectViewer", "roles/bigquery.dataViewer", "roles/storage.legacyBucketReader", "roles/iam.securityReviewer", "roles/secretmanager.secretAccessor", "roles/cloudbuild.builds.viewer", " ROLES/Storage.ObjectViewer "])(
        "%s reads",
        (role) => expect(isReadRole(role)).toBe(true),
    );

    it.each(["roles/editor", "roles/owner", "roles/storage.objectAdmin", "roles/bigquery.jobUser", "roles/pubsub.subscriber", "roles/iap.httpsResourceAccessor", "projects/p/roles/dataViewer", "organizations/1/roles/reader", "roles/*", "roles/storage.*Viewer*", "roles/viewerAdmin.admin", ""])(
        "%s is not proven read-only",
        (role) => expect(isReadRole(role)).toBe(false),
    );
});

describe("roleFindings", () => {
    it.each<[string, string[]]>([
        ["roles/owner", ["admin-role"]],
        ["roles/editor", ["admin-role"]],
        ["roles/viewer", ["admin-role"]],
        ["roles/storage.admin", ["admin-role"]],
        ["roles/iam.serviceAccountTokenCreator", ["escalation"]],
        ["roles/iam.workloadIdentityUser", ["escalation"]],
        ["roles/iam.serviceAccountUser", ["escalation"]],
        ["roles/resourcemanager.projectIamAdmin", ["escalation"]],
        ["roles/iam.serviceAccountKeyAdmin", ["exposure"]],
        ["roles/serviceusage.apiKeysAdmin", ["exposure"]],
        ["roles/privilegedaccessmanager.admin", ["admin-role", "escalation"]],
        ["roles/storage.objectViewer", []],
        ["roles/storage.objectAdmin", []],
        ["Roles/Owner", ["admin-role"]],
    ])("%s -> %j", (role, rules) => {
        expect(roleFindings(role).map((f) => f.rule)).toEqual(rules);
        for (const f of roleFindings(role)) expect(f.item).toBe(`Role::${role.trim()}`);
    });

    it("refuses exactly the roles with findings", () => {
        for (const role of ["roles/owner", "roles/iam.serviceAccountKeyAdmin", "roles/storage.admin", "roles/iam.roleAdmin"]) expect(refusedRoleReason(role)).toBeDefined();
        for (const role of ["roles/storage.objectViewer", "roles/storage.objectAdmin", "projects/p/roles/custom"]) expect(refusedRoleReason(role)).toBeUndefined();
    });

    it("accepts the role forms IAM accepts and nothing else", () => {
        for (const r of ["roles/storage.objectViewer", "projects/acme-data/roles/reader", "organizations/123/roles/x.y"]) expect(ROLE_PATTERN.test(r)).toBe(true);
        for (const r of ["storage.objectViewer", "roles/", "roles/a b", "folders/1/roles/x"]) expect(ROLE_PATTERN.test(r)).toBe(false);
    });
});

describe("predefined and custom roles, judged by their permissions", () => {
    it.each([
        ["roles/deploymentmanager.editor", "escalation", "Role::roles/deploymentmanager.editor (deploymentmanager.deployments.create)"],
        ["roles/storage.hmacKeyAdmin", "exposure", "Role::roles/storage.hmacKeyAdmin (storage.hmacKeys.create)"],
    ])("%s holds what GCP's data says, a role nobody listed by hand", (role, rule, item) => {
        expect(roleFindings(role)).toEqual([{ rule, item }]);
        expect(isReadRole(role)).toBe(false);
    });

    it("leaves roles whose permissions do not escalate, and unknown roles, without a finding (unknown counts as write, not as a violation)", () => {
        expect(roleFindings("roles/run.developer")).toEqual([]);
        expect(roleFindings("roles/made.upRole")).toEqual([]);
        expect(isReadRole("roles/made.upRole")).toBe(false);
    });

    it("judges a custom role by the same permissions: escalating, key-minting and writing ones", () => {
        const e = customRoleEntry("custom role projects/p/roles/x", "projects/p/roles/x", ["storage.objects.get", "iam.serviceAccounts.actAs", "apikeys.keys.create"]);
        expect(e.findings).toEqual([
            { rule: "escalation", item: "Role::projects/p/roles/x (iam.serviceAccounts.actAs)" },
            { rule: "exposure", item: "Role::projects/p/roles/x (apikeys.keys.create)" },
        ]);
        expect(e.writes).toEqual(["iam.serviceAccounts.actAs", "apikeys.keys.create"]);
        const reader = customRoleEntry("custom role projects/p/roles/r", "projects/p/roles/r", ["storage.objects.get", "storage.objects.list", "secretmanager.versions.access"]);
        expect(reader.findings).toEqual([]);
        expect(reader.writes).toEqual([]);
    });
});

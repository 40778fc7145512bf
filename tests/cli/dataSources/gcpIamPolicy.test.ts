/**
 * gcp.organizations.getIAMPolicy against terraform-provider-google's own expectations: the cases
 * and `ExpectedPolicyDataString`s of google/services/resourcemanager/data_source_google_iam_policy_test.go
 * (TestDataSourceGoogleIamPolicyRead), written here with the Pulumi SDK's argument names.
 */
import { getIAMPolicy } from "../../../cli/preview/dataSources/gcpIamPolicy";

const policyData = (bindings: unknown[], auditConfigs?: unknown[]) => getIAMPolicy({ bindings, ...(auditConfigs ? { auditConfigs } : {}) }).policyData;
const condA = { description: "descriptionA", expression: "expressionA", title: "titleA" };

describe("getIAMPolicy: the provider's test cases", () => {
    it.each<[string, unknown[], string]>([
        ["members are sorted alphabetically within a single binding", [{ role: "role/A", members: ["user:c", "user:a", "user:b"] }], '{"bindings":[{"members":["user:a","user:b","user:c"],"role":"role/A"}]}'],
        [
            "bindings are sorted by role (regardless of conditions being present)",
            [
                { role: "role/B", members: ["user:a"] },
                { role: "role/A", members: ["user:a"], condition: condA },
                { role: "role/C", members: ["user:a"] },
            ],
            '{"bindings":[{"condition":{"description":"descriptionA","expression":"expressionA","title":"titleA"},"members":["user:a"],"role":"role/A"},{"members":["user:a"],"role":"role/B"},{"members":["user:a"],"role":"role/C"}]}',
        ],
        [
            "equivalent bindings (with no conditions) are combined into one binding with a larger member list",
            [
                { role: "role/A", members: ["user:a"] },
                { role: "role/A", members: ["user:b"] },
            ],
            '{"bindings":[{"members":["user:a","user:b"],"role":"role/A"}]}',
        ],
        [
            "exact duplicate bindings are removed before `policy_data` is set",
            [
                { role: "role/A", members: ["user:a"] },
                { role: "role/A", members: ["user:a"] },
            ],
            '{"bindings":[{"members":["user:a"],"role":"role/A"}]}',
        ],
        [
            "equivalent bindings (with conditions) are combined into one binding with a larger member list",
            [
                { role: "role/A", members: ["user:c"] },
                { role: "role/A", members: ["user:b"], condition: condA },
                { role: "role/A", members: ["user:a"], condition: condA },
            ],
            '{"bindings":[{"members":["user:c"],"role":"role/A"},{"condition":{"description":"descriptionA","expression":"expressionA","title":"titleA"},"members":["user:a","user:b"],"role":"role/A"}]}',
        ],
        [
            "bindings on the same role are sorted to place bindings without conditions first",
            [
                { role: "role/A", members: ["user:a"], condition: condA },
                { role: "role/A", members: ["user:a"] },
            ],
            '{"bindings":[{"members":["user:a"],"role":"role/A"},{"condition":{"description":"descriptionA","expression":"expressionA","title":"titleA"},"members":["user:a"],"role":"role/A"}]}',
        ],
        [
            "bindings (with conditions) on the same role are first sorted by condition expressions",
            [
                { role: "role/A", members: ["user:a"], condition: { expression: "A", title: "B", description: "C" } },
                { role: "role/A", members: ["user:a"], condition: { expression: "B", title: "C", description: "A" } },
                { role: "role/A", members: ["user:a"], condition: { expression: "C", title: "A", description: "B" } },
            ],
            '{"bindings":[{"condition":{"description":"C","expression":"A","title":"B"},"members":["user:a"],"role":"role/A"},{"condition":{"description":"A","expression":"B","title":"C"},"members":["user:a"],"role":"role/A"},{"condition":{"description":"B","expression":"C","title":"A"},"members":["user:a"],"role":"role/A"}]}',
        ],
        [
            "bindings (with conditions) on the same role, with matching condition expressions, are next sorted by condition title",
            [
                { role: "role/A", members: ["user:a"], condition: { expression: "same expression", title: "B", description: "A" } },
                { role: "role/A", members: ["user:a"], condition: { expression: "same expression", title: "A", description: "B" } },
            ],
            '{"bindings":[{"condition":{"description":"B","expression":"same expression","title":"A"},"members":["user:a"],"role":"role/A"},{"condition":{"description":"A","expression":"same expression","title":"B"},"members":["user:a"],"role":"role/A"}]}',
        ],
        [
            "bindings (with conditions) on the same role, with matching condition expressions and titles, are next sorted by condition description",
            [
                { role: "role/A", members: ["user:a"], condition: { expression: "same expression", title: "same title", description: "B" } },
                { role: "role/A", members: ["user:a"], condition: { expression: "same expression", title: "same title", description: "A" } },
            ],
            '{"bindings":[{"condition":{"description":"A","expression":"same expression","title":"same title"},"members":["user:a"],"role":"role/A"},{"condition":{"description":"B","expression":"same expression","title":"same title"},"members":["user:a"],"role":"role/A"}]}',
        ],
    ])("%s", (_name, bindings, expected) => {
        expect(policyData(bindings)).toBe(expected);
    });
});

describe("getIAMPolicy: what the deployment would send", () => {
    it("keeps a condition's expression and title even without a description, escapes as Go does", () => {
        const data = policyData([
            {
                role: "roles/storage.objectViewer",
                members: ["serviceAccount:bot@p.iam.gserviceaccount.com"],
                condition: { title: "until-2027", expression: 'request.time < timestamp("2027-03-31T00:00:00Z") && resource.name != "x"' },
            },
        ]);
        expect(data).toBe(
            '{"bindings":[{"condition":{"expression":"request.time \\u003c timestamp(\\"2027-03-31T00:00:00Z\\") \\u0026\\u0026 resource.name != \\"x\\"","title":"until-2027"},"members":["serviceAccount:bot@p.iam.gserviceaccount.com"],"role":"roles/storage.objectViewer"}]}',
        );
        expect(JSON.parse(data as string).bindings[0].condition.expression).toContain("request.time < timestamp");
    });

    it("renders audit configs before bindings, and an empty policy as {}", () => {
        // The Pulumi docs' example for getIAMPolicy: one binding, one audit config with two log configs.
        const data = JSON.parse(
            policyData(
                [{ role: "roles/compute.instanceAdmin", members: ["serviceAccount:your-custom-sa@your-project.iam.gserviceaccount.com"] }],
                [{ service: "cloudkms.googleapis.com", auditLogConfigs: [{ logType: "DATA_READ", exemptedMembers: ["user:you@domain.com"] }, { logType: "DATA_WRITE" }, { logType: "ADMIN_READ" }] }],
            ) as string,
        );
        expect(Object.keys(data)).toEqual(["auditConfigs", "bindings"]);
        expect(data.auditConfigs[0].service).toBe("cloudkms.googleapis.com");
        expect(data.auditConfigs[0].auditLogConfigs.map((l: any) => l.logType).sort()).toEqual(["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
        expect(data.auditConfigs[0].auditLogConfigs.find((l: any) => l.logType === "DATA_READ")).toEqual({ exemptedMembers: ["user:you@domain.com"], logType: "DATA_READ" });
        expect(getIAMPolicy({}).policyData).toBe("{}");
    });

    it("refuses deleted principals as the provider's validation does", () => {
        expect(() => policyData([{ role: "roles/viewer", members: ["deleted:user:a@b.c?uid=1"] }])).toThrow("deleted principals");
    });
});

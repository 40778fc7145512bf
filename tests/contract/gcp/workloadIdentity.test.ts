/**
 * Workload identity: the component's own condition and principal set read back as pinned, and the
 * readers' rules refuse the common mistakes (no condition, owner-wide pins, whole-pool bindings).
 */
import fc from "fast-check";
import { GITHUB_ISSUER, githubAttributeCondition, parseGithubSubject, readProviderCondition, readTrustedMember, repositoryPrincipalSet } from "../../../contract/gcp/workloadIdentity";

const POOL = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/agents";

describe("readProviderCondition (GitHub)", () => {
    it("reads what the component writes as one pinned repository and environment", () => {
        expect(readProviderCondition(GITHUB_ISSUER, githubAttributeCondition("acme/app", "ai-review"))).toEqual({
            subjects: ["repo:acme/app:environment:ai-review"],
            problems: [],
            githubEnvironments: [{ repository: "acme/app", environment: "ai-review" }],
        });
    });

    it.each<[string, unknown, Partial<ReturnType<typeof readProviderCondition>>]>([
        ["a pinned subject", 'assertion.sub == "repo:acme/app:environment:prod"', { subjects: ["repo:acme/app:environment:prod"], githubEnvironments: [{ repository: "acme/app", environment: "prod" }], problems: [] }],
        ["a pinned repository alone", 'assertion.repository == "acme/app"', { subjects: ["repo:acme/app"], githubEnvironments: [], problems: [] }],
        ["a pinned repository under an enterprise issuer", 'assertion.repository == "acme/app" && assertion.ref == "refs/heads/main"', { subjects: ["repo:acme/app"], problems: [] }],
        ["ID conditions with an environment", "assertion.repository_id == '456789' && assertion.repository_owner_id == '123456' && assertion.environment == 'prod'", { subjects: ["repository_id:456789:environment:prod"], githubEnvironments: [{ repository: "repository_id:456789", environment: "prod", repositoryId: "456789" }], problems: [] }],
        ["ID conditions with the repository name too", "assertion.repository == 'acme/app' && assertion.repository_id == '456789' && assertion.environment == 'prod'", { subjects: ["repo:acme/app:environment:prod"], githubEnvironments: [{ repository: "acme/app", environment: "prod", repositoryId: "456789" }], problems: [] }],
        ["an immutable subject", "assertion.sub == 'repo:acme@123456/app@456789:environment:prod'", { subjects: ["repo:acme@123456/app@456789:environment:prod"], githubEnvironments: [{ repository: "acme/app", environment: "prod", repositoryId: "456789" }], problems: [] }],
        ["a branch subject, listed as jobs in no environment", "assertion.sub == 'repo:acme/app:ref:refs/heads/main'", { subjects: ["repo:acme/app:ref:refs/heads/main"], githubEnvironments: [], githubJobsWithoutEnvironment: ["repo:acme/app:ref:refs/heads/main"], problems: [] }],
    ])("accepts %s", (_, condition, expected) => {
        expect(readProviderCondition(`${GITHUB_ISSUER}/acme`, condition)).toMatchObject(expected);
    });

    it.each<[string, unknown, string]>([
        ["no condition", undefined, "no `attributeCondition`: every repository on GitHub"],
        ["an empty condition", "  ", "no `attributeCondition`"],
        ["an owner-wide pin", 'assertion.repository_owner == "acme"', "pins neither `assertion.repository` nor `assertion.repository_id`"],
        ["an owner-wide pin by ID", "assertion.repository_owner_id == '123456' && assertion.environment == 'prod'", "pins neither `assertion.repository` nor `assertion.repository_id`"],
        ["a customised subject with no repository", "assertion.sub == 'environment:prod'", "pins neither `assertion.repository` nor `assertion.repository_id`"],
        ["a prefix match", 'assertion.repository.startsWith("acme/")', "pins neither `assertion.repository` nor `assertion.repository_id`"],
        ["two repository IDs", "assertion.repository_id == '1' && assertion.repository_id == '2'", "`assertion.repository_id` with different values"],
        ["a repository ID that is not a number", "assertion.repository_id == 'acme/app'", "not a repository's numeric ID"],
        ["a disjunction", 'assertion.repository == "acme/app" || assertion.repository == "acme/other"', "pins no subject: it has `||`"],
        ["two repositories", 'assertion.repository == "acme/app" && assertion.repository == "acme/other"', "different values"],
        ["two environments", 'assertion.repository == "acme/app" && assertion.environment == "a" && assertion.environment == "b"', "`assertion.environment` with different values"],
        ["a malformed repository", 'assertion.repository == "acme"', "not one `<owner>/<repo>`"],
        ["a non-string condition", 42, "pins no subject: it is not a string"],
    ])("refuses %s", (_, condition, problem) => {
        const r = readProviderCondition(GITHUB_ISSUER, condition);
        expect(r.problems).toEqual([expect.stringContaining(problem)]);
        expect(r.subjects).toEqual([]);
    });
});

describe("readProviderCondition (other issuers)", () => {
    it("accepts any claim pinned to one value, and refuses a condition that pins none", () => {
        expect(readProviderCondition("https://gitlab.com", 'assertion.project_path == "acme/app"')).toEqual({ subjects: ["assertion.project_path=acme/app"], problems: [], githubEnvironments: [] });
        expect(readProviderCondition(undefined, 'attribute.aws_role == "arn:aws:sts::1:assumed-role/x"').problems).toEqual([]);
        expect(readProviderCondition("https://gitlab.com", 'assertion.project_path.startsWith("acme/")').problems).toEqual([expect.stringContaining("pins no claim")]);
        expect(readProviderCondition("https://gitlab.com", undefined).problems).toEqual([expect.stringContaining("every identity the issuer vouches for")]);
    });
});

describe("readTrustedMember", () => {
    it.each([
        repositoryPrincipalSet("123456789012", "agents", "acme/app"),
        `${POOL}/attribute.repository_id/998877`,
        "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/agents/subject/repo:acme/app:environment:prod",
        "serviceAccount:runner@acme-ci.iam.gserviceaccount.com",
    ])("accepts %s as one subject", (member) => {
        expect(readTrustedMember(member)).toMatchObject({ subjects: [member], problems: [] });
    });

    it("reads the GitHub environment from a pinned subject", () => {
        expect(readTrustedMember(`${POOL}/attribute.sub/repo:acme/app:environment:prod`).githubEnvironments).toEqual([{ repository: "acme/app", environment: "prod" }]);
    });

    it.each([`${POOL}/*`, `${POOL}/group/admins`, `${POOL}/attribute.repository_owner/acme`, `${POOL}/attribute.repository/acme`, "allUsers", "allAuthenticatedUsers", "group:ops@acme.com", "domain:acme.com", "principalSet://iam.googleapis.com/locations/global/workforcePools/staff/*"])(
        "refuses %s as many subjects",
        (member) => expect(readTrustedMember(member).problems).toHaveLength(1),
    );

    it("never throws (property)", () => {
        fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void readTrustedMember(s)));
        fc.assert(fc.property(fc.anything(), fc.anything(), (a, b) => void readProviderCondition(a, b)));
    });
});

describe("parseGithubSubject", () => {
    it("parses repository and environment, and nothing else", () => {
        expect(parseGithubSubject("repo:acme/app:environment:prod")).toEqual({ repository: "acme/app", environment: "prod" });
        expect(parseGithubSubject("repo:acme/app:ref:refs/heads/main")).toEqual({ repository: "acme/app", environment: undefined });
        expect(parseGithubSubject("repo:acme/*:environment:prod")).toBeUndefined();
        expect(parseGithubSubject("acme/app")).toBeUndefined();
    });

    it("refuses to quote anything outside the declaration's charset into CEL", () => {
        expect(() => githubAttributeCondition('acme/app" || true || "', "x")).toThrow(RangeError);
    });
});

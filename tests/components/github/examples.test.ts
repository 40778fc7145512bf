/**
 * The GitHub examples: github-to-aws wires the environment's trust into the AWS role with no
 * string copied, and the non-compliant estate keeps committing exactly the GitHub violations its
 * comments name. Checked with the contract's readers, independently of the pack.
 */
import * as path from "path";
import { readFacts } from "../../../contract/catalogue";
import { findSecrets } from "../../../contract/secrets/walk";
import { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "../aws/exampleRunner";

const facts = (estate: MockEstate, type: string, name: string) => readFacts(type, estate.get(type, name).inputs)!;

describe("examples/github-to-aws", () => {
    let estate: MockEstate;
    beforeAll(async () => {
        estate = await runExample(path.join(REPO, "examples/github-to-aws"));
    });

    it("pins the AWS role's trust to the human-approved environment the same program declares", () => {
        const role = readFacts("aws:iam/role:Role", estate.get("aws:iam/role:Role", "pr-reviewer-role").inputs)!;
        expect(role.identity!.trust!.subjects).toEqual(["repo:acme/app:environment:ai-review"]);
        expect(role.identity!.trust!.githubEnvironments).toEqual([{ repository: "acme/app", environment: "ai-review" }]);
        const env = facts(estate, "github:index/repositoryEnvironment:RepositoryEnvironment", "pr-reviewer-ci-environment");
        expect(env.gate).toEqual({ problems: [], environment: { repository: "app", environment: "ai-review", humanReviewers: true, preventSelfReview: true } });
    });

    it("creates the role only after the environment exists", () => {
        expect(estate.get("nhi-guard:index:AwsAiToolIdentity", "pr-reviewer").dependencies).toContain("pr-reviewer-ci-environment");
    });
});

describe("examples/noncompliant (GitHub)", () => {
    let estate: MockEstate;
    beforeAll(async () => {
        estate = await runExample(path.join(REPO, "examples/noncompliant"));
    });

    it.each([
        ["github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions", "app-workflow-permissions", /`canApprovePullRequestReviews: true`/],
        ["github:index/repositoryRuleset:RepositoryRuleset", "app-default-branch", /Integration:777777 may always bypass/],
        ["github:index/repositoryEnvironment:RepositoryEnvironment", "app-ai-deploy", /requires no reviewer/],
    ])("%s %s lets a machine approve its own change (nhi-human-approval)", (type, name, re) => {
        const problems = facts(estate, type, name).gate!.problems;
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(re);
    });

    it("has a writable deploy key (nhi-no-long-lived-credentials)", () => {
        expect(facts(estate, "github:index/repositoryDeployKey:RepositoryDeployKey", "app-agent-deploy-key").credential).toMatchObject({ kind: "read/write deploy key", longLived: true });
    });

    it("pastes a vendor key into an Actions variable, which is plain text (nhi-no-plaintext-secrets)", () => {
        const variable = estate.get("github:index/actionsVariable:ActionsVariable", "app-openai-key");
        expect(findSecrets(variable.inputs, { type: variable.type }).map((h) => ({ field: h.field, kind: h.kind }))).toEqual([{ field: "value", kind: "OpenAI API key" }]);
    });
});

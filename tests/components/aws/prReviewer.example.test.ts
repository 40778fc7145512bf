import * as path from "path";
import { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "./exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(path.join(REPO, "examples/aws-pr-reviewer"));
});

describe("examples/aws-pr-reviewer", () => {
    it("declares one read-only reviewer trusted by one GitHub environment, with the provider from the project's config default", () => {
        expect(estate.ofType("nhi-guard:index:AwsAiToolIdentity").map((c) => c.name)).toEqual(["pr-reviewer"]);
        const trust = estate.get("aws:iam/role:Role", "pr-reviewer-role").inputs.assumeRolePolicy.Statement[0];
        expect(trust.Principal).toEqual({ Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" });
        expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/app:environment:ai-review");
    });

    it("ends the model grant before the identity", () => {
        const end = (name: string) => estate.get("aws:iam/rolePolicy:RolePolicy", name).inputs.policy.Statement[0].Condition.DateLessThan["aws:CurrentTime"];
        expect(end("pr-reviewer-grant-invoke-model") < end("pr-reviewer-grant-read-design-docs")).toBe(true);
    });
});

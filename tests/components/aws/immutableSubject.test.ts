/**
 * `trust.githubActions` with the owner's and repository's IDs: the role trusts the immutable
 * subject GitHub issues for repositories created or renamed since 2026-07-15 (or opted in), the
 * pack reads it as pinned to that environment, and half-given or malformed IDs are refused.
 */
import * as pulumi from "@pulumi/pulumi";
import { readTrustPolicy } from "../../../contract/aws/trustPolicy";
import { installMocks, MockEstate } from "../../helpers/mocks";
import { prReviewer } from "./fixtures";

type Module = typeof import("../../../components/aws/aiToolIdentity");
let AiToolIdentity: Module["AwsAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false });
    ({ AwsAiToolIdentity: AiToolIdentity } = require("../../../components/aws/aiToolIdentity") as Module);
});

const ROLE = "aws:iam/role:Role";
const SUB = "token.actions.githubusercontent.com:sub";

describe("AwsAiToolIdentity with GitHub IDs", () => {
    it.each<[string, pulumi.Input<string>, pulumi.Input<string>]>([
        ["plain strings", "123456", "456789"],
        ["Outputs, as the GitHub component provides them", pulumi.output("123456"), Promise.resolve("456789")],
    ])("writes the immutable subject from %s, which the pack reads as pinned", async (_why, ownerId, repositoryId) => {
        const name = `ids-${typeof ownerId === "string" ? "plain" : "output"}`;
        new AiToolIdentity(name, prReviewer({ trust: { githubActions: { repository: "acme/app", environment: "ai-review", ownerId, repositoryId } } }));
        await estate.settled();
        const policy = estate.get(ROLE, `${name}-role`).inputs.assumeRolePolicy;
        expect(policy.Statement[0].Condition.StringEquals[SUB]).toBe("repo:acme@123456/app@456789:environment:ai-review");
        const read = readTrustPolicy(policy);
        expect(read.problems).toEqual([]);
        expect(read.githubEnvironments).toEqual([{ repository: "acme/app", environment: "ai-review", repositoryId: "456789" }]);
    });

    it("keeps the names-only subject without IDs, and the IDs out of the declaration", async () => {
        const identity = new AiToolIdentity("names", prReviewer());
        await estate.settled();
        expect(estate.get(ROLE, "names-role").inputs.assumeRolePolicy.Statement[0].Condition.StringEquals[SUB]).toBe("repo:acme/app:environment:ai-review");
        const withIds = new AiToolIdentity("decl", prReviewer({ trust: { githubActions: { repository: "acme/app", environment: "ai-review", ownerId: "1", repositoryId: "2" } } }));
        expect(withIds.declaration.trust).toEqual({ githubActions: { repository: "acme/app", environment: "ai-review" } });
        expect(identity.declaration.trust).toEqual(withIds.declaration.trust);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
        ["only the owner's ID", { ownerId: "123456" }, /give both `ownerId` and `repositoryId`/],
        ["only the repository's ID", { repositoryId: "456789" }, /give both `ownerId` and `repositoryId`/],
        ["a name where an ID belongs", { ownerId: "acme", repositoryId: "456789" }, /`trust.githubActions.ownerId` "acme" is not a GitHub ID/],
        ["a number instead of a string", { ownerId: "1", repositoryId: 456789 }, /`trust.githubActions.repositoryId` 456789 is not a GitHub ID/],
    ])("refuses %s, naming the field", (_why, ids, problem) => {
        expect(() => new AiToolIdentity("bad", prReviewer({ trust: { githubActions: { repository: "acme/app", environment: "ai-review", ...(ids as any) } } }))).toThrow(problem);
    });
});

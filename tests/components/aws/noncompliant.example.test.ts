/**
 * The non-compliant example must keep committing exactly the violations its comments name: the
 * gate's tests rely on it. Checked with the contract's readers, independently of the pack.
 */
import * as path from "path";
import { readTags } from "../../../contract/annotations";
import { parsePolicyDocument } from "../../../contract/aws/policyDocument";
import { grantEntriesFromDocument } from "../../../contract/aws/actions";
import { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "./exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(path.join(REPO, "examples/noncompliant"));
});

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const entries = (name: string) => grantEntriesFromDocument(parsePolicyDocument(estate.get(ROLE_POLICY, name).inputs.policy));

describe("examples/noncompliant (AWS)", () => {
    it("has an AI tool role without an owner (nhi-owner-required)", () => {
        const tags = readTags(estate.get("aws:iam/role:Role", "ownerless-agent").inputs.tags);
        expect(tags.values.tool).toBe("langchain-agent");
        expect(tags.values.owner).toBeUndefined();
        expect(tags.values.expiresAt).toBeDefined();
    });

    it("has a grant that never ends (nhi-no-standing-access)", () => {
        expect(entries("standing-grant").map((e) => e.endsAt)).toEqual([undefined]);
    });

    it("has a dated wildcard grant (nhi-least-privilege)", () => {
        const [entry] = entries("wildcard-grant");
        expect(entry.endsAt).toBeDefined();
        expect(entry.findings).toContainEqual({ rule: "wildcard", item: "Action::s3:*" });
    });

    it("has a static access key for an AI tool's user (nhi-no-long-lived-credentials)", () => {
        const key = estate.get("aws:iam/accessKey:AccessKey", "legacy-ci-bot-key");
        expect(key.propertyDependencies.user).toEqual(["legacy-ci-bot"]);
        expect(readTags(estate.get("aws:iam/user:User", "legacy-ci-bot").inputs.tags).values.tool).toBe("copilot-agent");
    });

    it("attaches grants to the governed reviewer's role from outside its component (nhi-no-shadow-access, nhi-declared-access)", () => {
        for (const name of ["reviewer-shadow-read", "reviewer-gains-write"]) {
            const grant = estate.get(ROLE_POLICY, name);
            expect(grant.parent).toBeUndefined();
            expect(grant.propertyDependencies.role).toEqual(["pr-reviewer-role"]);
            expect(entries(name).every((e) => e.endsAt !== undefined && e.findings.length === 0)).toBe(true);
        }
        expect(entries("reviewer-shadow-read").flatMap((e) => e.writes)).toEqual([]);
        expect(entries("reviewer-gains-write").flatMap((e) => e.writes)).toEqual(["s3:PutObject"]);
        expect(estate.get("aws:iam/role:Role", "pr-reviewer-role").inputs.tags["nhi:access"]).toBe("read");
    });
});

/**
 * The non-compliant example's GCP resources must keep committing exactly the violations their
 * comments name. Checked with the contract's readers, independently of the pack.
 */
import * as path from "path";
import { readFacts } from "../../../contract/catalogue";
import type { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "../aws/exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(path.join(REPO, "examples/noncompliant"));
});

const facts = (type: string, name: string) => {
    const r = estate.get(type, name);
    return { r, facts: readFacts(r.type, r.inputs)! };
};

describe("examples/noncompliant (GCP)", () => {
    it("has a correctly annotated service account the violations attach to", () => {
        const { facts: f } = facts("gcp:serviceaccount/account:Account", "etl-agent");
        expect(f.annotations!.problems).toEqual([]);
        expect(f.annotations!.values).toMatchObject({ owner: "data-platform", tool: "etl-agent", access: "write" });
    });

    it("grants roles/editor on the project, forever (nhi-least-privilege, nhi-no-standing-access)", () => {
        const { r, facts: f } = facts("gcp:projects/iAMMember:IAMMember", "etl-agent-project-editor");
        expect(r.propertyDependencies.member).toEqual(["etl-agent"]);
        const [entry] = f.grant!.entries;
        expect(entry.endsAt).toBeUndefined();
        expect(entry.endProblem).toBeUndefined();
        expect(entry.findings).toEqual([{ rule: "admin-role", item: "Role::roles/editor" }]);
    });

    it("mints a service-account key (nhi-no-long-lived-credentials)", () => {
        const { r, facts: f } = facts("gcp:serviceaccount/key:Key", "etl-agent-key");
        expect(r.propertyDependencies.serviceAccountId).toEqual(["etl-agent"]);
        expect(f.credential).toMatchObject({ longLived: true, kind: "service account key" });
    });

    it("trusts every GitHub repository through a provider with no attribute condition (nhi-trust-pinned)", () => {
        const { facts: f } = facts("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "etl-agent-github");
        expect(f.trust!.problems).toEqual([expect.stringMatching(/^no `attributeCondition`: every repository on GitHub/)]);
    });
});

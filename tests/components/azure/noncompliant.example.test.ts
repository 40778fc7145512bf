/**
 * The non-compliant example's Azure resources must keep committing exactly the violations their
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

describe("examples/noncompliant (Azure)", () => {
    it("has a compliant, annotated managed identity the violations attach to", () => {
        const { facts: f } = facts("azure-native:managedidentity:UserAssignedIdentity", "ops-agent");
        expect(f.annotations!.problems).toEqual([]);
        expect(f.annotations!.values).toMatchObject({ owner: "ops-team", tool: "ops-agent" });
    });

    it("grants Owner at subscription scope, forever (nhi-least-privilege, nhi-no-standing-access)", () => {
        const { r, facts: f } = facts("azure-native:authorization:RoleAssignment", "ops-agent-subscription-owner");
        expect(r.propertyDependencies.principalId).toEqual(["ops-agent"]);
        const [entry] = f.grant!.entries;
        expect(entry.endsAt).toBeUndefined();
        expect(entry.endProblem).toBeUndefined();
        expect(entry.findings).toEqual([{ rule: "admin-role", item: "Role::Owner" }]);
    });

    it("trusts a wildcard subject (nhi-trust-pinned)", () => {
        const { r, facts: f } = facts("azure-native:managedidentity:FederatedIdentityCredential", "ops-agent-github");
        expect(r.propertyDependencies.resourceName).toEqual(["ops-agent"]);
        expect(f.trust!.problems).toHaveLength(1);
        expect(f.trust!.problems[0]).toMatch(/wildcard/);
    });

    it("gives an annotated Entra application a password that never ends (nhi-no-long-lived-credentials)", () => {
        const { facts: app } = facts("azuread:index/application:Application", "ticket-bot");
        expect(app.annotations!.values).toMatchObject({ owner: "support-platform", tool: "ticket-bot" });
        const { r, facts: f } = facts("azuread:index/applicationPassword:ApplicationPassword", "ticket-bot-password");
        expect(r.propertyDependencies.applicationId).toEqual(["ticket-bot"]);
        expect(f.credential).toMatchObject({ longLived: true });
    });
});

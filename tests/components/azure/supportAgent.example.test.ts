/** The compliant Azure example: every NHI it creates reads as owned, expiring, pinned and least-privileged. */
import * as path from "path";
import { readFacts } from "../../../contract/catalogue";
import { ownerProblem, parseExpiry } from "../../../contract/annotations";
import type { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "../aws/exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(path.join(REPO, "examples/azure-support-agent"), "Pulumi.dev.yaml");
});

describe("examples/azure-support-agent", () => {
    it("declares one managed identity, one federated credential, two dated role assignments and one expiring secret", () => {
        const types = estate.registrations.filter((r) => r.custom && r.type.startsWith("azure-native:")).map((r) => r.type).sort();
        expect(types).toEqual([
            "azure-native:authorization:RoleAssignment",
            "azure-native:authorization:RoleAssignment",
            "azure-native:keyvault:Secret",
            "azure-native:managedidentity:FederatedIdentityCredential",
            "azure-native:managedidentity:UserAssignedIdentity",
        ]);
    });

    it("reads as compliant fact by fact", () => {
        const now = new Date();
        for (const r of estate.registrations.filter((x) => x.custom)) {
            const facts = readFacts(r.type, r.inputs);
            if (!facts) continue;
            if (facts.kind === "identity") {
                expect(ownerProblem(facts.annotations!.values.owner)).toBeUndefined();
                expect(parseExpiry(facts.annotations!.values.expiresAt)!.getTime()).toBeGreaterThan(now.getTime());
            }
            if (facts.kind === "trust") expect(facts.trust!.problems).toEqual([]);
            if (facts.kind === "grant") {
                for (const e of facts.grant!.entries) {
                    expect(e.endsAt!.getTime()).toBeGreaterThan(now.getTime());
                    expect(e.findings).toEqual([]);
                    expect(e.writes).toEqual([]);
                }
            }
            if (facts.kind === "secret") expect(facts.secret!.expiresAt!.getTime()).toBeLessThanOrEqual(now.getTime() + 30 * 86_400_000);
        }
    });

    it("trusts exactly the GitHub environment the example declares, with human reviewers", () => {
        const env = estate.ofType("github:index/repositoryEnvironment:RepositoryEnvironment");
        expect(env).toHaveLength(1);
        expect(env[0].inputs).toMatchObject({ environment: "ai-support", preventSelfReview: true });
        expect(estate.get("azure-native:managedidentity:FederatedIdentityCredential", "support-agent-github").inputs.subject).toBe("repo:acme/support:environment:ai-support");
    });

    it("keeps the vendor token secret", () => {
        expect(estate.ofType("azure-native:keyvault:Secret")[0].secretInputs).toEqual(["properties"]);
    });
});

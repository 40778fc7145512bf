/** The compliant GCP example: every NHI it creates reads as owned, expiring, pinned and least-privileged. */
import * as path from "path";
import { readFacts } from "../../../contract/catalogue";
import { ownerProblem, parseExpiry } from "../../../contract/annotations";
import type { MockEstate } from "../../helpers/mocks";
import { REPO, runExample } from "../aws/exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(path.join(REPO, "examples/gcp-data-agent"));
});

describe("examples/gcp-data-agent", () => {
    it("declares one account, its pinned trust, two read grants ending on different dates and one rotating secret, and no key", () => {
        const types = estate.registrations.filter((r) => r.custom && r.type.startsWith("gcp:")).map((r) => r.type).sort();
        expect(types).toEqual([
            "gcp:bigquery/datasetIamMember:DatasetIamMember",
            "gcp:iam/workloadIdentityPool:WorkloadIdentityPool",
            "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
            "gcp:projects/iAMMember:IAMMember",
            "gcp:pubsub/topic:Topic",
            "gcp:secretmanager/secret:Secret",
            "gcp:secretmanager/secretIamMember:SecretIamMember",
            "gcp:serviceaccount/account:Account",
            "gcp:serviceaccount/iAMMember:IAMMember",
            "gcp:storage/bucketIAMMember:BucketIAMMember",
        ]);
        const ends = ["data-agent-grant-sales", "data-agent-grant-exports"].map((n) => estate.registrations.find((r) => r.name === n)!.inputs.condition.expression);
        expect(new Set(ends).size).toBe(2);
    });

    it("reads as compliant fact by fact", () => {
        const now = new Date();
        let checked = 0;
        for (const r of estate.registrations.filter((x) => x.custom && x.type.startsWith("gcp:"))) {
            const facts = readFacts(r.type, r.inputs);
            if (!facts) continue;
            checked++;
            if (facts.kind === "identity") {
                expect(ownerProblem(facts.annotations!.values.owner)).toBeUndefined();
                expect(parseExpiry(facts.annotations!.values.expiresAt)!.getTime()).toBeGreaterThan(now.getTime());
            }
            if (facts.trust) expect(facts.trust.problems).toEqual([]);
            if (facts.kind === "grant") {
                expect(facts.grant!.unreadable).toBeUndefined();
                for (const e of facts.grant!.entries) {
                    expect(e.endsAt!.getTime()).toBeGreaterThan(now.getTime());
                    expect(e.findings).toEqual([]);
                }
            }
            if (facts.kind === "secret") expect(facts.secret!.rotationDays).toBe(30);
            expect(facts.kind).not.toBe("credential");
        }
        expect(checked).toBe(8);
    });

    it("trusts exactly the GitHub environment the example declares, with human reviewers", () => {
        const env = estate.ofType("github:index/repositoryEnvironment:RepositoryEnvironment");
        expect(env).toHaveLength(1);
        expect(env[0].inputs).toMatchObject({ environment: "ai-data", preventSelfReview: true });
        const provider = estate.get("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "data-agent-github");
        expect(provider.inputs.attributeCondition).toBe('assertion.repository == "acme/analytics" && assertion.environment == "ai-data"');
    });
});

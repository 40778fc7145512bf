/**
 * The inventory of the demo estate as a compliance reviewer reads it: every AI tool identity owned
 * and expiring, nothing counted as standing, and what each component declares listed with its
 * identity, including identities that cannot carry annotations and trust no property names.
 */
import { ROOT, runCli } from "./cliHelpers";

let inventory: any;
beforeAll(() => {
    const run = runCli(["inventory", ROOT, "--format", "json", "--quiet"]);
    expect(run.code).toBe(0);
    inventory = JSON.parse(run.stdout);
});

const identity = (name: string) => inventory.identities.find((i: any) => i.name === name);

describe("inventory of the demo estate", () => {
    it("counts every identity as an owned, expiring AI tool identity with no standing grant", () => {
        expect(inventory.counts).toMatchObject({ identities: 6, aiToolIdentities: 6, withoutOwner: 0, withoutExpiry: 0, standingGrants: 0, longLivedCredentials: 0, mandatory: 0 });
    });

    it("shows an identity that cannot carry annotations (AgentCore) with its component's declaration", () => {
        expect(identity("support-agent-workload-identity")).toMatchObject({ owner: "support-engineering@acme.example", tool: "support-agent", access: "read" });
        expect(identity("support-agent-workload-identity").expires).toEqual(identity("support-agent-role").expires);
    });

    it("lists a component's trust with its one identity even where no property names the identity", () => {
        const attached = identity("warehouse-agent-sa").attached;
        expect(attached.map((a: any) => a.type)).toEqual(
            expect.arrayContaining(["gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "gcp:serviceaccount/iAMMember:IAMMember"]),
        );
        const binding = attached.find((a: any) => a.type === "gcp:serviceaccount/iAMMember:IAMMember");
        expect(binding.grant).toMatchObject({ standing: false, entries: [] });
        expect(inventory.unattached).toEqual([]);
    });
});

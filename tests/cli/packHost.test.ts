/** The pack host against a real pack process, spawned as the Pulumi CLI spawns it. */
import { PackHost, PackHostError } from "../../cli/analyzer/packHost";
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { TINY_PACK } from "./cliHelpers";

const bucket = (name: string, props: Record<string, unknown>) => ({ type: "aws:s3/bucket:Bucket", urn: `urn:pulumi:dev::p::aws:s3/bucket:Bucket::${name}`, name, props });

describe("PackHost", () => {
    let host: PackHost;
    beforeAll(async () => {
        host = await PackHost.start(TINY_PACK, { project: "p", stack: "dev" });
    });
    afterAll(() => host?.stop());

    it("reports its start-up time and the pack's peak memory", () => {
        expect(host.startupMs).toBeGreaterThan(0);
        expect(host.peakRssKB).toBeGreaterThan(10_000);
    });

    it("applies the user's config on top of the pack's, as the CLI does", async () => {
        const info = await host.configure({ "tiny-max-name-length": { maxLength: 3 }, "tiny-owner-tag": "advisory" });
        expect(info.name).toBe("tiny");
        expect(info.policies.map((p) => p.name)).toContain("tiny-roles-have-attachment");
        const { diagnostics } = await host.analyze(bucket("long", { tags: {} }));
        expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([
            ["tiny-owner-tag", "advisory"],
            ["tiny-max-name-length", "advisory"],
        ]);
        // Back to the pack's defaults for the other tests.
        await host.configure({});
        const again = await host.analyze(bucket("long", { tags: {} }));
        expect(again.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["tiny-owner-tag", "mandatory"]]);
    });

    it("turns an unknown into an advisory 'can't run' diagnostic", async () => {
        const { diagnostics } = await host.analyze({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", urn: "urn:pulumi:dev::p::aws:iam/rolePolicyAttachment:RolePolicyAttachment::a", name: "a", props: { role: UNKNOWN } });
        expect(diagnostics).toHaveLength(1);
        expect(diagnostics[0].enforcementLevel).toBe("advisory");
        expect(diagnostics[0].message).toMatch(/^can't run policy 'tiny-arn-known' .* during preview/);
    });

    it("returns the URN a stack policy names", async () => {
        const role = { type: "aws:iam/role:Role", urn: "urn:pulumi:dev::p::aws:iam/role:Role::r", name: "r", props: {} };
        const { diagnostics } = await host.analyzeStack([role]);
        expect(diagnostics.map((d) => d.urn)).toEqual([role.urn]);
    });
});

describe("PackHost failures", () => {
    it("rejects a folder that is not a policy pack", async () => {
        await expect(PackHost.start(__dirname)).rejects.toThrow(/has no PulumiPolicy.yaml/);
    });

    it("fails the call, naming the step, when the pack dies", async () => {
        const host = await PackHost.start(TINY_PACK);
        try {
            await host.configure({});
            process.kill(host.pid!, "SIGKILL");
            const failure = await host.analyze(bucket("b", {})).catch((e) => e);
            expect(failure).toBeInstanceOf(PackHostError);
            expect(failure.step).toBe("Analyze urn:pulumi:dev::p::aws:s3/bucket:Bucket::b");
            expect(failure.message).toMatch(/policy pack exited unexpectedly \(SIGKILL\)/);
            await expect(host.analyzeStack([])).rejects.toThrow(/^AnalyzeStack: policy pack exited unexpectedly/);
        } finally {
            await host.stop();
        }
    });
});

/**
 * The examples as a user runs them: the demo estate `npm start` gates, and every compliant example,
 * pass the bundled pack offline; the non-compliant estate fails with every policy named.
 */
import * as path from "path";
import { POLICY_NAMES, REGISTRY } from "../../policy-packs/nhi-guard/src/registry";
import { ROOT, runCli } from "./cliHelpers";

// Every policy the pack registers (tests/pack/metadata.test.ts pins that list), but the one that
// compares with a deployed stack: an example never deployed has no baseline (tests/cli/drift.e2e.test.ts).
const POLICIES = [...POLICY_NAMES].filter((p) => p !== "nhi-approved-drift").sort();
// Policies advisory by default (tests/pack/metadata.test.ts): the estate names them as advisory.
const ADVISORY = REGISTRY.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name);

function preview(dir: string) {
    const run = runCli(["preview", dir, "--format", "json", "--quiet"]);
    return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
}

describe("examples through the offline gate", () => {
    it.each([".", "examples/aws-pr-reviewer", "examples/gcp-data-agent", "examples/azure-support-agent", "examples/github-to-aws"])(
        "%s passes with no finding at all",
        (dir) => {
            const { code: status, report, stderr } = preview(path.join(ROOT, dir));
            expect({ status, stderr: stderr.replace(/^note: secure config .*$/gm, "").trim() }).toEqual({ status: 0, stderr: "" });
            expect(report.violations).toEqual([]);
            expect(report.unverified).toEqual([]);
        },
    );

    it("the non-compliant estate fails, every policy of the pack named (as mandatory, or advisory where that is its default)", () => {
        const { code: status, report } = preview(path.join(ROOT, "examples/noncompliant"));
        expect(status).toBe(1);
        const named = (level: string) => [...new Set(report.violations.filter((v: any) => v.enforcementLevel === level).map((v: any) => v.policy))].sort();
        expect(named("mandatory")).toEqual(POLICIES.filter((p) => !ADVISORY.includes(p)));
        expect(ADVISORY.length).toBeGreaterThan(0);
        expect(named("advisory")).toEqual(expect.arrayContaining(ADVISORY));
    });
});

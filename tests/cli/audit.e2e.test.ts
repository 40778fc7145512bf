/** `nhi-guard audit` on `pulumi stack export` files, as a user runs it. */
import * as fs from "fs";
import * as path from "path";
import { CliResult, EXPORTS, TINY_PACK, expectOneLine, runCli } from "./cliHelpers";

const estateExport = path.join(EXPORTS, "v3-estate.json");
const estateText = fs.readFileSync(estateExport, "utf8");

describe("audit of a v3 export", () => {
    let run: CliResult;
    let report: any;
    beforeAll(() => {
        run = runCli(["audit", estateExport, "--policy-pack", TINY_PACK, "--format", "json"]);
        report = JSON.parse(run.stdout);
    });

    it("fails on the mandatory violations (exit 1) and names the stack from the URNs", () => {
        expect(run.code).toBe(1);
        expect(run.stderr).toBe("");
        expect(report).toMatchObject({ version: 1, command: "audit", stack: "prod", project: "estate" });
    });

    it("sends inputs to Analyze and outputs to AnalyzeStack, with property dependencies from the export", () => {
        expect(report.violations.map((v: any) => [v.policy, v.urn.split("::").pop(), v.enforcementLevel])).toEqual([
            ["tiny-owner-tag", "svc-bucket", "mandatory"],
            ["tiny-owner-tag", "stale", "mandatory"],
            // A plaintext secret (`--show-secrets`) is read: this one really is empty.
            ["tiny-password-set", "db-shown", "mandatory"],
            ["tiny-roles-have-attachment", "lonely", "mandatory"],
        ]);
    });

    it("counts a ciphertext secret as present but unreadable, and says so", () => {
        expect(report.violations.some((v: any) => v.urn.endsWith("::db-encrypted"))).toBe(false);
        expect(report.notes).toEqual([expect.stringMatching(/^2 secret values are encrypted in the export and could not be read/)]);
        expect(run.stdout).not.toContain("v1:9l3Y0M2xQ6Hk");
    });

    it("lists applied and expired exemptions apart from violations", () => {
        expect(report.exemptions.applied).toEqual([
            { policy: "tiny-owner-tag", policyPack: "tiny", urn: "urn:pulumi:prod::estate::aws:s3/bucket:Bucket::legacy", message: expect.stringMatching(/^Exempted: /) },
        ]);
        expect(report.exemptions.expired.map((e: any) => e.urn)).toEqual(["urn:pulumi:prod::estate::aws:s3/bucket:Bucket::stale"]);
    });

    it("skips pending deletes and the root stack's empty inputs, keeps providers", () => {
        // 15 resources in the export: minus one pending delete, minus the stack for Analyze.
        expect(report.resources).toBe(13);
    });
});

describe("audit input forms", () => {
    it("reads the export from stdin with `-`, and v1 exports", () => {
        const v1 = runCli(["audit", "-", "--policy-pack", TINY_PACK, "--quiet"], { input: fs.readFileSync(path.join(EXPORTS, "v1-legacy.json"), "utf8") });
        expect(v1.stdout).toBe("FAILED: 1 mandatory, 0 advisory, 0 unverified, 0 exempted (audit of 1 resources, stack old, tiny@0.0.1)\n");
        expect(v1.code).toBe(1);
    });
});

describe("audit: malformed input is exit 2 with one line naming what and where", () => {
    const doc = () => JSON.parse(estateText);
    const withResource = (i: number, change: (r: any) => void) => {
        const d = doc();
        change(d.deployment.resources[i]);
        return JSON.stringify(d);
    };
    const bucketUrn = "urn:pulumi:prod::estate::test:index:Team$test:index:Service$aws:s3/bucket:Bucket::svc-bucket";
    const cases: [string, string, RegExp][] = [
        ["empty input", "", /^nhi-guard: `stdin` is empty: pass the output of `pulumi stack export`$/],
        ["truncated JSON", estateText.slice(0, 2000), /^nhi-guard: `stdin` is not valid JSON \(it looks truncated\)/],
        ["not an export", JSON.stringify({ resources: [] }), /^nhi-guard: `stdin` is not a stack export/],
        ["unsupported version", JSON.stringify({ version: 4, deployment: {} }), /^nhi-guard: `version` is `4` in `stdin`: only deployment versions 1, 2 and 3/],
        ["resources not an array", JSON.stringify({ version: 3, deployment: { resources: {} } }), /^nhi-guard: `deployment.resources` in `stdin` must be an array$/],
        ["missing type", withResource(5, (r) => delete r.type), new RegExp(`^nhi-guard: resource #5 \\(${escape(bucketUrn)}\\): \`type\` is missing$`)],
        ["missing urn", withResource(5, (r) => delete r.urn), /^nhi-guard: resource #5: `urn` is missing$/],
        ["inputs not an object", withResource(5, (r) => (r.inputs = "x")), /^nhi-guard: resource #5 \(.*\): `inputs` must be an object$/],
        ["dangling provider", withResource(5, (r) => (r.provider = "urn:pulumi:prod::estate::pulumi:providers:aws::gone::id")), /^nhi-guard: resource #5 \(.*\): `provider` refers to `.*::gone`, which is not a provider in the export/],
        ["dangling parent", withResource(6, (r) => (r.parent = "urn:pulumi:prod::estate::x:y:Z::gone")), /^nhi-guard: resource #6 \(.*\): `parent` names `.*::gone`, which is not in the export/],
        ["corrupt plaintext secret", withResource(13, (r) => (r.inputs.password.plaintext = "{not json")), /^nhi-guard: resource #13 \(.*db-shown\) inputs: a secret's `plaintext` is not JSON-encoded/],
        ["bad property dependencies", withResource(10, (r) => (r.propertyDependencies = { role: "x" })), /^nhi-guard: resource #10 \(.*\): `propertyDependencies` must map property names to arrays of URNs$/],
    ];
    it.each(cases)("%s", (_name, input, expected) => {
        const r = runCli(["audit", "-", "--policy-pack", TINY_PACK], { input });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toMatch(expected);
    });

    it("names a missing file", () => {
        const r = runCli(["audit", "/nonexistent/stack.json", "--policy-pack", TINY_PACK]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toBe("nhi-guard: cannot read `/nonexistent/stack.json`: no such file");
    });
});

describe("the gate fails closed when the analysis cannot complete", () => {
    it("exits 3, naming the step, when the pack dies in the middle of a run", () => {
        // The tiny pack kills itself (SIGKILL) on its 4th Analyze call.
        const r = runCli(["audit", estateExport, "--policy-pack", TINY_PACK, "--format", "json"], { env: { TINY_PACK_DIE_AFTER: "4" } });
        expect(r.code).toBe(3);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toMatch(/^nhi-guard: could not analyse: Analyze urn:pulumi:prod::estate::\S+: policy pack exited unexpectedly \(SIGKILL\)$/);
    });

    it("exits 3 when a pack cannot start", () => {
        const r = runCli(["audit", estateExport, "--policy-pack", __dirname]);
        expect(r.code).toBe(3);
        expect(expectOneLine(r.stderr)).toMatch(/^nhi-guard: could not analyse: policy pack `.*` has no PulumiPolicy.yaml/);
    });
});

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\$]/g, "\\$&");
}

/**
 * Where each finding is, and what the gate could not see: the built CLI on a program of several
 * files (a loop, a `forEach` callback, a helper in another file, a local component, a stack
 * policy's finding, two multi-language components), in every format, from another working
 * directory too, and an ES module program. The line numbers are the TypeScript lines of the fixture (the JavaScript ts-node
 * runs has other lines: the imports and types at the top of index.ts are gone from it).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliResult, PROGRAMS, ROOT, TINY_PACK, runCli } from "./cliHelpers";

const program = path.join(PROGRAMS, "located");
const rel = (f: string) => `tests/cli/fixtures/programs/located/${f}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-locations-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The CLI from another working directory than the repository root. */
function runIn(cwd: string, args: string[]): CliResult {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/nhi-guard.js"), ...args], { cwd, encoding: "utf8", timeout: 60000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const urn = (qualified: string, name: string) => `urn:pulumi:dev::located::${qualified}::${name}`;
// In registration order: the helper's component has no inputs to wait for, so the SDK sends it first.
const VPCS = [
    // `new pulumi.ComponentResource(..., true)` called directly in a helper: its own line, which the SDK's fixed frame count would skip.
    { urn: urn("awsx:ec2:Vpc", "old-vpc"), type: "awsx:ec2:Vpc", name: "old-vpc", location: { file: rel("components/vpc.ts"), line: 21, column: 12 } },
    { urn: urn("awsx:ec2:Vpc", "main-vpc"), type: "awsx:ec2:Vpc", name: "main-vpc", location: { file: rel("index.ts"), line: 28, column: 1 } },
    { urn: urn("awsx:ec2:Vpc", "edge-vpc"), type: "awsx:ec2:Vpc", name: "edge-vpc", location: { file: rel("index.ts"), line: 29, column: 1 } },
];

describe("preview: every finding at the line that declares its resource", () => {
    let run: CliResult;
    let report: any;
    beforeAll(() => {
        const out = path.join(tmp, "located.json");
        run = runCli(["preview", program, "--policy-pack", TINY_PACK, "--format", "json", "--output", out]);
        report = JSON.parse(fs.readFileSync(out, "utf8"));
    });

    it("locates resource and stack findings at the TypeScript line, per file", () => {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const at = (name: string) => report.violations.find((v: any) => v.urn.endsWith(`::${name}`));
        // A loop body, a forEach callback (V8 prints its frame without a name), a helper in another file.
        expect(at("loop-red").location).toEqual({ file: rel("index.ts"), line: 17, column: 5 });
        expect(at("each-green").location).toEqual({ file: rel("index.ts"), line: 20, column: 28 });
        expect(at("helper-bucket").location).toEqual({ file: rel("lib/buckets.ts"), line: 10, column: 12 });
        // A stack policy's finding about a resource is at that resource's line.
        expect(at("lonely")).toMatchObject({ policy: "tiny-roles-have-attachment", location: { file: rel("index.ts"), line: 26 } });
        for (const name of ["loop-red", "each-green", "helper-bucket", "lonely"]) expect(at(name).declaredAt).toBeUndefined();
        // The compliant bucket of the loop has no finding.
        expect(at("loop-blue")).toBeUndefined();
    });

    it("puts a component child at the program line that made the component, and keeps its own declaration", () => {
        const child = report.violations.find((v: any) => v.urn === urn("located:index:Workload$aws:s3/bucket:Bucket", "api-logs"));
        expect(child.location).toEqual({ file: rel("index.ts"), line: 24, column: 1 });
        expect(child.declaredAt).toEqual({ file: rel("components/workload.ts"), line: 14, column: 21 });
    });

    it("lists multi-language components as not analysed, by type and name, and still exits on violations only", () => {
        expect(report.notAnalysed).toEqual(VPCS.map((v) => ({ ...v, reason: expect.stringMatching(/^multi-language component: the `awsx` provider creates its children/) })));
        expect(report.counts).toEqual({ mandatory: 5, advisory: 0, exemptionsApplied: 0, exemptionsExpired: 0, unverified: 0, notAnalysed: 3 });
    });

    it("shows locations and the not-analysed list in the terminal report", () => {
        expect(run.stdout).toContain(`aws:s3/bucket:Bucket api-logs\n  at ${rel("index.ts")}:24 (declared at ${rel("components/workload.ts")}:14)\n`);
        expect(run.stdout).toContain(
            `[not analysed] 3 resources whose contents no policy saw:\n  awsx:ec2:Vpc x3: old-vpc (${rel("components/vpc.ts")}:21), main-vpc (${rel("index.ts")}:28), edge-vpc (${rel("index.ts")}:29)\n`,
        );
        expect(run.stdout.trimEnd().split("\n").pop()).toBe("FAILED: 5 mandatory, 0 advisory, 0 unverified, 0 exempted, 3 not analysed (preview of 12 resources, stack dev, tiny@0.0.1)");
    });
});

describe("preview: an ES module TypeScript program", () => {
    it("locates findings at the TypeScript lines although ts-node compiles it in the loader thread", () => {
        const out = path.join(tmp, "esm.json");
        const run = runCli(["preview", path.join(PROGRAMS, "located-esm"), "--policy-pack", TINY_PACK, "--format", "json", "--output", out]);
        expect(run.stderr).toBe("");
        const report = JSON.parse(fs.readFileSync(out, "utf8"));
        const esm = (f: string) => `tests/cli/fixtures/programs/located-esm/${f}`;
        expect(report.violations.map((v: any) => [v.urn.split("::").pop(), v.location])).toEqual([
            ["esm-logs", { file: esm("index.ts"), line: 12, column: 5 }],
            ["esm-archive", { file: esm("tags.ts"), line: 11, column: 12 }],
        ]);
    });
});

describe("preview: a program whose only gap is a multi-language component", () => {
    // Every policy of the pack disabled: nothing is violated, only the components are unseen.
    const config = path.join(tmp, "off.json");
    beforeAll(() => fs.writeFileSync(config, JSON.stringify({ all: "disabled" })));

    it("passes without --strict, naming what it did not analyse", () => {
        const run = runCli(["preview", program, "--policy-pack", TINY_PACK, "--config", config]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("[not analysed] 3 resources whose contents no policy saw:");
        expect(run.stdout.trimEnd().split("\n").pop()).toMatch(/^passed: 0 mandatory, .*, 3 not analysed \(/);
    });

    it("fails with --strict (exit 1) in every format", () => {
        for (const format of ["text", "json", "markdown", "sarif"]) {
            const run = runCli(["preview", program, "--policy-pack", TINY_PACK, "--config", config, "--strict", "--format", format]);
            expect([format, run.code]).toEqual([format, 1]);
            expect(run.stdout).toContain("edge-vpc");
        }
    });

    it("renders the markdown comment with a visible not-analysed table", () => {
        const run = runCli(["preview", program, "--policy-pack", TINY_PACK, "--config", config, "--strict", "--format", "markdown"]);
        expect(run.stdout).toContain("### nhi-guard preview: ❌ blocked");
        expect(run.stdout).toContain("#### Not analysed: 3 resources whose contents no policy saw (failing with --strict)");
        expect(run.stdout).toMatch(/\| awsx:ec2:Vpc \| 3 \| \*\*old-vpc\*\* <code>tests\/cli\/fixtures\/programs\/located\/components\/vpc\.ts:21<\/code>, \*\*main-vpc\*\* <code>[^|]+index\.ts:28<\/code>, \*\*edge-vpc\*\* <code>[^|]+:29<\/code> \| multi-language component/);
        expect(run.stdout).not.toContain("No findings.");
    });
});

describe("SARIF: repository-relative URIs and real lines, whatever the working directory", () => {
    let sarif: any;
    let strict: any;
    beforeAll(() => {
        // Run from inside the program folder: URIs must still be relative to the repository root.
        const run = runIn(program, ["preview", ".", "--policy-pack", TINY_PACK, "--format", "sarif"]);
        expect(run.stderr).toBe("");
        sarif = JSON.parse(run.stdout);
        strict = JSON.parse(runIn(os.tmpdir(), ["preview", program, "--policy-pack", TINY_PACK, "--format", "sarif", "--strict"]).stdout);
    });
    const results = (s: any) => s.runs[0].results as any[];
    const byName = (s: any, name: string) => results(s).find((r) => r.locations[0].logicalLocations[0].name === name);

    it("places each result at its file and line, with the component child's declaration as a related location", () => {
        const where = (r: any) => [r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine];
        expect(where(byName(sarif, "loop-red"))).toEqual([rel("index.ts"), 17]);
        expect(where(byName(sarif, "helper-bucket"))).toEqual([rel("lib/buckets.ts"), 10]);
        expect(where(byName(sarif, "lonely"))).toEqual([rel("index.ts"), 26]);
        const child = byName(sarif, "api-logs");
        expect(where(child)).toEqual([rel("index.ts"), 24]);
        expect(child.relatedLocations).toEqual([
            { id: 1, physicalLocation: { artifactLocation: { uri: rel("components/workload.ts") }, region: { startLine: 14, startColumn: 21 } }, message: { text: "declared here, inside the component" } },
        ]);
        // No result is left at line 1 of the main file any more.
        expect(results(sarif).filter((r) => r.locations[0].physicalLocation.region.startLine === 1)).toEqual([]);
        expect(results(strict).map(where)).toEqual(results(sarif).map(where));
    });

    it("reports not-analysed components under the gate's own rule: a warning, an error with --strict", () => {
        const rules = sarif.runs[0].tool.driver.rules;
        const na = results(sarif).filter((r) => r.ruleId === "nhi-guard/not-analysed");
        expect(na.map((r) => [r.level, r.locations[0].logicalLocations[0].name, r.locations[0].physicalLocation.region.startLine])).toEqual([
            ["warning", "old-vpc", 21],
            ["warning", "main-vpc", 28],
            ["warning", "edge-vpc", 29],
        ]);
        expect(rules[na[0].ruleIndex].id).toBe("nhi-guard/not-analysed");
        expect(results(strict).filter((r) => r.ruleId === "nhi-guard/not-analysed").map((r) => r.level)).toEqual(["error", "error", "error"]);
        // The pack's rules keep their indices: the gate's rule comes after them.
        expect(rules.slice(0, -1).map((r: any) => r.id)).toEqual(["tiny-owner-tag", "tiny-max-name-length", "tiny-password-set", "tiny-arn-known", "tiny-roles-have-attachment"]);
    });
});

/** `nhi-guard preview` as a user runs it: the built CLI, a fixture program, the tiny pack. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliResult, PROGRAMS, TINY_PACK, expectOneLine, runCli } from "./cliHelpers";

const estate = path.join(PROGRAMS, "estate");
const jsOnly = path.join(PROGRAMS, "js-only");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-preview-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The literal view (`--literal`): outputs of resources created in the program stay unknown, as
// under `pulumi preview`. The deployment view of the same program is in realPrograms.e2e.test.ts.
describe("preview of the estate program", () => {
    let run: CliResult;
    let report: any;
    const reportFile = path.join(tmp, "estate.json");
    beforeAll(() => {
        // One run checks the JSON file, the terminal text and the exit code together.
        run = runCli(["preview", estate, "--literal", "--policy-pack", TINY_PACK, "--format", "json", "--output", reportFile]);
        report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    });

    it("fails on the mandatory violations (exit 1)", () => {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
    });

    it("reports each violation on the engine's URN, two components deep and from stack policies", () => {
        expect(report).toMatchObject({ version: 1, command: "preview", stack: "dev", project: "estate", resources: 13 });
        expect(report.violations.map((v: any) => [v.policy, v.urn, v.enforcementLevel])).toEqual([
            ["tiny-owner-tag", "urn:pulumi:dev::estate::test:index:Team$test:index:Service$aws:s3/bucket:Bucket::svc-bucket", "mandatory"],
            // role-a's attachment depends on it through `role` (a property dependency): only `lonely` is reported.
            ["tiny-roles-have-attachment", "urn:pulumi:dev::estate::aws:iam/role:Role::lonely", "mandatory"],
        ]);
        expect(report.violations[0].message).toBe('bucket `svc-bucket` has no `owner` tag: add tags: { owner: "<team>" }');
        expect(report.counts).toEqual({ mandatory: 2, advisory: 0, exemptionsApplied: 0, exemptionsExpired: 0, unverified: 1, notAnalysed: 0 });
    });

    it("lists what could not be verified at preview instead of passing it", () => {
        expect(report.unverified).toEqual([
            {
                policy: "tiny-arn-known",
                policyPack: "tiny",
                urn: "urn:pulumi:dev::estate::aws:iam/rolePolicyAttachment:RolePolicyAttachment::attach",
                location: { file: "tests/cli/fixtures/programs/estate/index.ts", line: 37, column: 1 },
                reason: "string value at .role can't be known during preview",
            },
        ]);
    });

    it("treats an undecryptable secure config value as present, and says so", () => {
        expect(report.violations.some((v: any) => v.policy === "tiny-password-set")).toBe(false);
        expect(report.notes).toEqual([expect.stringMatching(/^secure config `estate:dbPassword` could not be decrypted offline/)]);
    });

    it("still prints the text report on the terminal, without colours when not a TTY", () => {
        expect(run.stdout).toContain("urn:pulumi:dev::estate::aws:iam/role:Role::lonely");
        expect(run.stdout).not.toContain("\u001b[");
        expect(run.stdout.trimEnd().split("\n").pop()).toBe("FAILED: 2 mandatory, 0 advisory, 1 unverified, 0 exempted (preview of 13 resources, stack dev, tiny@0.0.1)");
    });
});

describe("preview of a JavaScript program with an advisory finding", () => {
    it("passes (exit 0), also with --strict, and user config reaches the policy", () => {
        const plain = runCli(["preview", jsOnly, "--policy-pack", TINY_PACK, "--strict", "--format", "json"]);
        expect(plain.code).toBe(0);
        const report = JSON.parse(plain.stdout);
        expect(report.violations.map((v: any) => [v.policy, v.enforcementLevel])).toEqual([["tiny-max-name-length", "advisory"]]);

        const configFile = path.join(tmp, "policy-config.json");
        fs.writeFileSync(configFile, JSON.stringify({ all: "mandatory", "tiny-max-name-length": { maxLength: 10 } }));
        const strict = runCli(["preview", jsOnly, "--policy-pack", TINY_PACK, "--config", configFile, "--quiet"]);
        expect(strict.code).toBe(1);
        expect(strict.stdout).toBe("FAILED: 1 mandatory, 0 advisory, 0 unverified, 0 exempted (preview of 3 resources, stack dev, tiny@0.0.1)\n");
    });
});

describe("--strict", () => {
    it("fails a preview whose only finding could not be verified, which passes without it", () => {
        const configFile = path.join(tmp, "only-unverified.json");
        fs.writeFileSync(configFile, JSON.stringify({ "tiny-owner-tag": "disabled", "tiny-roles-have-attachment": "advisory" }));
        const lenient = runCli(["preview", estate, "--literal", "--policy-pack", TINY_PACK, "--config", configFile, "--quiet"]);
        expect(lenient.stdout).toBe("passed: 0 mandatory, 1 advisory, 1 unverified, 0 exempted (preview of 13 resources, stack dev, tiny@0.0.1)\n");
        expect(lenient.code).toBe(0);
        const strict = runCli(["preview", estate, "--literal", "--policy-pack", TINY_PACK, "--config", configFile, "--quiet", "--strict"]);
        expect(strict.stdout).toMatch(/^FAILED: 0 mandatory, 1 advisory, 1 unverified/);
        expect(strict.code).toBe(1);
    });
});

describe("preview: bad input is exit 2 with one clear line", () => {
    it("shows a failing program's message, not its stack", () => {
        const r = runCli(["preview", path.join(PROGRAMS, "broken"), "--policy-pack", TINY_PACK]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(
            'nhi-guard: the program failed: invalid declaration for "tool":\n' +
                "  - `owner`: is required: set owner to a team slug\n" +
                "  - `expiresAt`: 2020-01-01 is in the past: set a future date\n",
        );
    });

    it.each([
        [["preview", tmp], /^nhi-guard: no `Pulumi.yaml` in `.*`: pass the folder of a Pulumi project$/],
        [["preview", jsOnly, "--format", "xml"], /^nhi-guard: `--format` is `xml`: use one of text, json, sarif, markdown$/],
        [["preview", jsOnly, "--config", "/nonexistent.json"], /^nhi-guard: cannot read `--config` file `\/nonexistent.json`: no such file$/],
        [["preview", jsOnly, "--frobnicate"], /^nhi-guard: Unknown option '--frobnicate'/],
        [["deploy"], /^nhi-guard: unknown command `deploy`/],
    ])("%j", (args, expected) => {
        const r = runCli(args as string[]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(expected);
    });

    it("rejects an enforcement level the CLI would not accept", () => {
        const bad = path.join(tmp, "bad-level.json");
        fs.writeFileSync(bad, JSON.stringify({ "tiny-owner-tag": { enforcementLevel: "strict" } }));
        const r = runCli(["preview", jsOnly, "--policy-pack", TINY_PACK, "--config", bad]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toBe(`nhi-guard: \`tiny-owner-tag.enforcementLevel\` in \`${bad}\` is \`strict\`: use one of advisory, mandatory, remediate, disabled`);
    });
});

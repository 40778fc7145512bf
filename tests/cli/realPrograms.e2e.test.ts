/**
 * The realistic-program corpus (tests/fixtures/programs/real-*) through the built CLI and the
 * bundled pack, as a user runs `nhi-guard preview` in a pull request. Each program is written the
 * way platform teams write Pulumi code, and each expectation is what its deployment would meet:
 * the policies a `pulumi up` with the pack would block it on, and the exit code.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliResult, PROGRAMS, ROOT, TINY_PACK, runCli } from "./cliHelpers";

const CORPUS = path.join(ROOT, "tests/fixtures/programs");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-real-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
    cli: CliResult;
    report: any;
}

function preview(program: string, ...args: string[]): Run {
    const cli = runCli(["preview", path.join(CORPUS, program), "--format", "json", "--quiet", ...args]);
    let report: any;
    try {
        report = JSON.parse(cli.stdout);
    } catch {
        throw new Error(`${program}: exit ${cli.code}, not a JSON report: ${cli.stderr || cli.stdout}`);
    }
    return { cli, report };
}

const mandatory = (r: Run) => [...new Set(r.report.violations.filter((v: any) => v.enforcementLevel === "mandatory").map((v: any) => v.policy))].sort();
const findings = (r: Run) => r.report.violations.map((v: any) => [v.policy, v.urn.split("::").pop()]);
const unverified = (r: Run) => r.report.unverified.map((u: any) => [u.policy, u.urn.split("::").pop()]);

describe("real-oidc-trust: a role trusting `repo:acme/*` through the OIDC provider made beside it, with `Action: \"*\"`", () => {
    let run: Run;
    const [jsonFile, sarifFile, markdownFile, textFile] = ["oidc.json", "oidc.sarif", "oidc.md", "oidc.txt"].map((f) => path.join(tmp, f));
    beforeAll(() => {
        // One run writes every format, so they are compared on the same analysis.
        const cli = runCli(["preview", path.join(CORPUS, "real-oidc-trust"), "--quiet", "-o", `json=${jsonFile}`, "-o", `sarif=${sarifFile}`, "-o", `markdown=${markdownFile}`, "-o", `text=${textFile}`]);
        run = { cli, report: JSON.parse(fs.readFileSync(jsonFile, "utf8")) };
    });

    it("is blocked (exit 1): the trust is not pinned, the grant is a wildcard and never ends", () => {
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(1);
        expect(mandatory(run)).toEqual(["nhi-least-privilege", "nhi-no-standing-access", "nhi-trust-pinned"]);
        const trust = run.report.violations.find((v: any) => v.policy === "nhi-trust-pinned");
        expect(trust.urn).toBe("urn:pulumi:dev::real-oidc-trust::aws:iam/role:Role::claude-deploy");
        expect(trust.message).toContain('"repo:acme/*" has a wildcard in the owner/repository');
        expect(run.report.unverified).toEqual([]);
    });

    it("says which findings rest on modelled outputs, in JSON, SARIF, markdown and text", () => {
        const provider = "urn:pulumi:dev::real-oidc-trust::aws:iam/openIdConnectProvider:OpenIdConnectProvider::github";
        const role = "urn:pulumi:dev::real-oidc-trust::aws:iam/role:Role::claude-deploy";
        // The role's trust carries the provider's modelled ARN; the inline policy's `role` the role's modelled name.
        for (const v of run.report.violations) expect(v.restsOn).toEqual([v.urn === role ? provider : role]);
        expect(run.report.violations.filter((v: any) => v.urn === role).map((v: any) => v.policy)).toContain("nhi-trust-pinned");
        expect(run.report.notes).toContainEqual(expect.stringMatching(/^2 resources rest on modelled outputs of resources created in this program/));

        const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
        const result = sarif.runs[0].results.find((r: any) => r.ruleId === "nhi-trust-pinned");
        expect(result.message.text).toContain(`(rests on modelled outputs of ${provider})`);
        expect(result.properties.restsOn).toEqual([provider]);
        expect(fs.readFileSync(markdownFile, "utf8")).toContain("rests on modelled outputs of");
        const text = fs.readFileSync(textFile, "utf8");
        expect(text).toContain(`      rests on modelled outputs of ${provider}\n`);
        expect(text).toMatch(/^note: 2 resources rest on modelled outputs/m);
    });

    it("is modelled deterministically: a second run reports the same values", () => {
        expect(preview("real-oidc-trust").report).toEqual(run.report);
    });

    it("under --literal sees what `pulumi preview` sees: the trust is unknown, so its check is unverified, not a violation", () => {
        const literal = preview("real-oidc-trust", "--literal");
        expect(unverified(literal)).toContainEqual(["nhi-trust-pinned", "claude-deploy"]);
        expect(literal.report.violations.map((v: any) => v.policy)).not.toContain("nhi-trust-pinned");
        expect(literal.report.violations.every((v: any) => !v.restsOn)).toBe(true);
        expect(literal.report.notes.join("\n")).not.toMatch(/modelled outputs/);
    });
});

describe("real-policy-document: getPolicyDocument documents, pinned and dated", () => {
    it("passes (exit 0); the one check left is the environment's reviewers, which another stack manages", () => {
        const run = preview("real-policy-document");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(0);
        expect(run.report.violations).toEqual([]);
        expect(unverified(run)).toEqual([["nhi-human-approval", "pr-reviewer"]]);
    });
});

describe("real-multi-file: a local component in a loop, over several files, using getOrganization()", () => {
    it("runs with the local backend's organization and blocks only the read-only tool that can write (exit 1)", () => {
        const run = preview("real-multi-file");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(1);
        expect(findings(run)).toEqual([["nhi-declared-access", "docs-reviewer-grant"]]);
        expect(run.report.violations[0].urn).toBe("urn:pulumi:dev::real-multi-file::acme:platform:ToolRole$aws:iam/rolePolicy:RolePolicy::docs-reviewer-grant");
        // role.id of an autonamed role: the grant's `role` is a modelled name.
        expect(run.report.violations[0].restsOn).toEqual(["urn:pulumi:dev::real-multi-file::acme:platform:ToolRole$aws:iam/role:Role::docs-reviewer-role"]);
    });
});

describe("real-policy-json: documents read from ./policy.json and trust.json in the project folder", () => {
    it("reads them from the project folder whatever the cwd, and blocks PassRole and the static key (exit 1)", () => {
        const run = preview("real-policy-json");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(1);
        expect(mandatory(run)).toEqual(["nhi-least-privilege", "nhi-no-long-lived-credentials"]);
        expect(run.report.violations.find((v: any) => v.message.includes("iam:PassRole"))?.urn.split("::").pop()).toBe("release-agent-deploy");
        // The role is named in code: the grant's `role` is the author's own value, not a modelled one.
        expect(run.report.violations.find((v: any) => v.policy === "nhi-least-privilege").restsOn).toBeUndefined();
        expect(run.report.violations.find((v: any) => v.policy === "nhi-no-long-lived-credentials").restsOn).toEqual(["urn:pulumi:dev::real-policy-json::aws:iam/user:User::release-agent-local"]);
    });
});

describe("real-esm-gcp: a TypeScript ES module program (\"type\": \"module\", NodeNext imports)", () => {
    it("runs as the host runs ES modules and passes (exit 0): the principal:// member built from the pool's name is pinned", () => {
        const run = preview("real-esm-gcp");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(0);
        expect(run.report.resources).toBe(7);
        expect(run.report.violations).toEqual([]);
        expect(run.report.unverified).toEqual([]);
    });

    it("`--stack prod` with no Pulumi.prod.yaml says so and lists the stacks that have one", () => {
        const run = preview("real-esm-gcp", "--stack", "prod");
        expect(run.report.stack).toBe("prod");
        expect(run.report.notes).toContain("`--stack prod` names no `Pulumi.prod.yaml`: the program ran with the project's defaults only (stack files here: `dev`)");
    });
});

describe("real-mjs-azure: a JavaScript .mjs program with secret stack config and an ESC import", () => {
    it("blocks Contributor (exit 1), and names the undecryptable secrets and the ESC environment", () => {
        const run = preview("real-mjs-azure");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(1);
        expect(mandatory(run)).toEqual(["nhi-least-privilege"]);
        expect(run.report.violations.every((v: any) => v.urn.endsWith("::support-agent-contributor"))).toBe(true);
        expect(run.report.notes).toEqual(
            expect.arrayContaining([
                "secure config `real-mjs-azure:openaiKey`, `real-mjs-azure:vendor` could not be decrypted offline: the program and the pack saw a non-empty placeholder in its place",
                "`Pulumi.dev.yaml` imports ESC environment `acme/azure-dev`: its config cannot be read offline, so the program saw only the stack file's own config",
            ]),
        );
        expect(run.cli.stdout).not.toContain("v1:Zm9vYmFyYmF6");
    });
});

describe("real-other-packages: Lambda, S3, CloudWatch, SSM and Secrets Manager beside the role", () => {
    it("blocks the key pasted into a String parameter and the unrotated secrets (exit 1), without printing the key", () => {
        const run = preview("real-other-packages");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(1);
        expect(mandatory(run)).toEqual(["nhi-no-plaintext-secrets", "nhi-secret-rotation-required"]);
        expect(findings(run)).toContainEqual(["nhi-no-plaintext-secrets", "triage-bot-model-key"]);
        expect(run.cli.stdout).not.toContain("Pe6wmMvQGY7nU4dINx2eZRwN-ptWPYxAwIZ0DqK7fCOokPyQnP");
    });
});

describe("real-github-interpolate: the trust subject interpolated from the repository's and environment's outputs", () => {
    it("passes (exit 0) because the modelled full name pins one repository and a reviewed environment", () => {
        const run = preview("real-github-interpolate");
        expect(run.cli.stderr).toBe("");
        expect(run.cli.code).toBe(0);
        expect(run.report.violations).toEqual([]);
        expect(run.report.unverified).toEqual([]);
    });
});

describe("an .mts entry point", () => {
    it("runs as an ES module (import.meta) with the organization --org gives, else the local backend's", () => {
        const urns = (args: string[]) => {
            const r = runCli(["preview", path.join(PROGRAMS, "esm-mts"), "--policy-pack", TINY_PACK, "--format", "json", "--quiet", ...args]);
            expect(r.stderr).toBe("");
            return JSON.parse(r.stdout).violations.map((v: any) => v.urn);
        };
        expect(urns(["--org", "acme-corp"])).toEqual(["urn:pulumi:dev::esm-mts::aws:s3/bucket:Bucket::acme-corp-index"]);
        expect(urns([])).toEqual(["urn:pulumi:dev::esm-mts::aws:s3/bucket:Bucket::organization-index"]);
    });
});

/**
 * `--with-export`: an AWS-only stack whose AI tool role trusts a GitHub environment declared in the
 * organisation's GitHub stack. Alone it is unverified (so `--strict` fails); read with the GitHub
 * stack's export it is checked against that environment's reviewers, and the GitHub stack's own
 * resources are not judged in this stack's report.
 */
import * as path from "path";
import { EXPORTS, expectOneLine, runCli } from "./cliHelpers";

const DIR = path.join(EXPORTS, "cross-stack");
const AWS = path.join(DIR, "aws.json");
const GITHUB = path.join(DIR, "github.json");
const UNREVIEWED = path.join(DIR, "github-unreviewed.json");
const P = "nhi-human-approval";

function audit(...extra: string[]) {
    const run = runCli(["audit", AWS, "--format", "json", ...extra]);
    const report = JSON.parse(run.stdout);
    return {
        run,
        report,
        violations: report.violations.filter((v: any) => v.policy === P),
        unverified: report.unverified.filter((u: any) => u.policy === P),
    };
}

describe("audit --with-export", () => {
    it("alone, the environment another stack manages is unverified, not a violation, and --strict fails on it", () => {
        const { violations, unverified } = audit();
        expect(violations).toEqual([]);
        expect(unverified).toEqual([expect.objectContaining({ urn: expect.stringMatching(/::pr-reviewer-role$/), reason: expect.stringMatching(/`acme\/app` environment `ai-review` .*not declared in this stack.*--with-export/) })]);
        const strict = audit("--strict");
        expect(strict.run.code).toBe(1);
    });

    it("with the GitHub stack's export, the reviewed environment verifies the trust, and that stack's own findings stay out", () => {
        const { run, report, violations, unverified } = audit("--with-export", GITHUB);
        expect(violations).toEqual([]);
        expect(unverified).toEqual([]);
        // The GitHub stack's AI tool role trusting a branch fails human approval: judged in that stack, not here.
        expect([...report.violations, ...report.unverified].filter((v: any) => v.urn.includes("::github-org::"))).toEqual([]);
        expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/`--with-export .*github\.json`: 5 resources of stack `prod` read as context for stack policies/)]));
        expect(run.stderr).toBe("");
    });

    it("with an export whose environment lost its reviewers, the trust fails", () => {
        const { run, violations } = audit("--with-export", UNREVIEWED);
        expect(violations).toEqual([expect.objectContaining({ urn: expect.stringMatching(/::pr-reviewer-role$/), message: expect.stringMatching(/requires no human reviewer/) })]);
        expect(run.code).toBe(1);
    });

    it("a --with-export file that cannot be read is bad input, in one line", () => {
        const run = runCli(["audit", AWS, "--with-export", path.join(DIR, "missing.json")]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(/cannot read `--with-export` file `.*missing\.json`: no such file/);
    });

    it("is refused where it does not apply", () => {
        const run = runCli(["inventory", AWS, "--with-export", GITHUB]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(/`--with-export` only applies to `preview`, `audit`/);
    });
});

describe("preview --with-export", () => {
    const program = path.join(__dirname, "fixtures/programs/data-sources");
    const reviewerApproval = (report: any) => report.unverified.filter((u: any) => u.policy === P && u.urn.endsWith("::reviewer"));

    it("reads the GitHub stack's environment with the program's resources, as audit does", () => {
        const alone = JSON.parse(runCli(["preview", program, "--format", "json", "--quiet"]).stdout);
        expect(reviewerApproval(alone)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/`acme\/app` environment `ai-review` .*not declared in this stack/) })]);
        const joined = JSON.parse(runCli(["preview", program, "--format", "json", "--quiet", "--with-export", GITHUB]).stdout);
        expect(reviewerApproval(joined)).toEqual([]);
        expect(joined.resources).toBe(alone.resources);
    });
});

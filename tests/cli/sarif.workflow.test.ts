/**
 * examples/github-actions/nhi-guard.yml: nothing here can run GitHub Actions, so the workflow is
 * parsed and its structure pinned: both paths, the commands they run, and minimal permissions.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ROOT } from "./cliHelpers";

const wf: any = yaml.load(fs.readFileSync(path.join(ROOT, "examples/github-actions/nhi-guard.yml"), "utf8"));
const steps = (job: string) => wf.jobs[job].steps as any[];
const runs = (job: string) => steps(job).filter((s) => s.run).map((s) => s.run as string);
const uses = (job: string) => steps(job).filter((s) => s.uses).map((s) => String(s.uses).split("@")[0]);

describe("GitHub Actions example", () => {
    it("grants nothing by default and each job only what it needs", () => {
        expect(wf.permissions).toEqual({});
        expect(Object.fromEntries(Object.entries<any>(wf.jobs).map(([k, j]) => [k, j.permissions]))).toEqual({
            "pulumi-preview": { contents: "read", "id-token": "write" },
            "offline-gate": { contents: "read" },
            "upload-sarif": { "security-events": "write", actions: "read" },
            comment: { "pull-requests": "write" },
        });
    });

    it("with credentials: npm ci, then pulumi preview with the pack through pulumi/actions", () => {
        expect(runs("pulumi-preview")).toContain("npm ci");
        const pulumi = steps("pulumi-preview").find((s) => String(s.uses).startsWith("pulumi/actions@"));
        expect(pulumi.with).toMatchObject({ command: "preview", policyPacks: "policy-packs/nhi-guard" });
        expect(wf.jobs["pulumi-preview"].if).toMatch(/head\.repo\.full_name == github\.repository/);
    });

    it("without credentials (forks): the offline gate's SARIF to code scanning and markdown as a PR comment", () => {
        expect(wf.jobs["offline-gate"].if).toMatch(/head\.repo\.full_name != github\.repository/);
        expect(runs("offline-gate")).toEqual(expect.arrayContaining(["npm ci", "npx nhi-guard preview --format sarif --output nhi-guard.sarif"]));
        expect(runs("offline-gate").some((r) => r.includes("--format markdown --output nhi-guard.md"))).toBe(true);
        expect(uses("upload-sarif")).toContain("github/codeql-action/upload-sarif");
        expect(steps("upload-sarif").find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif")).with.sarif_file).toBe("nhi-guard.sarif");
        expect(runs("comment").join("\n")).toMatch(/gh pr comment .*--body-file nhi-guard\.md/);
        for (const j of ["upload-sarif", "comment"]) expect(wf.jobs[j].needs).toBe("offline-gate");
    });

    it("the README explains both paths and publishing to policy groups", () => {
        const readme = fs.readFileSync(path.join(ROOT, "examples/github-actions/README.md"), "utf8");
        for (const s of ["pulumi preview --policy-pack policy-packs/nhi-guard", "upload-sarif", "pulumi policy publish", "policy group"]) expect(readme).toContain(s);
    });
});

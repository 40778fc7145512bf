/** `nhi-guard policies`: the catalogue from the served pack, and the committed docs/policies.md. */
import * as fs from "fs";
import * as path from "path";
import { ROOT, TINY_PACK, runCli } from "./cliHelpers";
import { REGENERATE_DOCS } from "../../cli/catalogue/formats";

describe("policies", () => {
    it("docs/policies.md is what the served pack generates", () => {
        const run = runCli(["policies", "--format", "markdown"]);
        expect([run.code, run.stderr]).toEqual([0, ""]);
        const committed = fs.readFileSync(path.join(ROOT, "docs/policies.md"), "utf8");
        if (run.stdout !== committed) throw new Error(`docs/policies.md is stale: regenerate it with \`${REGENERATE_DOCS}\` and commit it`);
    });

    it("lists every policy with level, severity, framework mappings, config defaults and remediation (JSON)", () => {
        const run = runCli(["policies", "--format", "json"]);
        const c = JSON.parse(run.stdout);
        expect(c.policies).toHaveLength(16);
        const expiry = c.policies.find((p: any) => p.name === "nhi-expiry-required");
        expect(expiry).toMatchObject({ enforcementLevel: "mandatory", severity: "high", framework: { reference: expect.stringMatching(/^NHI\d+$/) } });
        expect(expiry.mappings[0]).toBe(`owasp-nhi:${expiry.framework.reference}`);
        expect(expiry.config).toEqual(expect.arrayContaining([expect.objectContaining({ key: "maxLifetimeDays", default: "365" }), expect.objectContaining({ key: "exemptions", default: "[]" })]));
        expect(expiry.remediation).toEqual(expect.any(String));
    });

    it("CSV has one row per policy; markdown by default for an .md --output", () => {
        const csv = runCli(["policies", "--format", "csv"]).stdout.split("\r\n").filter(Boolean);
        expect(csv).toHaveLength(17);
        const out = path.join(require("os").tmpdir(), `nhi-guard-policies-${process.pid}.md`);
        const run = runCli(["policies", "--output", out]);
        expect(run.stdout).toBe(`16 policies (markdown) written to ${out}\n`);
        expect(fs.readFileSync(out, "utf8")).toMatch(/^# Policies\n/);
        fs.unlinkSync(out);
    });

    it("describes any pack given with --policy-pack", () => {
        const run = runCli(["policies", "--policy-pack", TINY_PACK, "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout).policyPacks[0].name).toBe("tiny");
    });

    it("rejects arguments and unknown formats with one line, exit 2", () => {
        expect(runCli(["policies", "extra"]).stderr).toMatch(/^nhi-guard: `policies` takes no arguments/);
        const bad = runCli(["policies", "--format", "sarif"]);
        expect([bad.code, bad.stderr]).toEqual([2, "nhi-guard: `--format` is `sarif` for `policies`: use one of text, markdown, json, csv\n"]);
    });
});

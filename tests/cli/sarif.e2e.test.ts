/**
 * The report formats of `preview` and `audit` on a fixture export, against golden files, and the
 * SARIF checked against what GitHub code scanning requires of an upload. No npm package ships the
 * SARIF 2.1.0 JSON schema, so `checkSarif` validates the subset code scanning reads.
 */
import * as path from "path";
import { EXPORTS, CliResult, runCli } from "./cliHelpers";
import { expectGolden } from "./golden/golden";

const estate = path.relative(process.cwd(), path.join(EXPORTS, "aws-ai-estate.json"));
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** What code scanning requires of an upload; returns one line per problem. */
export function checkSarif(doc: any): string[] {
    const problems: string[] = [];
    const need = (ok: boolean, what: string) => ok || problems.push(what);
    need(typeof doc.$schema === "string" && /sarif-2\.1\.0/.test(doc.$schema), "$schema names SARIF 2.1.0");
    need(doc.version === "2.1.0", "version is 2.1.0");
    need(Array.isArray(doc.runs) && doc.runs.length === 1, "exactly one run");
    const run = doc.runs?.[0] ?? {};
    const driver = run.tool?.driver ?? {};
    need(typeof driver.name === "string" && driver.name !== "", "tool.driver.name");
    need(typeof driver.version === "string" && /^\d+\.\d+\.\d+/.test(driver.version), "tool.driver.version");
    need(typeof driver.informationUri === "string" && /^https:\/\//.test(driver.informationUri), "tool.driver.informationUri");
    const rules: any[] = driver.rules ?? [];
    const ids = new Set(rules.map((r) => r.id));
    need(ids.size === rules.length, "rule ids are unique");
    for (const r of rules) {
        for (const f of ["shortDescription", "fullDescription", "help"]) need(typeof r[f]?.text === "string" && r[f].text !== "", `rule ${r.id}: ${f}.text`);
        need(["error", "warning", "note", "none"].includes(r.defaultConfiguration?.level), `rule ${r.id}: defaultConfiguration.level`);
        need(Array.isArray(r.properties?.tags) && r.properties.tags.every((t: unknown) => typeof t === "string"), `rule ${r.id}: properties.tags`);
        if (r.properties?.["security-severity"] !== undefined) need(/^\d+(\.\d+)?$/.test(r.properties["security-severity"]), `rule ${r.id}: security-severity is a number as text`);
    }
    for (const [i, res] of (run.results ?? []).entries()) {
        need(ids.has(res.ruleId), `result ${i}: ruleId names a rule`);
        if (res.ruleIndex !== undefined) need(rules[res.ruleIndex]?.id === res.ruleId, `result ${i}: ruleIndex points at its rule`);
        need(["error", "warning", "note", "none"].includes(res.level), `result ${i}: level`);
        need(typeof res.message?.text === "string" && res.message.text !== "", `result ${i}: message.text`);
        const loc = res.locations?.[0]?.physicalLocation;
        need(typeof loc?.artifactLocation?.uri === "string" && !/^\//.test(loc.artifactLocation.uri), `result ${i}: a relative artifactLocation.uri`);
        need(loc?.region === undefined || loc.region.startLine >= 1, `result ${i}: region.startLine >= 1`);
        need(res.partialFingerprints && Object.values(res.partialFingerprints).every((v) => typeof v === "string"), `result ${i}: partialFingerprints`);
    }
    return problems;
}

describe("report formats of audit", () => {
    const runs: Record<string, CliResult> = {};
    beforeAll(() => {
        for (const f of ["text", "json", "sarif", "markdown"]) runs[f] = runCli(["audit", estate, "--format", f]);
    });

    it.each([
        ["text", "audit.txt"],
        ["json", "audit.json"],
        ["sarif", "audit.sarif"],
        ["markdown", "audit.md"],
    ])("%s matches its golden file, exits 1 on the mandatory violations, never prints the secret", (f, golden) => {
        const run = runs[f];
        expect([run.code, run.stderr]).toEqual([1, ""]);
        expect(run.stdout).not.toContain(SECRET);
        expectGolden(golden, run.stdout);
    });

    it("SARIF: what code scanning requires, one rule per policy with its framework tags, levels by enforcement", () => {
        const doc = JSON.parse(runs.sarif.stdout);
        expect(checkSarif(doc)).toEqual([]);
        const run = doc.runs[0];
        expect(run.tool.driver.rules).toHaveLength(16);
        // A policy advisory by default is a warning rule, not an error.
        expect(run.tool.driver.rules.find((r: any) => r.id === "nhi-no-identity-reuse").defaultConfiguration.level).toBe("warning");
        const owner = run.tool.driver.rules.find((r: any) => r.id === "nhi-owner-required");
        expect(owner.properties.tags).toEqual(expect.arrayContaining(["owasp-nhi:NHI1", "nist-csf:GV.RR-02", "owasp-asi:ASI03"]));
        expect(owner.defaultConfiguration.level).toBe("error");
        expect(owner.help.text).toMatch(/^Set the owner annotation/);
        // The trusted environment is declared in another stack: unverified (a note), not a violation.
        expect(run.results.map((r: any) => r.level)).toEqual([...Array(8).fill("error"), "note"]);
        const r0 = run.results[0];
        expect(r0.locations[0].physicalLocation.artifactLocation.uri).toBe("tests/fixtures/exports/aws-ai-estate.json");
        expect(r0.locations[0].logicalLocations[0].fullyQualifiedName).toBe(r0.properties.urn);
    });

    it("SARIF fingerprints are stable per policy and URN, and differ between them", () => {
        const again = JSON.parse(runCli(["audit", estate, "--format", "sarif"]).stdout).runs[0].results;
        const first = JSON.parse(runs.sarif.stdout).runs[0].results;
        const fp = (rs: any[]) => rs.map((r) => r.partialFingerprints["nhiGuardFinding/v1"]);
        expect(fp(again)).toEqual(fp(first));
        expect(new Set(fp(first)).size).toBe(first.length);
    });

    it("the structural check fails on a broken document (it can fail)", () => {
        const doc = JSON.parse(runs.sarif.stdout);
        doc.runs[0].results[0].ruleId = "nope";
        delete doc.runs[0].tool.driver.rules[0].help;
        expect(checkSarif(doc)).toEqual(["rule nhi-owner-required: help.text", "result 0: ruleId names a rule", "result 0: ruleIndex points at its rule"]);
    });
});

describe("report formats of preview", () => {
    it("SARIF locates findings at the program's main file", () => {
        const run = runCli(["preview", path.join(__dirname, "golden/programs/unknown-annotations"), "--format", "sarif"]);
        expect(run.stderr).toBe("");
        const doc = JSON.parse(run.stdout);
        expect(checkSarif(doc)).toEqual([]);
        const uris = new Set(doc.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri));
        expect([...uris]).toEqual(["tests/cli/golden/programs/unknown-annotations/index.ts"]);
        expect(doc.runs[0].results.every((r: any) => r.level === "note" || r.level === "error")).toBe(true);
    });
});

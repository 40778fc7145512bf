/**
 * The CLI explains itself: `help [command]`, per-command `--help`, `--version`, options checked
 * against the command, every option in the README, one run writing several report formats, and
 * an export with nothing in it said out loud rather than reported as clean.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXPORTS, ROOT, expectOneLine, runCli } from "./cliHelpers";
import { COMMANDS, OPTIONS } from "../../cli/help";

const ESTATE = path.join(__dirname, "fixtures/baseline/legacy-estate.json");

describe("help", () => {
    const global = runCli(["--help"]);

    it("--help lists every command and every option, on stdout, exit 0", () => {
        expect(global.code).toBe(0);
        for (const c of ["preview", "audit", "inventory", "policies", "baseline", "help"]) expect(global.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
        for (const o of Object.keys(OPTIONS)) expect(global.stdout).toContain(`--${o}`);
    });

    it.each(COMMANDS.map((c) => c.name))("`help %s` is the command's own text, the same as `%s --help`", (name) => {
        const viaHelp = runCli(["help", name]);
        const viaFlag = runCli([name, "--help"]);
        expect(viaHelp.code).toBe(0);
        expect(viaHelp.stdout).toBe(viaFlag.stdout);
        expect(viaHelp.stdout).not.toBe(global.stdout);
        expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: nhi-guard ${name}`));
        // Exactly the options that apply to it: the others are rejected when given.
        for (const [o, spec] of Object.entries(OPTIONS)) {
            const listed = new RegExp(`^  (-\\w, )?--${o}\\b`, "m").test(viaHelp.stdout);
            expect([o, listed]).toEqual([o, spec.commands.includes(name)]);
        }
        const examples = viaHelp.stdout.split("\nExamples:\n")[1]?.split("\n\n")[0].split("\n").filter((l) => l !== "") ?? [];
        expect(examples.length).toBeGreaterThan(0);
        for (const e of examples) expect(e).toMatch(new RegExp(`^  .*nhi-guard ${name === "help" ? "" : name}`));
    });

    it("formats are the command's own", () => {
        expect(runCli(["help", "inventory"]).stdout).toMatch(/--format FORMAT\s+output format: text \(default\), json, csv, markdown/);
        expect(runCli(["help", "audit"]).stdout).toMatch(/--format FORMAT\s+output format: text \(default\), json, sarif, markdown/);
    });

    it("--version prints the package version", () => {
        const r = runCli(["--version"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`nhi-guard ${require(path.join(ROOT, "package.json")).version}\n`);
    });

    it("the README's CLI reference names every command and option", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const reference = readme.slice(readme.indexOf("## CLI reference"));
        expect(reference.length).toBeLessThan(readme.length);
        for (const c of COMMANDS) expect(reference).toContain(`nhi-guard ${c.name}`);
        for (const o of Object.keys(OPTIONS)) expect(reference).toContain(`--${o}`);
    });

    it.each([
        [[], /^nhi-guard: no command: use `preview`, `audit`, `inventory`, `policies`, `baseline` \(see `nhi-guard --help`\)$/],
        [["--strict"], /^nhi-guard: no command: /],
        [["help", "deploy"], /^nhi-guard: unknown command `deploy`: use `preview`, `audit`, `inventory`, `policies`, `baseline` or `help`/],
        [["help", "audit", "preview"], /^nhi-guard: `help` takes at most one command/],
        [["policies", "--strict"], /^nhi-guard: `--strict` only applies to `preview`, `audit`: see `nhi-guard help policies`/],
        [["audit", ESTATE, "--expires-in", "3"], /^nhi-guard: `--expires-in` only applies to `baseline`/],
        [["audit", ESTATE, "--output", "sarif="], /^nhi-guard: `--output sarif=` names no file/],
    ])("%j is bad usage: one line, exit 2", (args, message) => {
        const r = runCli(args as string[]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(message);
    });
});

describe("several report formats from one run", () => {
    it("-o sarif=FILE -o markdown=FILE writes both, and the text summary to the terminal", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-out-"));
        try {
            const sarif = path.join(dir, "r.sarif");
            const md = path.join(dir, "r.md");
            const json = path.join(dir, "r=1.json");
            const r = runCli(["audit", ESTATE, "-o", `sarif=${sarif}`, "--output", `markdown=${md}`, "--format", "json", "-o", json, "--quiet"]);
            expect(r.code).toBe(1);
            // `r=1.json` is not FORMAT=FILE (no format `r`): a plain file, in --format.
            const report = JSON.parse(fs.readFileSync(json, "utf8"));
            expect(report.counts.mandatory).toBeGreaterThanOrEqual(7);
            expect(r.stdout).toBe(`FAILED: ${report.counts.mandatory} mandatory, 0 advisory, 0 unverified, 0 exempted (audit of 5 resources, stack prod, nhi-guard@${report.policyPacks[0].version})\n`);
            expect(JSON.parse(fs.readFileSync(sarif, "utf8")).runs[0].results).toHaveLength(report.counts.mandatory);
            const markdown = fs.readFileSync(md, "utf8");
            expect(markdown).toMatch(/^<!-- nhi-guard-report -->\n### nhi-guard audit: ❌ blocked/);
            expect(markdown).toContain(`**${report.counts.mandatory}** mandatory`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("the format of an --output file without --format", () => {
    it("follows its extension where the command has that format, else is text", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-ext-"));
        try {
            const f = (n: string) => path.join(dir, n);
            const r = runCli(["audit", ESTATE, "-o", f("a.sarif"), "-o", f("a.json"), "-o", f("a.md"), "-o", f("a.txt"), "-o", f("a.csv"), "--quiet"]);
            expect(r.code).toBe(1);
            expect(JSON.parse(fs.readFileSync(f("a.sarif"), "utf8")).version).toBe("2.1.0");
            expect(JSON.parse(fs.readFileSync(f("a.json"), "utf8")).command).toBe("audit");
            expect(fs.readFileSync(f("a.md"), "utf8")).toMatch(/^<!-- nhi-guard-report -->/);
            for (const t of ["a.txt", "a.csv"]) expect(fs.readFileSync(f(t), "utf8")).toMatch(/^FAILED: /m);
            const inv = runCli(["inventory", ESTATE, "-o", f("inv.csv"), "--quiet"]);
            expect(inv.code).toBe(0);
            expect(fs.readFileSync(f("inv.csv"), "utf8").split("\n")[0]).toMatch(/,/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("an export with nothing to check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-empty-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, doc: unknown) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, JSON.stringify(doc));
        return f;
    };
    const empty = write("empty.json", { version: 3, deployment: { manifest: { time: "2026-06-01T00:00:00Z", magic: "", version: "v3.276.0" } } });
    const onlyStack = write("only-stack.json", {
        version: 3,
        deployment: { resources: [{ urn: "urn:pulumi:staging::shop::pulumi:pulumi:Stack::shop-staging", custom: false, type: "pulumi:pulumi:Stack", outputs: {} }] },
    });

    it("warns, never shows a blank stack name, and passes without --strict", () => {
        const r = runCli(["audit", empty]);
        expect(r.code).toBe(0);
        expect(expectOneLine(r.stderr)).toBe("nhi-guard: warning: the export has no resources (an empty stack, or not the stack you meant): nothing was checked");
        expect(r.stdout).toMatch(/audit of 0 resources, stack \(unnamed stack\),/);
        const md = runCli(["audit", empty, "--format", "markdown"]);
        expect(md.stdout).toContain("(unnamed stack)");
        expect(md.stdout).toContain("nothing was checked");
    });

    it("takes the stack name from the root stack's URN when that is all there is", () => {
        const r = runCli(["audit", onlyStack, "--format", "json"]);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ stack: "staging", project: "shop", resources: 0 });
        expect(r.stderr).toMatch(/warning: the export has no resources/);
    });

    it("--strict fails on it", () => {
        const r = runCli(["audit", empty, "--strict", "--quiet"]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/nothing was checked \(fails with --strict\)/);
    });

    it("a program that registers nothing is warned about too, and fails with --strict", () => {
        const program = path.join(__dirname, "fixtures/programs/no-resources");
        const r = runCli(["preview", program, "--quiet"]);
        expect(r.code).toBe(0);
        expect(expectOneLine(r.stderr)).toBe("nhi-guard: warning: the program registered no resources: nothing was checked");
        expect(r.stdout).toMatch(/^passed: .*\(preview of \d+ resources?, stack dev,/);
        expect(runCli(["preview", program, "--quiet", "--strict"]).code).toBe(1);
    });

    it("a real export is not warned about", () => {
        const r = runCli(["audit", path.join(EXPORTS, "aws-ai-estate.json"), "--quiet"]);
        expect(r.stderr).toBe("");
    });
});

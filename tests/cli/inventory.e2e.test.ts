/** `nhi-guard inventory` on an export and on a program, as a user runs it. */
import * as path from "path";
import { EXPORTS, PROGRAMS, CliResult, expectOneLine, runCli } from "./cliHelpers";
import { expectGolden } from "./golden/golden";

const estate = path.relative(process.cwd(), path.join(EXPORTS, "aws-ai-estate.json"));
const NOW = "2026-01-15";
/** The access key's secret, shown in the export with `--show-secrets`: it must never be printed. */
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("inventory of an export", () => {
    const runs: Record<string, CliResult> = {};
    beforeAll(() => {
        for (const f of ["text", "json", "csv", "markdown", "html"]) runs[f] = runCli(["inventory", estate, "--now", NOW, "--format", f]);
    });

    it.each(["text", "json", "csv", "markdown", "html"])("matches the golden %s file, exits 0 and never prints the secret", (f) => {
        const run = runs[f];
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout).not.toContain(SECRET);
        expectGolden(`inventory.${f === "markdown" ? "md" : f === "text" ? "txt" : f}`, run.stdout);
    });

    it("links grants, secrets and credentials to their identity: by property dependency, by component, and by name", () => {
        const inv = JSON.parse(runs.json.stdout);
        const role = inv.identities.find((i: any) => i.name === "pr-reviewer-role");
        expect(role.attached.map((a: any) => [a.kind, a.name])).toEqual([
            ["grant", "pr-reviewer-grant-read-docs"], // propertyDependencies.role
            ["grant", "shadow-admin"], // no dependency: the role's name
            ["secret", "pr-reviewer-secret-anthropic"], // declared in the same component
        ]);
        expect(role).toMatchObject({ tool: "claude-code", owner: "platform-team", access: "read", expires: { at: "2099-12-31", daysLeft: 27013 } });
        expect(role.attached[0].grant).toMatchObject({ standing: false, ends: { at: "2099-12-31" } });
        expect(role.attached[1].grant.standing).toBe(true);
        expect(role.attached[1].findings.map((f: any) => f.policy)).toEqual(["nhi-no-standing-access", "nhi-least-privilege", "nhi-declared-access", "nhi-no-shadow-access"]);
        expect(role.attached[2].secret).toEqual({ rotationDays: 30, rotatedBy: [expect.stringMatching(/::pr-reviewer-secret-anthropic-rotation$/)] });
        const bot = inv.identities.find((i: any) => i.name === "legacy-bot");
        expect(bot.expires).toEqual({ at: "2020-01-01", daysLeft: -2206 });
        expect(bot.attached.map((a: any) => [a.name, a.credential?.longLived])).toEqual([["legacy-bot-key", true]]);
        expect(inv.unattached.map((u: any) => u.name)).toEqual(["orphan-policy"]);
        expect(inv.counts).toMatchObject({ identities: 2, expired: 1, standingGrants: 2, longLivedCredentials: 1, mandatory: 8 });
    });

    it("shows a secret-marked annotation as (secret), never its value", () => {
        const inv = JSON.parse(runs.json.stdout);
        const secret = inv.identities[0].attached.find((a: any) => a.kind === "secret");
        expect(secret.owner).toBe("(secret)");
        for (const f of ["text", "json", "csv", "markdown", "html"]) expect(runs[f].stdout).not.toContain("secrets-team");
    });

    it("escapes control characters and neutralises formulas", () => {
        expect(runs.text.stdout).not.toContain("\u001b");
        expect(runs.csv.stdout).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
        expect(runs.csv.stdout.split("\r\n")[0]).toBe("kind,type_label,name,urn,identity_urn,tool,owner,purpose,access,expires,days_left,detail,findings,policies");
        expect(runs.markdown.stdout).toContain("Reviews pull requests \\| &lt;b&gt;docs&lt;/b&gt; &#64;security-team");
        expect(runs.html.stdout).toContain("Reviews pull requests | &#60;b&#62;docs&#60;/b&#62; @security-team");
    });
});

describe("inventory of a program run offline", () => {
    it("reads the captured inputs, shows values unknown at preview as such, and links through property dependencies", () => {
        const run = runCli(["inventory", path.join(__dirname, "golden/programs/unknown-annotations"), "--format", "json", "--now", NOW]);
        expect([run.code, run.stderr]).toEqual([0, ""]);
        expect(run.stdout).not.toMatch(/04da6b54-80e4-46f7-96ec-b56ff0331ba9|1c4a061d-8072-4f0a-a4cb-0ff528b18fe7/);
        const inv = JSON.parse(run.stdout);
        expect(inv.source).toBe("preview");
        const [agent] = inv.identities;
        expect(agent).toMatchObject({ name: "agent", owner: "(unknown at preview)", tool: "claude-code", expires: { at: "2099-12-31" } });
        expect(agent.attached.map((a: any) => a.name)).toEqual(["agent-read"]);
        // The unknown owner is unverified; the known expiry (beyond the 365-day limit) is still judged.
        expect(agent.findings.map((f: any) => [f.policy, f.level])).toEqual([
            ["nhi-expiry-required", "mandatory"],
            ["nhi-owner-required", "unverified"],
        ]);
    });
});

describe("inventory progress", () => {
    it("reports reading progress to the progress line (shown on a terminal for large stacks)", async () => {
        const { buildInventory } = await import("../../cli/inventory/model");
        const resources = Array.from({ length: 50 }, (_, i) => ({ type: "aws:iam/role:Role", urn: `urn:pulumi:s::p::aws:iam/role:Role::r${i}`, name: `r${i}`, props: {} }));
        const report: any = { stack: "s", project: "p", policyPacks: [], violations: [], unverified: [], exemptions: { applied: [], expired: [] }, notes: [] };
        const seen: number[] = [];
        buildInventory(resources, report, { source: "audit", now: new Date(0), onRead: (done, total) => total === 50 && seen.push(done) });
        expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
});

describe("inventory: bad input is exit 2 with one line", () => {
    it.each([
        [["inventory", estate, "--now", "yesterday"], /^nhi-guard: `--now` is `yesterday`: use a UTC date `YYYY-MM-DD`/],
        [["inventory", estate, "--format", "sarif"], /^nhi-guard: `--format` is `sarif` for `inventory`: use one of text, json, csv, markdown, html$/],
        [["inventory"], /^nhi-guard: `inventory` takes export files, `-` for stdin, a program folder or a folder of exports/],
        [["inventory", "no-such.json"], /^nhi-guard: cannot read `no-such.json`: no such file$/],
        [["audit", estate, "--now", NOW], /^nhi-guard: `--now` only applies to `inventory`/],
    ])("%j", (args, message) => {
        const run = runCli(args as string[]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(message);
    });
});

/**
 * Capability drift end to end through the built CLI: a program written the way platform teams
 * write them (a helper for the role, getPolicyDocument, a loop, several files) against the
 * deployed stack's export. `preview --baseline` lists the access changes in every format and the
 * pack holds back the gated kinds; `baseline --capabilities` writes the same comparison into
 * policy config, so `pulumi preview --policy-pack-config` gates it without the gate.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROGRAMS, ROOT, expectOneLine, runCli } from "./cliHelpers";

const PROGRAM = path.join(PROGRAMS, "drift");
const PROD = path.join(ROOT, "tests/cli/fixtures/drift/prod.json");
const DRIFT = "nhi-approved-drift";

let tmp: string;
beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-drift-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const preview = (...args: string[]) => runCli(["preview", PROGRAM, "--stack", "prod", "--quiet", ...args]);
const driftViolations = (report: any) => report.violations.filter((v: any) => v.policy === DRIFT).map((v: any) => [v.urn.split("::").slice(2).join("::"), v.message]);

describe("preview --baseline", () => {
    let report: any;
    let markdown: string;
    let sarif: any;
    let code: number | null;
    beforeAll(() => {
        const json = path.join(tmp, "report.json");
        const md = path.join(tmp, "report.md");
        const sf = path.join(tmp, "report.sarif");
        const r = preview("--baseline", PROD, "-o", `json=${json}`, "-o", `markdown=${md}`, "-o", `sarif=${sf}`);
        code = r.code;
        if (!fs.existsSync(json)) throw new Error(`no report: ${r.stderr}`);
        report = JSON.parse(fs.readFileSync(json, "utf8"));
        markdown = fs.readFileSync(md, "utf8");
        sarif = JSON.parse(fs.readFileSync(sf, "utf8"));
    });

    test("the JSON report lists each access change with before and after", () => {
        expect(report.changes.map((c: any) => [c.kind, c.identity, c.tool])).toEqual([
            ["credential-added", "aws:iam/user:User::release-bot", "release-agent"],
            ["grant-widened", "aws:iam/role:Role::reviewer", "claude-code"],
            ["access-raised", "aws:iam/role:Role::reviewer", "claude-code"],
            ["expiry-extended", "aws:iam/role:Role::triage", "copilot-agent"],
            ["trust-widened", "aws:iam/role:Role::triage", "copilot-agent"],
        ]);
        const byKind = Object.fromEntries(report.changes.map((c: any) => [c.kind, c]));
        expect(byKind["access-raised"]).toMatchObject({ before: "read", after: "write", urn: "urn:pulumi:prod::drift::aws:iam/role:Role::reviewer" });
        expect(byKind["grant-widened"].after.actions).toEqual(["s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
        expect(byKind["grant-widened"].before.actions).toEqual(["s3:GetObject", "s3:ListBucket"]);
        expect(byKind["expiry-extended"]).toMatchObject({ before: "2027-03-31", after: "2027-09-30" });
        expect(byKind["trust-widened"]).toMatchObject({ before: ["repo:acme/app:environment:ai-triage"], after: ["repo:acme/app:ref:refs/heads/main"] });
        expect(byKind["credential-added"].location).toEqual({ file: "tests/cli/fixtures/programs/drift/index.ts", line: expect.any(Number), column: expect.any(Number) });
    });

    // The export also holds the reviewer's old copy pending delete (declaring write) and the bot's
    // key deleted before its replacement (pendingReplacement): neither exists, so neither counts as
    // deployed access, as the engine skips both.
    test("raising access and a new credential are mandatory until approved (the default gated kinds)", () => {
        expect(code).toBe(1);
        expect(driftViolations(report)).toEqual([
            ["aws:iam/user:User::release-bot", expect.stringMatching(/new credential `IAM access key aws:iam\/accessKey:AccessKey::release-bot-key` compared with the deployed baseline/)],
            ["aws:iam/role:Role::reviewer", expect.stringMatching(/declared access raised from `read` to `write`/)],
        ]);
    });

    test("the PR comment shows the access changes first, the gated ones marked", () => {
        const changes = markdown.indexOf("#### Access changes: 5 compared with the deployed stack");
        expect(changes).toBeGreaterThan(0);
        expect(changes).toBeLessThan(markdown.indexOf("#### Mandatory violations"));
        expect(markdown).toMatch(/\| access-raised \*\*\(needs approval\)\*\* \| aws:iam\/role:Role \*\*reviewer\*\*/);
        expect(markdown).toMatch(/\| trust-widened \| aws:iam\/role:Role \*\*triage\*\*/);
    });

    test("SARIF carries each change as a note under the gate's own rule", () => {
        const run = sarif.runs[0];
        const notes = run.results.filter((r: any) => r.ruleId === "nhi-guard/access-change");
        expect(notes).toHaveLength(5);
        expect(notes.every((n: any) => n.level === "note" && run.tool.driver.rules[n.ruleIndex].id === "nhi-guard/access-change")).toBe(true);
        expect(notes.map((n: any) => n.properties.kind)).toContain("trust-widened");
    });

    test("the text report shows the changes", () => {
        const r = runCli(["preview", PROGRAM, "--stack", "prod", "--baseline", PROD]);
        expect(r.stdout).toMatch(/^Access changes compared with the deployed stack: 5\n {2}\[credential-added\] \(needs approval\) aws:iam\/user:User release-bot \(tool release-agent\)/m);
        expect(r.stdout).toMatch(/\[expiry-extended\] aws:iam\/role:Role triage \(tool copilot-agent\)\n {6}expiry pushed out from 2027-03-31 to 2027-09-30/);
    });

    test("approvals recorded in config release the gated changes, and only those", () => {
        const config = path.join(tmp, "approvals.json");
        const approval = (identity: string, kind: string) => ({ identity, kind, approvedBy: "security-team", reason: "reviewed in the change ticket" });
        fs.writeFileSync(config, JSON.stringify({ [DRIFT]: { driftApprovals: [approval("aws:iam/role:Role::reviewer", "access-raised")] } }));
        const json = path.join(tmp, "approved.json");
        preview("--baseline", PROD, "--config", config, "-o", `json=${json}`);
        expect(driftViolations(JSON.parse(fs.readFileSync(json, "utf8")))).toEqual([["aws:iam/user:User::release-bot", expect.stringMatching(/new credential/)]]);
    });

    test("an unreadable baseline is bad input, one line", () => {
        const r = preview("--baseline", path.join(tmp, "missing.json"));
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(/cannot read `--baseline` file `.*missing\.json`: no such file/);
    });
});

describe("preview --baseline: resources", () => {
    test("a grant the deployed stack held on one prefix, now on the whole bucket, is a widened grant in every format", () => {
        // The deployed triage role could read only the bucket's public prefix; the program gives it the bucket.
        const exported = JSON.parse(fs.readFileSync(PROD, "utf8"));
        const triageDocs = exported.deployment.resources.find((r: any) => r.urn.endsWith("::aws:iam/rolePolicy:RolePolicy::triage-docs"));
        for (const props of [triageDocs.inputs, triageDocs.outputs]) {
            const doc = JSON.parse(props.policy);
            doc.Statement[0].Resource = ["arn:aws:s3:::acme-docs/public/*"];
            props.policy = JSON.stringify(doc, null, 2);
        }
        const narrow = path.join(tmp, "prod-narrow.json");
        fs.writeFileSync(narrow, JSON.stringify(exported));
        const json = path.join(tmp, "narrow.json");
        const md = path.join(tmp, "narrow.md");
        const sf = path.join(tmp, "narrow.sarif");
        const config = path.join(tmp, "gate-widened.json");
        fs.writeFileSync(config, JSON.stringify({ [DRIFT]: { approvalRequiredFor: ["grant-widened"] } }));
        const r = preview("--baseline", narrow, "--config", config, "-o", `json=${json}`, "-o", `markdown=${md}`, "-o", `sarif=${sf}`);
        const report = JSON.parse(fs.readFileSync(json, "utf8"));
        const triage = report.changes.filter((c: any) => c.kind === "grant-widened" && c.identity === "aws:iam/role:Role::triage");
        expect(triage).toHaveLength(1);
        expect(triage[0].summary).toBe("grant aws:iam/rolePolicy:RolePolicy::triage-docs widened: `s3:GetObject` now also on `arn:aws:s3:::acme-docs`, `arn:aws:s3:::acme-docs/*`");
        expect(triage[0].before.resources).toEqual({ "s3:GetObject": ["arn:aws:s3:::acme-docs/public/*"] });
        expect(triage[0].after.resources).toEqual({ "s3:GetObject": ["arn:aws:s3:::acme-docs", "arn:aws:s3:::acme-docs/*"] });
        // Gated by config: the pack holds it back like the default kinds.
        expect(r.code).toBe(1);
        expect(driftViolations(report)).toContainEqual(["aws:iam/role:Role::triage", expect.stringMatching(/grant aws:iam\/rolePolicy:RolePolicy::triage-docs widened: `s3:GetObject` now also on/)]);
        expect(fs.readFileSync(md, "utf8")).toMatch(/\| grant-widened \*\*\(needs approval\)\*\* \| aws:iam\/role:Role \*\*triage\*\*/);
        const notes = JSON.parse(fs.readFileSync(sf, "utf8")).runs[0].results.filter((n: any) => n.ruleId === "nhi-guard/access-change" && n.properties.kind === "grant-widened");
        expect(notes.map((n: any) => n.message.text).join("\n")).toMatch(/triage-docs widened: `s3:GetObject` now also on/);
        const text = runCli(["preview", PROGRAM, "--stack", "prod", "--baseline", narrow]).stdout;
        expect(text).toMatch(/\[grant-widened\] aws:iam\/role:Role triage \(tool copilot-agent\)\n {6}grant aws:iam\/rolePolicy:RolePolicy::triage-docs widened: `s3:GetObject` now also on/);
    });
});

describe("baseline --capabilities", () => {
    test("writes the deployed capabilities as policy config the pack compares with, merged into the existing config", () => {
        const config = path.join(tmp, "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "nhi-owner-required": { ownerPattern: "^[a-z-]+$" } }));
        const w = runCli(["baseline", "--capabilities", PROD, "--config", config]);
        expect(w.code).toBe(0);
        expect(w.stdout).toMatch(/^baseline: the capabilities of 3 identities of stack `prod` written to .*policy-config\.json as `nhi-approved-drift\.capabilityBaseline`/);
        const written = JSON.parse(fs.readFileSync(config, "utf8"));
        expect(written["nhi-owner-required"]).toEqual({ ownerPattern: "^[a-z-]+$" });
        expect(written[DRIFT].capabilityBaseline.identities.map((c: any) => c.identity)).toEqual(["aws:iam/role:Role::reviewer", "aws:iam/role:Role::triage", "aws:iam/user:User::release-bot"]);
        // Each grant carries what its actions are on, so the pack compares resources too.
        expect(written[DRIFT].capabilityBaseline.identities[1].grants["aws:iam/rolePolicy:RolePolicy::triage-docs"].resources).toEqual({ "s3:GetObject": ["arn:aws:s3:::acme-docs", "arn:aws:s3:::acme-docs/*"] });

        // Without --baseline: the pack alone compares (as under `pulumi preview --policy-pack-config`), and the report lists no changes.
        const json = path.join(tmp, "from-config.json");
        const r = preview("--config", config, "-o", `json=${json}`);
        expect(r.code).toBe(1);
        const report = JSON.parse(fs.readFileSync(json, "utf8"));
        expect(report.changes).toBeUndefined();
        expect(driftViolations(report).map((v: any) => v[0])).toEqual(["aws:iam/user:User::release-bot", "aws:iam/role:Role::reviewer"]);
    });

    test("a program folder is refused: the baseline is the deployed state", () => {
        const r = runCli(["baseline", "--capabilities", PROGRAM, "-o", path.join(tmp, "x.json")]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(/reads the deployed state: give a `pulumi stack export` file/);
    });
});

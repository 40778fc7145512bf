/**
 * `nhi-guard baseline`: an estate that predates the pack adopts it without switching it off. The
 * fixture is a legacy AWS estate (an AI tool role with no owner, no expiry, a wildcard trust and an
 * undated `s3:*` grant; a bot user with a static key). Baseline exempts exactly what fails today;
 * the written config then gates with the real CLI flow (`--config`, checked against the schemas the
 * pack announces), while anything new or any new finding on an old resource still fails.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TINY_PACK, PROGRAMS, expectOneLine, runCli } from "./cliHelpers";

const ESTATE = path.join(__dirname, "fixtures/baseline/legacy-estate.json");
const URN = "urn:pulumi:prod::legacy-estate::";
const EXPECTED = [
    ["nhi-owner-required", `${URN}aws:iam/role:Role::ci-assistant`],
    ["nhi-expiry-required", `${URN}aws:iam/role:Role::ci-assistant`],
    ["nhi-trust-pinned", `${URN}aws:iam/role:Role::ci-assistant`],
    ["nhi-expiry-required", `${URN}aws:iam/user:User::release-bot`],
    ["nhi-no-long-lived-credentials", `${URN}aws:iam/accessKey:AccessKey::release-bot-key`],
    ["nhi-no-standing-access", `${URN}aws:iam/rolePolicy:RolePolicy::ci-assistant-artifacts`],
    ["nhi-least-privilege", `${URN}aws:iam/rolePolicy:RolePolicy::ci-assistant-artifacts`],
];

const dayPlus = (days: number) => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
};

let dir: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-baseline-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const entries = (config: any) =>
    Object.entries<any>(config).flatMap(([policy, v]) => (v && typeof v === "object" && Array.isArray(v.exemptions) ? v.exemptions.map((e: any) => ({ key: policy, ...e })) : []));

/** The fixture with changes made after the baseline. */
function changedEstate(change: (resources: any[]) => void): string {
    const doc = JSON.parse(fs.readFileSync(ESTATE, "utf8"));
    change(doc.deployment.resources);
    const file = path.join(dir, `changed-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
}

describe("baseline of an existing estate", () => {
    let config: any;
    let file: string;
    let before: string;
    let after: string;

    /** Mandatory diagnostics before the baseline: a policy may report one resource more than once. */
    let findings: number;

    beforeAll(() => {
        const plain = runCli(["audit", ESTATE, "--format", "json"]);
        expect(plain.code).toBe(1);
        findings = JSON.parse(plain.stdout).counts.mandatory;
        file = path.join(dir, "policy-config.json");
        // An existing config: settings and a bare level that must survive the merge.
        fs.writeFileSync(file, JSON.stringify({ "nhi-short-sessions": { maxSessionSeconds: 7200 }, "nhi-trust-pinned": "mandatory" }, null, 2));
        before = dayPlus(90);
        const r = runCli(["baseline", ESTATE, "--config", file, "--approved-by", "platform-team", "--quiet"]);
        after = dayPlus(90);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^baseline: 7 exemptions written to .*policy-config\.json \(approved by platform-team, expire \d{4}-\d\d-\d\d\)/);
        config = JSON.parse(fs.readFileSync(file, "utf8"));
    });

    it("writes one exemption per existing mandatory finding: policy, exact URN, reason, approver, 90 days", () => {
        const written = entries(config);
        expect(written.map((e) => [e.policy, e.resource]).sort()).toEqual([...EXPECTED].sort());
        for (const e of written) {
            expect(e.key).toBe(e.policy);
            expect(e.approvedBy).toBe("platform-team");
            expect([before, after]).toContain(e.expires);
            expect(e.reason.length).toBeGreaterThanOrEqual(10);
            expect(e.resource).not.toMatch(/[*?]/);
        }
    });

    it("merges into the existing config instead of overwriting it", () => {
        expect(config["nhi-short-sessions"]).toEqual({ maxSessionSeconds: 7200 });
        expect(config["nhi-trust-pinned"].enforcementLevel).toBe("mandatory");
        expect(config["nhi-trust-pinned"].exemptions).toHaveLength(1);
    });

    it("the audit with the written config passes and lists every exemption with its deadline", () => {
        const r = runCli(["audit", ESTATE, "--config", file]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^passed: 0 mandatory, 0 advisory, 0 unverified, ${findings} exempted`, "m"));
        const exempted = r.stdout.split("\n").filter((l) => l.trim().startsWith("[exempted]"));
        expect([...new Set(exempted.map((l) => l.trim().replace("[exempted] ", "")))].sort()).toEqual([...new Set(EXPECTED.map(([p]) => p))].sort());
        expect(r.stdout.match(new RegExp(`approved by platform-team, expires ${before}T00:00:00Z|approved by platform-team, expires ${after}T00:00:00Z`, "g"))).toHaveLength(findings);
    });

    it("a new NHI is held to every policy: a second static key fails", () => {
        const estate = changedEstate((rs) => {
            const key = rs.find((r) => r.urn.endsWith("::release-bot-key"));
            rs.push({ ...key, urn: key.urn.replace("release-bot-key", "release-bot-key-2"), id: "AKIAEXAMPLEEXAMPLE02" });
        });
        const r = runCli(["audit", estate, "--config", file, "--format", "json"]);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout);
        expect(report.violations.filter((v: any) => v.enforcementLevel === "mandatory").map((v: any) => [v.policy, v.urn])).toEqual([
            ["nhi-no-long-lived-credentials", `${URN}aws:iam/accessKey:AccessKey::release-bot-key-2`],
        ]);
        expect(report.counts.exemptionsApplied).toBe(findings);
    });

    it("a grandfathered NHI that changes for the worse fails on the new finding", () => {
        const estate = changedEstate((rs) => {
            const role = rs.find((r) => r.urn.endsWith("::ci-assistant"));
            role.inputs.maxSessionDuration = 43200;
            role.outputs.maxSessionDuration = 43200;
        });
        const r = runCli(["audit", estate, "--config", file, "--format", "json"]);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout);
        // The existing 7200-second limit from the merged config still applies.
        expect(report.violations.map((v: any) => v.policy)).toEqual(["nhi-short-sessions"]);
        expect(report.violations[0].message).toMatch(/7200/);
    });

    it("run again on the same estate, it adds nothing and leaves the file as it was", () => {
        const text = fs.readFileSync(file, "utf8");
        const r = runCli(["baseline", ESTATE, "--config", file, "--approved-by", "platform-team", "--quiet"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^baseline: 0 exemptions written/);
        expect(r.stdout).toMatch(new RegExp(`${findings} findings were already exempted`));
        expect(fs.readFileSync(file, "utf8")).toBe(text);
    });
});

describe("baseline options", () => {
    it("--expires-in, --reason and --output", () => {
        const out = path.join(dir, "short.json");
        const r = runCli(["baseline", ESTATE, "--approved-by", "sec@example.com", "--expires-in", "30", "--reason", "Accepted until the Q3 migration", "-o", out, "--quiet"]);
        expect(r.code).toBe(0);
        const written = entries(JSON.parse(fs.readFileSync(out, "utf8")));
        expect(written).toHaveLength(7);
        expect(new Set(written.map((e) => e.expires)).size).toBe(1);
        expect([dayPlus(30), dayPlus(31)]).toContain(written[0].expires);
        expect(written.every((e) => e.reason === "Accepted until the Q3 migration" && e.approvedBy === "sec@example.com")).toBe(true);
    });

    it("merges into an existing --output file rather than overwriting it", () => {
        const out = path.join(dir, "existing-output.json");
        fs.writeFileSync(out, JSON.stringify({ "nhi-short-sessions": { maxSessionSeconds: 7200 } }));
        const r = runCli(["baseline", ESTATE, "--approved-by", "platform-team", "-o", out, "--quiet"]);
        expect(r.code).toBe(0);
        const written = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(written["nhi-short-sessions"]).toEqual({ maxSessionSeconds: 7200 });
        expect(entries(written)).toHaveLength(EXPECTED.length);
        // With a different --config, an existing output file is not silently replaced.
        const other = path.join(dir, "other.json");
        fs.writeFileSync(other, "{}");
        const clash = runCli(["baseline", ESTATE, "--approved-by", "platform-team", "--config", other, "-o", out]);
        expect(clash.code).toBe(2);
        expect(expectOneLine(clash.stderr)).toMatch(/^nhi-guard: `--output` file `.*existing-output\.json` exists and is not the `--config` file: merge into it with `--config/);
        expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual(written);
    });

    it("adds to the list under `all` when the config keeps its exemptions there (a policy's own list would replace it)", () => {
        const cfg = path.join(dir, "all.json");
        const kept = { policy: "nhi-expiry-required", resource: `${URN}aws:iam/user:User::release-bot`, reason: "Release bot is retired in INFRA-7", approvedBy: "ops", expires: "2030-01-01" };
        fs.writeFileSync(cfg, JSON.stringify({ all: { exemptions: [kept] } }));
        const r = runCli(["baseline", ESTATE, "--config", cfg, "--approved-by", "platform-team", "--quiet"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^baseline: ${EXPECTED.length - 1} exemptions written`));
        const written = JSON.parse(fs.readFileSync(cfg, "utf8"));
        expect(Object.keys(written)).toEqual(["all"]);
        expect(written.all.exemptions[0]).toEqual(kept);
        expect(written.all.exemptions).toHaveLength(EXPECTED.length);
        const audit = runCli(["audit", ESTATE, "--config", cfg, "--format", "json"]);
        expect(audit.code).toBe(0);
        expect(JSON.parse(audit.stdout).counts).toMatchObject({ mandatory: 0, exemptionsApplied: expect.any(Number) });
    });

    it("does not renew an expired exemption: that needs a person's new approval", () => {
        const cfg = path.join(dir, "expired.json");
        const expired = { policy: "nhi-no-long-lived-credentials", resource: `${URN}aws:iam/accessKey:AccessKey::release-bot-key`, reason: "Rotated by the old release tooling", approvedBy: "ops", expires: "2020-01-01" };
        fs.writeFileSync(cfg, JSON.stringify({ "nhi-no-long-lived-credentials": { exemptions: [expired] } }));
        const r = runCli(["baseline", ESTATE, "--config", cfg, "--approved-by", "platform-team", "--quiet"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^baseline: 6 exemptions written/);
        expect(r.stdout).toMatch(/1 finding with an expired exemption not renewed .*nhi-no-long-lived-credentials on .*release-bot-key/);
        const written = JSON.parse(fs.readFileSync(cfg, "utf8"));
        expect(written["nhi-no-long-lived-credentials"].exemptions).toEqual([expired]);
    });

    it("from a program folder: the preview with the written config passes", () => {
        const program = path.join(PROGRAMS, "estate");
        const out = path.join(dir, "program.json");
        const before = runCli(["preview", program, "--format", "json", "--quiet"]);
        expect(before.code).toBe(1);
        const failing = JSON.parse(before.stdout).violations.filter((v: any) => v.enforcementLevel === "mandatory");
        const r = runCli(["baseline", program, "--approved-by", "platform-team", "-o", out, "--quiet"]);
        expect(r.code).toBe(0);
        const pairs = new Set(failing.map((v: any) => `${v.policy} ${v.urn}`));
        expect(entries(JSON.parse(fs.readFileSync(out, "utf8"))).map((e) => `${e.policy} ${e.resource}`).sort()).toEqual([...pairs].sort());
        const after = runCli(["preview", program, "--config", out, "--format", "json", "--quiet"]);
        expect(after.code).toBe(0);
        expect(JSON.parse(after.stdout).counts).toMatchObject({ mandatory: 0, exemptionsApplied: failing.length });
    });

    it("says which findings it cannot exempt: a pack whose policies take no exemptions", () => {
        const out = path.join(dir, "tiny.json");
        const r = runCli(["baseline", path.join(PROGRAMS, "estate"), "--policy-pack", TINY_PACK, "--approved-by", "platform-team", "-o", out, "--quiet"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^baseline: 0 exemptions written/);
        expect(r.stdout).toMatch(/not exempted: tiny-\S+ on urn:pulumi:dev::\S+: the policy takes no exemptions/);
        expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual({});
    });

    it.each([
        [["baseline", ESTATE], /^nhi-guard: `baseline` needs `--approved-by NAME`/],
        [["baseline", ESTATE, "--approved-by", " "], /^nhi-guard: `--approved-by` is empty/],
        [["baseline", ESTATE, "--approved-by", "x", "--expires-in", "0"], /^nhi-guard: `--expires-in` is `0`: give a whole number of days from 1 to 365/],
        [["baseline", ESTATE, "--approved-by", "x", "--expires-in", "400"], /^nhi-guard: `--expires-in` is `400`/],
        [["baseline", ESTATE, "--approved-by", "x", "--expires-in", "9d"], /^nhi-guard: `--expires-in` is `9d`/],
        [["baseline", ESTATE, "--approved-by", "x", "--reason", "because"], /^nhi-guard: `--reason` must say why in at least 10 characters/],
        [["baseline", "--approved-by", "x"], /^nhi-guard: `baseline` takes one program folder or export file/],
        [["baseline", ESTATE, "--approved-by", "x", "--strict"], /^nhi-guard: `--strict` only applies to `preview`, `audit`/],
        [["audit", ESTATE, "--approved-by", "x"], /^nhi-guard: `--approved-by` only applies to `baseline`/],
    ])("bad usage %j is one line, exit 2", (args, message) => {
        const r = runCli(args as string[]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(message);
    });
});

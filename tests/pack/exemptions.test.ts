/**
 * Exemptions, config problems and fail-closed errors: what the wrapper every policy goes through
 * does, seen through real Analyze/AnalyzeStack requests.
 */
import { analyzeRequest, analyzeStackRequest, decodeAnalyzeResponse } from "../../cli/analyzer/protocol";
import { advisory, mandatory, of, resource, packPinnedAt } from "../helpers/pack";
import { NOW, T, document, role, rolePolicy } from "./estate";
import { globToRegExp, matchesResource } from "../../policy-packs/nhi-guard/src/glob";
import { toPackPolicy } from "../../policy-packs/nhi-guard/src/run";
import type { NhiPolicy } from "../../policy-packs/nhi-guard/src/policy";

const P = "nhi-no-long-lived-credentials";
const key = (name: string) => resource({ type: T.accessKey, name, props: { user: "bot" } });
const exemption = (over: Record<string, unknown> = {}) => ({ resource: "legacy-*", reason: "Vendor integration without OIDC until Q3", approvedBy: "security-team", expires: "2026-03-31", ...over });

const pack = packPinnedAt(NOW);

async function run(input = key("legacy-key")) {
    const ds = of(await pack.analyze(input), P);
    return { mandatory: mandatory(ds).map((d) => d.message), advisory: advisory(ds).map((d) => d.message) };
}

describe("exemptions", () => {
    test("an applied exemption turns the finding into an advisory `Exempted:` line with reason, approver and expiry", async () => {
        await pack.configure({ [P]: { exemptions: [exemption()] } });
        const out = await run();
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([
            'Exempted: IAM access key "legacy-key" is a long-lived credential that never expires; use federated trust (OIDC or workload identity) instead of a static credential [`exemptions[0]`: reason "Vendor integration without OIDC until Q3", approved by security-team, expires 2026-03-31T00:00:00Z]',
        ]);
    });
    test("it applies only to matching resources and only to its policy", async () => {
        await pack.configure({ all: { exemptions: [exemption({ policy: P })] } });
        expect((await run(key("new-key"))).mandatory).toHaveLength(1);
        expect((await run()).mandatory).toEqual([]);
        const ownerless = resource({ type: T.role, name: "legacy-role", props: { tags: {} } });
        expect(mandatory(of(await pack.analyze(ownerless), "nhi-owner-required"))).toHaveLength(1);
    });
    test("a URN pattern matches the URN", async () => {
        await pack.configure({ [P]: { exemptions: [exemption({ resource: "urn:pulumi:dev::estate::aws:iam/accessKey:AccessKey::*" })] } });
        expect((await run(key("any"))).mandatory).toEqual([]);
        await pack.configure({ [P]: { exemptions: [exemption({ resource: "urn:pulumi:prod::estate::*" })] } });
        expect((await run(key("any"))).mandatory).toHaveLength(1);
    });
    test.each([
        ["at its expiry instant", "2026-01-01T00:00:00Z"],
        ["a day before", "2025-12-31"],
    ])("an exemption that ended (%s) stops applying and says so", async (_why, expires) => {
        await pack.configure({ [P]: { exemptions: [exemption({ expires })] } });
        const out = await run();
        expect(out.mandatory).toEqual([expect.stringMatching(/^IAM access key "legacy-key" is a long-lived credential/)]);
        expect(out.advisory).toEqual([expect.stringMatching(/^Exemption expired: `exemptions\[0\]` \(reason "Vendor integration without OIDC until Q3", approved by security-team\) ended .*; the finding stands/)]);
    });
    test("one second before its expiry it still applies", async () => {
        await pack.configure({ [P]: { exemptions: [exemption({ expires: "2026-01-01T00:00:01Z" })] } });
        expect((await run()).mandatory).toEqual([]);
    });
    test.each([
        ["a short reason", { reason: "legacy" }, /`exemptions\[0\].reason` must say why in at least 10 characters/],
        ["no approver", { approvedBy: " " }, /`exemptions\[0\].approvedBy` is required/],
        ["an expiry that is no date", { expires: "next quarter" }, /`exemptions\[0\].expires` must be a UTC date/],
        ["a pattern that matches everything", { resource: "*" }, /matches every resource/],
        ["a misspelt policy", { policy: "nhi-no-long-lived-credential" }, /names no policy of this pack/],
    ])("an invalid exemption (%s) never applies and is reported", async (_why, over, message) => {
        await pack.configure({ [P]: { exemptions: [exemption(over)] } });
        const out = await run();
        expect(out.mandatory).toHaveLength(1);
        expect(out.advisory).toEqual([expect.stringMatching(new RegExp(`^Exemption invalid: it does not apply: .*${message.source}`))]);
    });
    test("exemptions that are not a list are a config problem, reported at the policy's level", async () => {
        await pack.configure({ [P]: { exemptions: { resource: "legacy-*" } } });
        const out = await run();
        expect(out.mandatory).toEqual(expect.arrayContaining([expect.stringMatching(/policy config `nhi-no-long-lived-credentials.exemptions` must be a list/)]));
    });
    test("stack policy findings are exempted by the URN they are reported on", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("legacy-grant", "reviewer", document({ actions: ["s3:GetObject"] }), { to: r });
        await pack.configure({ "nhi-no-standing-access": { exemptions: [exemption()] } });
        const ds = of(await pack.analyzeStack([r, rp]), "nhi-no-standing-access");
        expect(ds).toEqual([expect.objectContaining({ enforcementLevel: "advisory", urn: rp.urn, message: expect.stringMatching(/^Exempted: IAM role inline policy "legacy-grant" grants/) })]);
    });
});

describe("config problems", () => {
    test("an unusable limit is reported once per NHI and the default is used", async () => {
        await pack.configure({ "nhi-short-sessions": { maxSessionSeconds: "two hours" } });
        const ds = of(await pack.analyze(role("r", { maxSessionDuration: 7200 })), "nhi-short-sessions").map((d) => d.message);
        expect(ds).toEqual([
            "policy config `nhi-short-sessions.maxSessionSeconds` must be a whole number of seconds from 60 to 43200; fix it in the policy pack config (the default 3600 is used until then)",
            expect.stringMatching(/allows sessions of 7200 s, more than 3600 s/),
        ]);
        expect(of(await pack.analyze(resource({ type: T.bucket, name: "b" })), "nhi-short-sessions")).toEqual([]);
    });
});

describe("fail closed", () => {
    const exploding = (message: string): NhiPolicy => ({
        name: "nhi-test-exploding",
        description: "Checks that a check that throws is reported, not crashed on.",
        enforcementLevel: "mandatory",
        severity: "high",
        framework: "NHI5",
        tags: ["owasp-asi:ASI03"],
        remediationSteps: "None: test only.",
        options: [],
        validateResource: () => {
            throw new SyntaxError(message);
        },
        validateStack: () => {
            throw new TypeError(message);
        },
    });
    const { makeAnalyzeRpcFun, makeAnalyzeStackRpcFun } = require("@pulumi/policy/server");
    const rpc = (fn: any, request: unknown) => new Promise<any>((res, rej) => fn({ request }, (e: unknown, r: unknown) => (e ? rej(e) : res(decodeAnalyzeResponse(r)))));

    test("a throwing resource check reports 'could not be analysed' at its level, without echoing values", async () => {
        const policy = toPackPolicy(exploding(`Unexpected token 'A', "AKIAIOSFODNN7EXAMPLE" is not valid JSON`), new Set());
        const out = await rpc(makeAnalyzeRpcFun("nhi-guard", "0.0.0", "advisory", [policy]), analyzeRequest(key("k")));
        expect(out.diagnostics).toEqual([
            expect.objectContaining({
                enforcementLevel: "mandatory",
                message: "IAM access key \"k\" could not be analysed (SyntaxError: Unexpected token …, … is not valid JSON), so `nhi-test-exploding` cannot show it complies; check its inputs, or report the error to the nhi-guard maintainers",
            }),
        ]);
    });
    test("a throwing stack check reports on the stack, and credential shapes in error text are redacted", async () => {
        const policy = toPackPolicy(exploding("cannot read AKIAIOSFODNN7EXAMPLE"), new Set());
        const out = await rpc(makeAnalyzeStackRpcFun("nhi-guard", "0.0.0", "advisory", [policy]), analyzeStackRequest([key("k")]));
        expect(out.diagnostics).toHaveLength(1);
        expect(out.diagnostics[0]).toMatchObject({ enforcementLevel: "mandatory", urn: "" });
        expect(out.diagnostics[0].message).toMatch(/^The stack could not be analysed \(TypeError: cannot read \[redacted AWS access key ID\]\)/);
        expect(out.diagnostics[0].message).not.toContain("AKIA");
    });
});

describe("glob", () => {
    test.each([
        ["legacy-*", "legacy-key", true],
        ["legacy-*", "new-legacy-key", false],
        ["key-?", "key-1", true],
        ["key-?", "key-10", false],
        ["a.b", "aXb", false],
        ["(x)", "(x)", true],
        ["**", "anything::with$chars/and:colons", true],
    ])("%s against %s is %s", (pattern, subject, expected) => {
        expect(globToRegExp(pattern).test(subject)).toBe(expected);
    });
    test("URN patterns match URNs, other patterns names", () => {
        const urn = "urn:pulumi:dev::estate::nhi-guard:aws:AiToolIdentity$aws:iam/role:Role::reviewer";
        expect(matchesResource("urn:pulumi:dev::estate::*::reviewer", urn, "reviewer")).toBe(true);
        expect(matchesResource("urn:pulumi:dev::estate::*::review", urn, "reviewer")).toBe(false);
        expect(matchesResource("review*", urn, "reviewer")).toBe(true);
        expect(matchesResource("*aws*", urn, "reviewer")).toBe(false);
    });
    test("a long run of stars stays fast", () => {
        const t0 = Date.now();
        globToRegExp("*".repeat(500) + "x").test("a".repeat(5000));
        expect(Date.now() - t0).toBeLessThan(1000);
    });
});

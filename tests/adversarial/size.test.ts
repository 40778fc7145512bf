/**
 * Size: huge documents, huge policies and deep nesting are answered within bounded time, and what
 * cannot be read fails closed. Deep nesting is sent to every reader of every catalogued type, the
 * redaction, the plaintext scan and every report format; the gate's own wire conversion is covered
 * in tests/hardening/malformed.test.ts (10,000 levels are refused as bad input).
 */
import { catalogueTokens, readFacts } from "../../contract/catalogue";
import { parsePolicyDocument } from "../../contract/aws/policyDocument";
import { findCredential, redactCredentials } from "../../policy-packs/nhi-guard/src/redact";
import { buildReport } from "../../cli/report/model";
import { formatNames, reporterFor } from "../../cli/report/formats";
import type { Diagnostic } from "../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, pinClock, resource, type PackHarness } from "../helpers/pack";
import { NOW, T } from "../pack/estate";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

function deep(levels: number, leaf: unknown = "x"): unknown {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { a: v, b: [v === leaf ? leaf : "y"] };
    return v;
}

const timed = <T>(f: () => T, ms: number): T => {
    const t0 = Date.now();
    const r = f();
    expect(Date.now() - t0).toBeLessThan(ms);
    return r;
};

const governed = (policy: unknown) => resource({ type: T.rolePolicy, name: "big", parent: component("tool"), props: { role: "tool", policy } });

describe("huge policy documents, through Analyze", () => {
    const statement = (i: number) => ({ Sid: `S${i}`, Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } } });
    test.each([
        ["a 1 MB JSON document", () => JSON.stringify({ Statement: [statement(0)], Padding: "x".repeat(1_000_000) })],
        ["10,000 statements as JSON text", () => JSON.stringify({ Statement: Array.from({ length: 10_000 }, (_, i) => statement(i)) })],
        ["10,000 statements as an object", () => ({ Statement: Array.from({ length: 10_000 }, (_, i) => statement(i)) })],
        ["100 statements of 300 wildcard actions each, as an object", () => ({ Statement: Array.from({ length: 100 }, (_, i) => ({ ...statement(i), Action: Array.from({ length: 300 }, (_, k) => `s${k}:Get*`) })) })],
    ])("%s cannot be read, so it fails closed, quickly", async (_why, make) => {
        const t0 = Date.now();
        const result = await pack.analyze(governed(make()));
        // Bounded by the wire (10,000 statements are 10 MB of protobuf), not by the readers.
        expect(Date.now() - t0).toBeLessThan(15_000);
        for (const policy of ["nhi-least-privilege", "nhi-no-standing-access"]) {
            expect(mandatory(of(result, policy)).map((d) => d.message)).toEqual([expect.stringMatching(/cannot be read \(the document (is longer than|has more than)/)]);
        }
    });
    test("control: 800 statements that fit the limits are read and pass", async () => {
        const doc = JSON.stringify({ Statement: Array.from({ length: 800 }, (_, i) => statement(i)) });
        expect(doc.length).toBeLessThan(131_072);
        const result = await pack.analyze(governed(doc));
        expect(mandatory(of(result, "nhi-least-privilege"))).toEqual([]);
        expect(mandatory(of(result, "nhi-no-standing-access"))).toEqual([]);
    });
    test("1,000 x 1,000 wildcard actions are refused by the parser in bounded time", () => {
        const doc = { Statement: Array.from({ length: 1_000 }, (_, i) => ({ Effect: "Allow", Action: Array.from({ length: 1_000 }, (_, k) => `s${i}:G*${k}`), Resource: "*" })) };
        const parsed = timed(() => parsePolicyDocument(doc), 5000);
        expect(parsed.statements).toEqual([]);
        expect(parsed.problems).toEqual([expect.stringMatching(/more than 20000 actions/)]);
    });
});

describe("deep nesting", () => {
    const LEVELS = 10_000;
    const value = deep(LEVELS);
    test("every reader of every catalogued type answers (or fails closed) on 10,000-level values in any property", () => {
        const props: Record<string, unknown> = {};
        for (const p of ["tags", "tagsAll", "labels", "policy", "assumeRolePolicy", "inlinePolicies", "description", "notes", "condition", "role", "members", "policyData", "properties", "scheduleInfo", "bypassActors", "rules", "reviewers", "rotation", "rotationRules", "environmentVariables", "oauth2ProviderConfig", "value", "subject", "issuer", "audiences", "attributeCondition", "scope", "roleDefinitionId", "endDate", "target", "enforcement", "requiredPullRequestReviews", "maxSessionDuration", "title", "source", "roleArns"]) props[p] = value;
        const tokens = catalogueTokens();
        expect(tokens.length).toBeGreaterThan(50);
        timed(() => {
            for (const { token } of tokens) {
                try {
                    readFacts(token, props);
                } catch (e) {
                    // A reader may refuse a value it cannot read, but never by overflowing the stack.
                    expect([token, (e as Error).constructor.name]).not.toEqual([token, "RangeError"]);
                    throw new Error(`${token}: ${(e as Error).message}`);
                }
            }
        }, 5000);
    });
    test("the plaintext scan answers on nested tags and still finds a key near the top", async () => {
        // 600 levels stay under what the protobuf encoding can carry; the scan stops at depth 16 by itself.
        const nested = { "nhi:owner": "platform-team", deep: deep(600), token: "ghp_" + "Qz7RvW9xKp5mNt3LbH8jA1b2C3d4E5f6G7h8" }; // 36 characters, entropy above gitleaks' 3 bits
        const t0 = Date.now();
        const result = await pack.analyze(resource({ type: T.bucket, name: "b", props: { tags: nested } }));
        expect(Date.now() - t0).toBeLessThan(5000);
        expect(mandatory(of(result, "nhi-no-plaintext-secrets")).map((d) => d.message)).toEqual([expect.stringMatching(/`tags\.token` holds what looks like a GitHub personal access token \(ending `…G7h8`\)/)]);
        expect(advisory(of(result, "nhi-no-plaintext-secrets"))).toEqual([]);
    });
    test("redaction is linear on near-miss inputs (no catastrophic backtracking)", () => {
        const nearMisses = [
            "sk-ant-" + "a".repeat(1_000_000) + "!",
            "-----BEGIN " + "A ".repeat(300_000) + "PUBLIC KEY-----",
            "-----BEGIN " + "A".repeat(1_000_000),
            "github_pat_" + "_".repeat(1_000_000),
            "AKIA".repeat(250_000),
            "xoxb-" + "-".repeat(1_000_000),
            ("sk-" + "a".repeat(19) + " ").repeat(40_000),
        ];
        for (const s of nearMisses) {
            timed(() => redactCredentials(s), 2000);
            timed(() => findCredential(s), 2000);
        }
    });
});

describe("reports stay bounded", () => {
    test("every format renders 5,000 findings with a 100 kB message and control characters in time", () => {
        const d = (i: number): Diagnostic => ({
            policyName: "nhi-least-privilege",
            policyPackName: "nhi-guard",
            policyPackVersion: "0.1.0",
            enforcementLevel: i % 2 ? "mandatory" : "advisory",
            message: i === 0 ? "x\u001b[2J\u202e".repeat(33_000) : `finding ${i} \u0007 <b>|</b>`,
            urn: "",
            description: "d",
            severity: 3,
        });
        const urns = Array.from({ length: 5_000 }, (_, i) => `urn:pulumi:dev::p::aws:iam/role:Role::r${i}`);
        const report = buildReport(
            urns.map((u, i) => ({ diagnostic: d(i), requestUrn: u })),
            { command: "audit", stack: "dev", project: "p", packs: [{ name: "nhi-guard", version: "0.1.0", policies: [], initialConfig: {} }], resources: 5_000, stackUrns: urns },
        );
        for (const f of formatNames()) {
            const out = timed(() => reporterFor(f)!.render(report, { color: false, strict: true }), 5000);
            expect([f, out.includes("\u001b[2J")]).toEqual([f, false]);
        }
    });
});

/**
 * The secret scanner on its own: the generated rules are current against gitleaks and each compiles
 * in JavaScript with the RE2 meaning kept; every kind issue 16 lists is found in every place a
 * string can hold it (plain, JSON, YAML, shell, key=value, base64), placeholders are not, and no
 * result carries more than the last four characters.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { GENERATED_RULES, GITLEAKS_SOURCE } from "../../../contract/secrets/rules.generated";
import { isPlaceholder, redactText, scanString } from "../../../contract/secrets/scan";
import { findSecrets } from "../../../contract/secrets/walk";
import { KEYS, pem, rand } from "./keys";

const ROOT = path.resolve(__dirname, "../../..");
const GITLEAKS = "/work/.mirror/gitleaks+gitleaks/repo";

describe("the generated rules", () => {
    (fs.existsSync(GITLEAKS) ? test : test.skip)("are what the generator gives from gitleaks and the installed SDKs (--check)", () => {
        expect(() => execFileSync(process.execPath, [path.join(ROOT, "scripts/generate-secret-rules.js"), "--check", "--gitleaks", GITLEAKS], { stdio: "pipe" })).not.toThrow();
    });

    test("record their source, version, commit and licence", () => {
        expect(GITLEAKS_SOURCE).toEqual({ repository: "https://github.com/gitleaks/gitleaks", version: expect.stringMatching(/^v\d+\.\d+\.\d+$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/), licence: "MIT" });
        const head = fs.readFileSync(path.join(ROOT, "contract/secrets/rules.generated.ts"), "utf8").split("\n").slice(0, 4).join("\n");
        expect(head).toContain(GITLEAKS_SOURCE.commit);
        expect(head).toContain("MIT");
    });

    test.each(GENERATED_RULES.map((r) => [r.id, r] as const))("%s compiles, has prefilter keywords, and no RE2-only syntax is left", (_id, r) => {
        expect(() => new RegExp(r.source, r.flags)).not.toThrow();
        expect(r.keywords.length).toBeGreaterThan(0);
        expect(r.source).not.toMatch(/\(\?[imsU-]+[:)]|\(\?P<|\\z|\[\[:/);
    });

    test("(?i:...) groups keep their meaning: both cases inside, exact case outside", () => {
        const hf = GENERATED_RULES.find((r) => r.id === "huggingface-access-token")!;
        const re = new RegExp(hf.source, hf.flags);
        const body = rand(34, "bcdfghjklmnpqrstvwz");
        expect(re.test(`hf_${body} `)).toBe(true);
        expect(re.test(`hf_${body.toUpperCase()} `)).toBe(true);
        expect(re.test(`HF_${body} `)).toBe(false);
    });
});

describe("every listed kind, in every place a string holds it", () => {
    const places: [string, (key: string) => string][] = [
        ["alone", (k) => k],
        ["in a sentence", (k) => `use ${k} for the agent`],
        ["in JSON", (k) => JSON.stringify({ env: [{ name: "TOKEN", value: k }] })],
        ["in YAML", (k) => `env:\n  - name: TOKEN\n    value: "${k}"\n`],
        ["in a shell script", (k) => `#!/bin/sh\nexport TOKEN='${k}'\nexec agent\n`],
        ["as key=value", (k) => `TOKEN=${k}\nOTHER=1`],
        ["base64-encoded", (k) => Buffer.from(`#!/bin/bash\nTOKEN=${k}\n`).toString("base64")],
    ];
    const cases = Object.keys(KEYS).flatMap((kind) => places.map(([where, put]) => [kind, where, put] as const));
    test.each(cases)("%s %s", (kind, where, put) => {
        const key = KEYS[kind]();
        const m = scanString(put(key));
        expect(m?.kind).toBe(kind);
        expect(m?.encoded ?? false).toBe(where === "base64-encoded");
        // At most the last four characters; none for passwords in URLs.
        expect(JSON.stringify(m)).not.toContain(key.slice(-12, -4));
    });

    test.each(["RSA", "EC", "DSA", "OPENSSH", "ENCRYPTED", "PGP", ""])("a %s private key, without any characters in the result", (label) => {
        const m = scanString(label === "PGP" ? `-----BEGIN PGP PRIVATE KEY BLOCK-----\n${rand(80)}\n-----END PGP PRIVATE KEY BLOCK-----` : pem(label));
        expect(m).toEqual({ kind: "private key" });
    });
});

describe("not findings", () => {
    test.each([
        ["sk-..."],
        ["<your-key>"],
        ["sk-ant-api03-<your-key-here>"],
        ["AKIAIOSFODNN7EXAMPLE"],
        ["ghp_" + "x".repeat(36)],
        ["ghp_" + "0".repeat(36)],
        ["sk-ant-api03-" + "X".repeat(93) + "AA"],
        ["postgres://user:${DB_PASSWORD}@host/db"],
        ["postgres://user:<password>@host/db"],
        ["export GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}"],
        ["arn:aws:iam::123456789012:role/ai-tool-reviewer"],
        ["https://token.actions.githubusercontent.com"],
        [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" } }] })],
        ["the key to the monkey's survey"],
    ])("%s", (value) => {
        expect(scanString(value)).toBeUndefined();
    });

    test("placeholders are recognised as such, random keys are not", () => {
        expect(isPlaceholder("your-api-key-here")).toBe(true);
        expect(isPlaceholder("a".repeat(40))).toBe(true);
        expect(isPlaceholder(KEYS["GitHub personal access token"]())).toBe(false);
    });
});

describe("properties", () => {
    const kinds = Object.keys(KEYS);
    /** A position in a resource's inputs: nested maps and lists, JSON strings, base64 scripts, key=value text. */
    const position = fc.oneof(
        fc.constant((k: string) => ({ tags: { t: k } })),
        fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/), fc.nat(3)).map(([name, n]) => (k: string) => {
            let v: unknown = k;
            for (let i = 0; i < n; i++) v = i % 2 ? [v] : { [name]: v };
            return { [name]: v };
        }),
        fc.constant((k: string) => ({ containerDefinitions: JSON.stringify([{ name: "c", environment: [{ name: "X", value: k }] }]) })),
        fc.constant((k: string) => ({ userDataBase64: Buffer.from(`#cloud-config\nruncmd:\n  - echo ${k} > /etc/token\n`).toString("base64") })),
        fc.constant((k: string) => ({ settings: `A=1\nTOKEN=${k}\nB=2` })),
    );

    test("a generated key in a generated position is found once, by kind, and no result repeats it", () => {
        fc.assert(
            fc.property(fc.constantFrom(...kinds), position, (kind, put) => {
                const key = KEYS[kind]();
                const hits = findSecrets(put(key) as Record<string, unknown>);
                expect(hits.map((h) => h.kind)).toEqual([kind]);
                expect(JSON.stringify(hits)).not.toContain(key.slice(-12, -4));
            }),
            { numRuns: 200 },
        );
    });

    test("any text scans without throwing, and redaction never leaves a found key in the text", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...kinds), fc.string({ maxLength: 40 }), (before, kind, after) => {
                const key = KEYS[kind]();
                expect(() => scanString(before + after)).not.toThrow();
                const text = `${before} ${key} ${after}`;
                if (scanString(text) && !/URL|connection/.test(kind)) expect(redactText(text)).not.toContain(key);
            }),
            { numRuns: 200 },
        );
    });
});

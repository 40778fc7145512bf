/**
 * Policy config is checked against what each pack announces in GetAnalyzerInfo, before analysis.
 * The schemas come from the packs themselves, served as the CLI serves them (the bundled pack and
 * the tiny fixture pack), so the check follows the pack rather than a copy of its options. The
 * config examples in the docs are checked the same way, and their exemptions must not have expired.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PackHost } from "../../cli/analyzer/packHost";
import type { AnalyzerInfo } from "../../cli/analyzer/protocol";
import { checkPolicyConfig, nearest } from "../../cli/config";
import { schemaProblem } from "../../cli/config/jsonSchema";
import { PACK_DIR } from "../helpers/pack";
import { ROOT, TINY_PACK, expectOneLine, runCli } from "./cliHelpers";
import * as fc from "fast-check";

let nhi: AnalyzerInfo;
let tiny: AnalyzerInfo;
beforeAll(async () => {
    const hosts = await Promise.all([PackHost.start(PACK_DIR, { dryRun: true }), PackHost.start(TINY_PACK, { dryRun: true })]);
    try {
        [nhi, tiny] = await Promise.all(hosts.map((h) => h.getAnalyzerInfo()));
    } finally {
        await Promise.all(hosts.map((h) => h.stop()));
    }
}, 60000);

const problem = (config: any, infos = [nhi]) => {
    try {
        checkPolicyConfig(config, infos, "cfg.json");
        return undefined;
    } catch (e: any) {
        return e.message as string;
    }
};

describe("the JSON-schema subset", () => {
    const schema = {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
            name: { type: "string", minLength: 2, maxLength: 5, pattern: "^[a-z]+$" },
            count: { type: "integer", minimum: 1, maximum: 10 },
            ratio: { type: ["number", "null"], exclusiveMinimum: 0 },
            mode: { enum: ["a", "b"] },
            tags: { type: "array", maxItems: 2, items: { type: "string" } },
            either: { anyOf: [{ type: "string" }, { type: "boolean" }] },
        },
    };
    it.each<[unknown, string | undefined]>([
        [{ name: "abc" }, undefined],
        [{ name: "abc", count: 10, ratio: null, mode: "b", tags: ["x"], either: true }, undefined],
        [{}, "`c.name` is required"],
        [{ name: 3 }, "`c.name` is 3: it must be a string"],
        [{ name: "a" }, "`c.name` must be at least 2 characters long"],
        [{ name: "abcdef" }, "`c.name` must be at most 5 characters long"],
        [{ name: "AB" }, '`c.name` is "AB": it must match `^[a-z]+$`'],
        [{ name: "ab", count: 1.5 }, "`c.count` is 1.5: it must be a whole number"],
        [{ name: "ab", count: "3" }, '`c.count` is "3": it must be a whole number'],
        [{ name: "ab", count: 0 }, "`c.count` is 0: it must be at least 1"],
        [{ name: "ab", count: 11 }, "`c.count` is 11: it must be at most 10"],
        [{ name: "ab", ratio: 0 }, "`c.ratio` is 0: it must be more than 0"],
        [{ name: "ab", ratio: "x" }, '`c.ratio` is "x": it must be a number or `null`'],
        [{ name: "ab", mode: "c" }, '`c.mode` is "c": use one of `"a"`, `"b"`'],
        [{ name: "ab", tags: ["x", 2] }, "`c.tags[1]` is 2: it must be a string"],
        [{ name: "ab", tags: ["x", "y", "z"] }, "`c.tags` must have at most 2 items"],
        [{ name: "ab", either: 1 }, "`c.either` is 1: it must be a string"],
        [{ name: "ab", extra: 1 }, "`c.extra` is not a known field: use `name`, `count`, `ratio`, `mode`, `tags`, `either`"],
        [[], "`c` is []: it must be an object"],
    ])("%j", (value, expected) => {
        const p = schemaProblem(value, schema, "c");
        if (expected === undefined) expect(p).toBeUndefined();
        else expect(p).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    });

    it("suggests a near name only when it is plausibly a typo", () => {
        expect(nearest("nhi-owner-requried", ["nhi-owner-required", "nhi-expiry-required"])).toBe("nhi-owner-required");
        expect(nearest("maxsessionseconds", ["maxSessionSeconds"])).toBe("maxSessionSeconds");
        expect(nearest("completely-different", ["nhi-owner-required"])).toBeUndefined();
    });
});

describe("properties, against every option schema the bundled pack announces", () => {
    const options = () => nhi.policies.flatMap((p) => Object.entries<any>(p.configSchema?.properties ?? {}).map(([k, schema]) => ({ policy: p.name, key: k, schema })));

    it("never throws, whatever the value, and says the path when it refuses", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 1000 }), fc.jsonValue(), (i, value) => {
                const o = options()[i % options().length];
                const p = schemaProblem(value, o.schema, `${o.policy}.${o.key}`);
                return p === undefined || p.startsWith(`\`${o.policy}.${o.key}`);
            }),
            { numRuns: 500 },
        );
    });

    it("refuses every whole number outside a numeric option's range, and accepts every one inside", () => {
        const ranged = options().filter((o) => o.schema.type === "integer" && typeof o.schema.minimum === "number" && typeof o.schema.maximum === "number");
        expect(ranged.length).toBeGreaterThan(3);
        fc.assert(
            fc.property(fc.constantFrom(...ranged), fc.integer({ min: -100000, max: 100000 }), (o, n) => {
                const inside = n >= o.schema.minimum && n <= o.schema.maximum;
                return (problem({ [o.policy]: { [o.key]: n } }) === undefined) === inside;
            }),
            { numRuns: 300 },
        );
    });
});

describe("config checked against the bundled pack's announced schemas", () => {
    it("accepts what the pack documents", () => {
        expect(
            problem({
                all: "mandatory",
                "nhi-short-sessions": { enforcementLevel: "advisory", maxSessionSeconds: 1800, scope: "all" },
                "nhi-expiry-required": { maxLifetimeDays: 180, exemptions: [{ resource: "legacy-*", reason: "Migration in INFRA-1", approvedBy: "sec", expires: "2030-01-01" }] },
                "nhi-owner-required": "disabled",
            }),
        ).toBeUndefined();
    });

    it.each<[any, RegExp]>([
        [{ "nhi-owner-requried": "mandatory" }, /^`nhi-owner-requried` is not a policy of nhi-guard@\S+: did you mean `nhi-owner-required`\? \(in `--config` file `cfg.json`\)$/],
        [{ "no-such-policy": "mandatory" }, /^`no-such-policy` is not a policy of nhi-guard@\S+: `nhi-guard policies` lists the names/],
        [{ "nhi-short-sessions": { maxSessionSecond: 1800 } }, /^`nhi-short-sessions.maxSessionSecond` is not an option of `nhi-short-sessions`: did you mean `maxSessionSeconds`\?/],
        [{ "nhi-short-sessions": { maxLifetimeDays: 10 } }, /^`nhi-short-sessions.maxLifetimeDays` is not an option of `nhi-short-sessions`: use one of `exemptions`, `maxSessionSeconds`, `scope`/],
        [{ "nhi-short-sessions": { maxSessionSeconds: "1800" } }, /^`nhi-short-sessions.maxSessionSeconds` is "1800": it must be a whole number/],
        [{ "nhi-short-sessions": { maxSessionSeconds: 30 } }, /^`nhi-short-sessions.maxSessionSeconds` is 30: it must be at least 60/],
        [{ "nhi-short-sessions": { scope: "everything" } }, /^`nhi-short-sessions.scope` is "everything": use one of `"ai-tools"`, `"all"`/],
        [{ "nhi-expiry-required": { exemptions: {} } }, /^`nhi-expiry-required.exemptions` is \{\}: it must be a list/],
        [{ "nhi-expiry-required": { exemptions: [{ resource: "x", reason: "short", approvedBy: "a", expires: "2030-01-01" }] } }, /^`nhi-expiry-required.exemptions\[0\].reason` must be at least 10 characters long/],
        [{ "nhi-expiry-required": { enforcementLevel: "strict" } }, /^`nhi-expiry-required.enforcementLevel` is `strict`: use one of advisory, mandatory, remediate, disabled/],
        [{ "nhi-expiry-required": "blocking" }, /^`nhi-expiry-required` is `blocking`: use one of advisory/],
        [{ "nhi-expiry-required": 3 }, /^`nhi-expiry-required` must be an enforcement level/],
        [{ all: { maxSessionSeconds: "long" } }, /^`all.maxSessionSeconds` is "long": it must be a whole number/],
        [{ all: { maxSesionSeconds: 60 } }, /^`all.maxSesionSeconds` is not an option of any policy: did you mean `maxSessionSeconds`\?/],
    ])("%j", (config, message) => {
        expect(problem(config)).toMatch(message);
    });
});

describe("any pack: the tiny fixture pack's own schema", () => {
    it("checks its option and knows its policy names", () => {
        expect(problem({ "tiny-max-name-length": { maxLength: 12 } }, [tiny])).toBeUndefined();
        expect(problem({ "tiny-max-name-length": { maxLength: "12" } }, [tiny])).toMatch(/^`tiny-max-name-length.maxLength` is "12": it must be a number/);
        expect(problem({ "tiny-max-name-lenght": "advisory" }, [tiny])).toMatch(/did you mean `tiny-max-name-length`\?/);
        // With two packs, a name from either is known.
        expect(problem({ "tiny-max-name-length": "advisory", "nhi-owner-required": "advisory" }, [nhi, tiny])).toBeUndefined();
    });

    it("a policy without a config schema takes no options", () => {
        const bare = tiny.policies.find((p) => !Object.keys(p.configSchema?.properties ?? {}).length);
        expect(bare).toBeDefined();
        expect(problem({ [bare!.name]: { anything: 1 } }, [tiny])).toMatch(new RegExp(`^\`${bare!.name}.anything\`: \`${bare!.name}\` takes no options`));
    });
});

describe("through the CLI", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-config-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, doc: unknown) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, JSON.stringify(doc));
        return f;
    };
    const estate = path.join(__dirname, "fixtures/baseline/legacy-estate.json");

    it("a misspelt policy is exit 2 before anything is analysed, not silently ignored", () => {
        const cfg = file("typo.json", { "nhi-owner-requried": "advisory" });
        const r = runCli(["audit", estate, "--config", cfg]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toBe(`nhi-guard: \`nhi-owner-requried\` is not a policy of nhi-guard@${nhi.version}: did you mean \`nhi-owner-required\`? (in \`--config\` file \`${cfg}\`)`);
    });

    it("a wrong-typed value is exit 2, not one violation per resource", () => {
        const cfg = file("type.json", { "nhi-expiry-required": { maxLifetimeDays: "365" } });
        const r = runCli(["audit", estate, "--config", cfg, "--format", "json"]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toMatch(/^nhi-guard: `nhi-expiry-required.maxLifetimeDays` is "365": it must be a whole number/);
    });

    it("the same for a pack given with --policy-pack, in preview", () => {
        const cfg = file("tiny.json", { "tiny-max-name-length": { maxLen: 3 } });
        const r = runCli(["preview", path.join(__dirname, "fixtures/programs/estate"), "--policy-pack", TINY_PACK, "--config", cfg, "--quiet"]);
        expect(r.code).toBe(2);
        expect(expectOneLine(r.stderr)).toMatch(/^nhi-guard: `tiny-max-name-length.maxLen` is not an option of `tiny-max-name-length`: did you mean `maxLength`\?/);
    });
});

describe("config examples in the docs", () => {
    /** Every ```json block whose keys are all policy names (or `all`): a policy config example. */
    const examples = ["README.md", "policy-packs/nhi-guard/README.md", "docs/policies.md"]
        .filter((f) => fs.existsSync(path.join(ROOT, f)))
        .flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), "utf8").matchAll(/```json\n([\s\S]*?)```/g)].map((m) => ({ f, text: m[1] })))
        .map(({ f, text }) => ({ f, doc: JSON.parse(text) }))
        .filter(({ doc }) => doc && typeof doc === "object" && !Array.isArray(doc) && Object.keys(doc).every((k) => k === "all" || k.startsWith("nhi-")));

    it("there are some, in both READMEs", () => {
        expect(examples.map((e) => e.f)).toEqual(expect.arrayContaining(["README.md", "policy-packs/nhi-guard/README.md"]));
    });

    it("each passes the pack's schemas, and no exemption in them has expired", () => {
        for (const { f, doc } of examples) {
            expect([f, problem(doc)]).toEqual([f, undefined]);
            for (const v of Object.values<any>(doc)) {
                for (const e of (v && typeof v === "object" && v.exemptions) || []) expect([f, e.expires, Date.parse(e.expires) > Date.now()]).toEqual([f, e.expires, true]);
            }
        }
    });
});

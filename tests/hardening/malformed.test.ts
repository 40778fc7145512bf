/**
 * Malformed exports and programs: bad input is exit 2 with one clear line, never a stack trace,
 * never exit 0. The many cases fuzz the export reader in-process (`parseExportText` + `planAudit`,
 * exactly what `audit` runs before the packs see anything); a handful go through the CLI.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { MAX_NESTING, parseExportText, planAudit } from "../../cli/audit/stackExport";
import { InputError } from "../../cli/errors";
import { EXPORTS, TINY_PACK, expectOneLine, runCli } from "../cli/cliHelpers";

const estateText = fs.readFileSync(path.join(EXPORTS, "v3-estate.json"), "utf8");
const estate = () => JSON.parse(estateText);

/** What `audit` does with the text: a plan, or an InputError with one line. Anything else is a bug. */
function outcome(text: string): "planned" | "refused" {
    try {
        planAudit(parseExportText(text, "stdin"), "stdin");
        return "planned";
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        expect(e.message.split("\n")).toHaveLength(1);
        expect(e.message.length).toBeLessThan(1200);
        return "refused";
    }
}

function deep(levels: number, leaf: unknown = "x"): unknown {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
}

/** JSON text nested `levels` deep, built as text: JSON.stringify itself overflows on it. */
const deepText = (levels: number) => '{"a":'.repeat(levels) + '"x"' + "}".repeat(levels);
/** The export with resource #5's inputs holding a value nested `levels` deep. */
const deepExport = (levels: number) => {
    const d = estate();
    d.deployment.resources[5].inputs = { deep: "__DEEP__" };
    return JSON.stringify(d).replace('"__DEEP__"', deepText(levels));
};

/** A JSON value of any shape, including the wrong one for any field. */
const junk = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.constant("urn:pulumi:prod::estate::x:y:Z::n"),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
    fc.constant({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" }),
    fc.constant({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: "{not json" }),
    fc.constant({ "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e" }),
);
const FIELDS = ["urn", "type", "inputs", "outputs", "parent", "provider", "dependencies", "propertyDependencies", "aliases", "ignoreChanges", "additionalSecretOutputs", "delete", "custom", "id"];

describe("the export reader on fuzzed exports (in-process)", () => {
    const runs = { numRuns: 300 };
    test("truncated at any point: refused with one line", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: estateText.trimEnd().length - 1 }), (cut) => {
                expect(outcome(estateText.slice(0, cut))).toBe("refused");
            }),
            runs,
        );
    });
    test("any field of any resource replaced by a value of any type, or removed", () => {
        const n = estate().deployment.resources.length;
        fc.assert(
            fc.property(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...FIELDS), fc.option(junk, { nil: undefined }), (i, field, value) => {
                const doc = estate();
                if (value === undefined) delete doc.deployment.resources[i][field];
                else doc.deployment.resources[i][field] = value;
                outcome(JSON.stringify(doc));
            }),
            runs,
        );
    });
    test("the envelope replaced by values of any type", () => {
        fc.assert(
            fc.property(fc.constantFrom("version", "deployment", "resources", "root"), junk, (where, value) => {
                let doc: any = estate();
                if (where === "root") doc = value;
                else if (where === "resources") doc.deployment.resources = value;
                else doc[where] = value;
                const text = JSON.stringify(doc) ?? "";
                const result = outcome(text);
                if (where === "root" || where === "version") expect(result).toBe("refused");
            }),
            runs,
        );
    });
    test("random bytes: refused, never thrown", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 200 }), (text) => {
                outcome(text);
            }),
            runs,
        );
    });
    test("nesting: accepted up to the limit, refused beyond it (10,000 levels too), in inputs, outputs and secrets", () => {
        const at = (levels: number, where: "inputs" | "outputs" | "secret") => {
            const doc = estate();
            const value = where === "secret" ? { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(deep(levels)) } : deep(levels);
            doc.deployment.resources[5][where === "outputs" ? "outputs" : "inputs"] = { deep: value };
            return JSON.stringify(doc);
        };
        for (const where of ["inputs", "outputs", "secret"] as const) {
            expect(outcome(at(MAX_NESTING - 5, where))).toBe("planned");
            expect(outcome(at(MAX_NESTING + 5, where))).toBe("refused");
        }
        const t0 = Date.now();
        expect(outcome(deepExport(10_000))).toBe("refused");
        expect(Date.now() - t0).toBeLessThan(2000);
    });
    test("huge strings are carried, not choked on", () => {
        const doc = estate();
        doc.deployment.resources[5].inputs.description = "x".repeat(5_000_000);
        const plan = planAudit(parseExportText(JSON.stringify(doc), "stdin"), "stdin");
        expect(plan.analyze.some((r) => (r.props as any).description?.length === 5_000_000)).toBe(true);
    });
});

describe("the CLI on malformed input (a handful, spawned)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-malformed-"));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const withResource = (change: (r: any) => void) => {
        const d = estate();
        change(d.deployment.resources[5]);
        return JSON.stringify(d);
    };
    test.each([
        ["truncated in the middle of a string", estateText.slice(0, estateText.indexOf("svc-bucket") + 3), /is not valid JSON \(it looks truncated\)/],
        ["a resource that is a number", withResource((r) => Object.assign(r, { urn: 5 })), /`urn` is not a Pulumi URN/],
        ["dependencies that are not URNs", withResource((r) => (r.dependencies = [1, 2])), /`dependencies` must be an array of URNs/],
        ["a value nested 10,000 levels deep", deepExport(10_000), /nests deeper than 1000 levels/],
    ])("audit: %s is exit 2 with one line", (_why, text, expected) => {
        const file = path.join(tmp, "export.json");
        fs.writeFileSync(file, text);
        const r = runCli(["audit", file, "--policy-pack", TINY_PACK]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toMatch(new RegExp(`^nhi-guard: .*${expected.source}`));
    });
    test("preview: a program that throws a non-Error is exit 2 with its text, no stack trace", () => {
        const r = runCli(["preview", path.join(__dirname, "fixtures/programs/throws"), "--policy-pack", TINY_PACK]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        // The program's own message keeps its lines (a DeclarationError lists one problem per line).
        expect(r.stderr).toBe("nhi-guard: the program failed: line one\nline two\n");
    });
    test("preview: a program whose input nests past what the SDK can serialise is exit 2, never 0", () => {
        // 1,500 levels overflow inside @pulumi/pulumi's own serialiser, before the gate sees the
        // resource; deeper still, Node itself prints "Exception in PromiseRejectCallback" (see report).
        const r = runCli(["preview", path.join(__dirname, "fixtures/programs/deep"), "--policy-pack", TINY_PACK], { env: { DEEP_LEVELS: "1500" } });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(expectOneLine(r.stderr)).toMatch(/^nhi-guard: the program failed: .*Maximum call stack size exceeded/);
    });
});

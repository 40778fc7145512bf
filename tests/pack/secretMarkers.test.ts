/**
 * The pack's shared copy of a request's properties (requestCache.ts) is made by its own walk over
 * the Struct, unwrapping secret markers in place and noting which keys held one. It must give the
 * policies exactly what @pulumi/policy's own deserialization gives (secrets unwrapped, assets as
 * asset objects), and note exactly the secret keys, at any depth.
 */
import fc from "fast-check";
import { secretKeysOf, shareDeserialization } from "../../policy-packs/nhi-guard/src/requestCache";

const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const pulumi = require("@pulumi/pulumi");
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";

beforeAll(() => {
    expect(shareDeserialization()).toBe(true);
});
const deserialize = (wire: object) => require("@pulumi/policy/deserialize").deserializeProperties(Struct.fromJavaScript(wire), false);

/** The policy view of a wire value (secrets unwrapped), and the paths that were secret. */
function expected(wire: unknown, path: string, secrets: Set<string>): unknown {
    if (wire === null || typeof wire !== "object") return wire;
    if (Array.isArray(wire)) return wire.map((v, i) => child(v, `${path}/${i}`, secrets));
    return Object.fromEntries(Object.entries(wire).map(([k, v]) => [k, child(v, `${path}/${k}`, secrets)]));
}
function child(v: any, path: string, secrets: Set<string>): unknown {
    if (v && typeof v === "object" && v[SIG] === SECRET) {
        secrets.add(path);
        return expected(v.value, path, secrets);
    }
    return expected(v, path, secrets);
}
/** The secret paths the cache noted on the copy. */
function noted(copy: unknown, path: string, out: Set<string>): Set<string> {
    if (copy && typeof copy === "object" && !(copy instanceof pulumi.asset.Asset)) {
        const keys = secretKeysOf(copy);
        for (const k of Object.keys(copy)) {
            if (keys?.has(k)) out.add(`${path}/${k}`);
            noted((copy as any)[k], `${path}/${k}`, out);
        }
    }
    return out;
}

const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,6}$/);
const wireValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie("secret"), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(key, tie("value"), { maxKeys: 3 })),
    secret: tie("value").map((value) => ({ [SIG]: SECRET, value })),
})).value;

test("the shared copy is the secret-unwrapped value, with exactly the secret keys noted", () => {
    fc.assert(
        fc.property(fc.dictionary(key, wireValue, { maxKeys: 4 }), (wire) => {
            const secrets = new Set<string>();
            const want = expected(wire, "", secrets);
            const copy = deserialize(wire);
            expect(copy).toEqual(want);
            expect(noted(copy, "", new Set())).toEqual(secrets);
        }),
        { numRuns: 300 },
    );
});

test("assets still come out as @pulumi/policy makes them, also inside a secret", () => {
    const copy = deserialize({ code: { [SIG]: ASSET, text: "exports.handler = 1" }, hidden: { [SIG]: SECRET, value: { [SIG]: ASSET, path: "./a.txt" } } });
    expect(copy.code).toBeInstanceOf(pulumi.asset.StringAsset);
    expect(copy.hidden).toBeInstanceOf(pulumi.asset.FileAsset);
    expect(secretKeysOf(copy)).toEqual(new Set(["hidden"]));
});

test("the same Struct gives the same copy to every policy; a new request a new one", () => {
    const struct = Struct.fromJavaScript({ tags: { a: { [SIG]: SECRET, value: "x" } } });
    const m = require("@pulumi/policy/deserialize");
    expect(m.deserializeProperties(struct, false)).toBe(m.deserializeProperties(struct, false));
    expect(m.deserializeProperties(Struct.fromJavaScript({ tags: {} }), false)).not.toBe(m.deserializeProperties(struct, false));
});

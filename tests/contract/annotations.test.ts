import fc from "fast-check";
import { mergeReadings, ownerProblem, parseExpiry, readLabels, readTags, readText, toLabels, toTags, toText, type Annotations } from "../../contract/annotations";

describe("readTags", () => {
    it("reads every field", () => {
        const r = readTags({ "nhi:owner": "platform-team", "nhi:expires-at": "2027-03-31", "nhi:purpose": "Reviews PRs", "nhi:tool": "claude-code", "nhi:access": "read", Name: "x" });
        expect(r).toEqual({ carrier: "tags", values: { owner: "platform-team", expiresAt: "2027-03-31", purpose: "Reviews PRs", tool: "claude-code", access: "read" }, problems: [] });
    });

    it.each([["NHI:Owner"], [" nhi:owner "], ["nhi:OWNER"], ["\tnhi:owner"]])("accepts the key %j (case and surrounding space fold)", (key) => {
        expect(readTags({ [key]: " platform-team " }).values.owner).toBe("platform-team");
    });

    it.each([
        ["Cyrillic о", "nhi:\u043ewner"],
        ["Cyrillic е in expires", "nhi:\u0435xpires-at"],
        ["zero-width space inside", "nhi:ow\u200bner"],
        ["fullwidth colon", "nhi\uff1aowner"],
        ["Greek omicron", "nhi:\u03bfwner"],
        ["dotted capital I", "nh\u0130:owner"],
    ])("rejects a look-alike key (%s)", (_why, key) => {
        const r = readTags({ [key]: "platform-team" });
        expect(r.values.owner).toBeUndefined();
        expect(r.values.expiresAt).toBeUndefined();
    });

    it("keeps an empty value, which is no owner", () => {
        const r = readTags({ "nhi:owner": "  " });
        expect(r.values.owner).toBe("");
        expect(ownerProblem(r.values.owner)).toBe("no owner");
    });

    it.each([["newline", "team\nadmin"], ["NUL", "team\u0000"], ["bidi override", "\u202emaet-mroftalp"], ["zero-width", "plat\u200bform"], ["BOM inside", "a\ufeffb"], ["C1 control", "team\u0085x"]])(
        "reports control or invisible characters (%s)",
        (_why, value) => {
            const r = readTags({ "nhi:owner": value });
            expect(r.values.owner).toBeUndefined();
            expect(r.problems).toEqual([{ field: "owner", message: "`nhi:owner` contains control or invisible characters" }]);
        },
    );

    it("reports a value that is not a string", () => {
        expect(readTags({ "nhi:owner": 42 }).problems[0]).toEqual({ field: "owner", message: "`nhi:owner` is not a string" });
    });

    it("reports the same key given twice with different values (different case)", () => {
        const r = readTags({ "nhi:owner": "a-team", "NHI:OWNER": "b-team" });
        expect(r.problems).toHaveLength(1);
        expect(r.problems[0].field).toBe("owner");
    });

    it("reads nothing from things that are not maps", () => {
        for (const v of [undefined, null, "nhi:owner=x", ["nhi:owner"], 5]) expect(readTags(v)).toEqual({ carrier: "tags", values: {}, problems: [] });
    });

    it("never throws", () => {
        fc.assert(fc.property(fc.anything(), (v) => void readTags(v)));
        fc.assert(fc.property(fc.dictionary(fc.string(), fc.anything()), (v) => void readTags(v)));
    });
});

describe("readLabels and readText", () => {
    it("reads GCP label keys only", () => {
        expect(readLabels({ "nhi-owner": "platform-team", "nhi-expires-at": "2027-03-31", "nhi:owner": "other" }).values).toEqual({ owner: "platform-team", expiresAt: "2027-03-31" });
    });

    it("reads key=value text with prose around the pairs and nhi: prefixes", () => {
        const r = readText("Reviews PRs. owner=platform-team;expires-at=2027-03-31\nnhi:tool=claude-code; access = read");
        expect(r.values).toEqual({ owner: "platform-team", expiresAt: "2027-03-31", tool: "claude-code", access: "read" });
    });

    it("ignores text without pairs and non-strings", () => {
        expect(readText("owner platform-team").values).toEqual({});
        expect(readText(undefined).values).toEqual({});
    });

    it("never throws", () => {
        fc.assert(fc.property(fc.string(), (s) => void readText(s)));
        fc.assert(fc.property(fc.anything(), (s) => void readLabels(s)));
    });
});

describe("values", () => {
    it.each(["platform-team", "ml.ops_2", "alice@example.com", "a"])("accepts the owner %j", (owner) => {
        expect(ownerProblem(owner)).toBeUndefined();
    });

    it.each([undefined, "", "unknown", "TBD", "n/a", "-", "Platform Team", "team-", "x".repeat(300), "alice@localhost"])("refuses the owner %j", (owner) => {
        expect(ownerProblem(owner)).toBeDefined();
    });

    it("reports an invalid owner pattern instead of throwing", () => {
        expect(ownerProblem("a", "(")).toMatch(/not a valid regular expression/);
    });

    it.each(["2027-02-30", "2027-03-31T00:00:00+02:00", "tomorrow"])("an expiry %j that does not parse is no expiry", (v) => {
        expect(parseExpiry(v)).toBeUndefined();
    });
});

describe("writers read back", () => {
    const annotations = fc.record(
        {
            owner: fc.constantFrom("platform-team", "alice@example.com"),
            expiresAt: fc.constantFrom("2027-03-31", "2027-03-31T00:00:00Z"),
            purpose: fc.string({ maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/.test(s) && s.trim() === s && !/[;=]/.test(s)),
            tool: fc.constantFrom("claude-code", "copilot-agent"),
            access: fc.constantFrom("read", "write", "admin"),
        },
        { requiredKeys: [] },
    );

    it("tags round-trip", () => {
        fc.assert(fc.property(annotations, (a: Annotations) => expect(readTags(toTags(a)).values).toEqual(a)));
    });

    it("text round-trips (purpose without separators)", () => {
        fc.assert(
            fc.property(annotations, (a: Annotations) => {
                const back = readText(toText(a)).values;
                // An empty purpose writes `purpose=` and reads back empty.
                expect(back).toEqual(a);
            }),
        );
    });

    it("labels keep only label-safe values", () => {
        expect(toLabels({ owner: "alice@example.com", expiresAt: "2027-03-31", tool: "claude-code" })).toEqual({ "nhi-expires-at": "2027-03-31", "nhi-tool": "claude-code" });
    });

    it("merging reports conflicts across carriers", () => {
        const merged = mergeReadings(readLabels({ "nhi-owner": "a-team" }), readText("owner=b-team"));
        expect(merged.values.owner).toBe("a-team");
        expect(merged.problems).toHaveLength(1);
    });
});

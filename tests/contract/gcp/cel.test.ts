/**
 * CEL reading: only a top-level conjunction with a `request.time` upper bound ends a condition, and
 * only top-level `==` terms pin a claim. Everything else is no bound and no pin.
 */
import fc from "fast-check";
import { lex, parseConjunction, parseRfc3339, readPins, readTimeBound } from "../../../contract/gcp/cel";

const T = "2027-03-31T00:00:00Z";
const END = new Date(T);

describe("readTimeBound", () => {
    it.each([
        [`request.time < timestamp("${T}")`],
        [`request.time <= timestamp("${T}")`],
        [`timestamp("${T}") > request.time`],
        [`(request.time < timestamp("${T}"))`],
        [`resource.name.startsWith("projects/_/buckets/x") && request.time < timestamp("${T}")`],
        [`(a || b) && (request.time < timestamp("${T}") && c)`],
        [`request.time < timestamp("2027-03-31T02:00:00+02:00")`],
        [`request.time < timestamp('${T}')`],
        [`request.time < timestamp("2028-01-01T00:00:00Z") && request.time < timestamp("${T}")`],
    ])("bounds %s", (expression) => {
        expect(readTimeBound(expression)).toEqual({ endsAt: END });
    });

    it.each([
        [`request.time < timestamp("${T}") || true`, "`||` at the top level"],
        [`true || request.time < timestamp("${T}")`, "`||` at the top level"],
        [`request.time < timestamp("${T}") && true ? true : true`, "`?:` at the top level"],
        [`request.time < timestamp("${T}") // forever`, "comment"],
        [`!(request.time >= timestamp("${T}"))`, "no top-level `request.time < timestamp(...)` term"],
        [`request.time > timestamp("${T}")`, "no top-level"],
        [`request.time < timestamp("2027-03-31")`, "not an RFC 3339 date-time"],
        [`request.time < timestamp("2027-02-30T00:00:00Z")`, "not an RFC 3339 date-time"],
        [`request.time < timestamp("2027-03-31T00:00:00")`, "not an RFC 3339 date-time"],
        [`request.time < timestamp("2027-03-31T00:00:00\\u005A")`, "not an RFC 3339 date-time"],
        [`request.time < timestamp(r"${T}")`, "not an RFC 3339 date-time"],
        [`request.time < timestamp("${T}"`, "brackets do not balance"],
        [`request.time < timestamp("${T})`, "not terminated"],
        [`request.time < timestamp("${T}") && `, "empty term"],
        [`request.time < timestamp("${T}") ; true`, "character CEL does not have"],
        [`request.time < timestamp("${T}") + duration("1d")`, "no top-level"],
    ])("gives no end for %s (%s)", (expression, why) => {
        const r = readTimeBound(expression);
        expect(r.endsAt).toBeUndefined();
        expect(r.endProblem).toContain(why);
    });

    it("reports neither end nor problem for a condition that never mentions time", () => {
        expect(readTimeBound('resource.name == "x"')).toEqual({});
        expect(readTimeBound("a || b")).toEqual({});
    });

    it("treats a missing or non-string expression as a problem, not as a bound", () => {
        for (const v of [undefined, null, 42, {}, [`request.time < timestamp("${T}")`]]) expect(readTimeBound(v)).toEqual({ endProblem: expect.stringContaining("not a string") });
        expect(readTimeBound("x".repeat(20_000)).endProblem).toContain("longer than");
    });

    it("never throws and never bounds an expression whose top level is a disjunction (property)", () => {
        const term = fc.oneof(fc.constant(`request.time < timestamp("${T}")`), fc.constant("true"), fc.constant('resource.type == "x"'), fc.string({ maxLength: 20 }));
        fc.assert(
            fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), term, (terms, other) => {
                const expression = `${terms.join(" && ")} || ${other}`;
                expect(readTimeBound(expression).endsAt).toBeUndefined();
            }),
        );
        fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void readTimeBound(s)));
        fc.assert(fc.property(fc.anything(), (v) => void readTimeBound(v)));
    });

    it("keeps the bound when any term is conjoined on either side (property)", () => {
        const opaque = fc.constantFrom('resource.name.startsWith("a")', "(a || b)", "x in [1, 2]", '"a" == "a"', "f(g(h))");
        fc.assert(
            fc.property(fc.array(opaque, { maxLength: 3 }), fc.array(opaque, { maxLength: 3 }), (before, after) => {
                const expression = [...before, `request.time < timestamp("${T}")`, ...after].join(" && ");
                expect(readTimeBound(expression)).toEqual({ endsAt: END });
            }),
        );
    });
});

describe("lex and parseConjunction", () => {
    it("splits strings, identifiers and operators, and flags unusual literals", () => {
        expect(lex('a.b == "x\\"y"')).toEqual({
            tokens: [
                { kind: "ident", text: "a" },
                { kind: "op", text: "." },
                { kind: "ident", text: "b" },
                { kind: "op", text: "==" },
                { kind: "string", text: 'x\\"y', unusual: true },
            ],
        });
        expect(lex('"""a"""')).toEqual({ tokens: [{ kind: "string", text: "a", unusual: true }] });
    });

    it("flattens nested conjunctions but keeps a parenthesised disjunction as one term", () => {
        const r = parseConjunction("((a && b)) && (c || d) && e");
        expect("conjuncts" in r && r.conjuncts.map((c) => c.map((t) => t.text).join(" "))).toEqual(["a", "b", "c || d", "e"]);
    });

    it("reads RFC 3339 only with a time and a zone", () => {
        expect(parseRfc3339(T)).toEqual(END);
        expect(parseRfc3339("2027-03-31")).toBeUndefined();
        expect(parseRfc3339("2027-03-31 00:00:00Z")).toBeUndefined();
    });
});

describe("readPins", () => {
    it("reads top-level equality pins in either orientation and all roots", () => {
        const r = readPins('assertion.repository == "acme/app" && "ai" == assertion.environment && attribute.x == "1" && google.subject == "s"');
        expect("pins" in r && Object.fromEntries(r.pins)).toEqual({ "assertion.repository": ["acme/app"], "assertion.environment": ["ai"], "attribute.x": ["1"], "google.subject": ["s"] });
    });

    it("pins nothing under a disjunction, a negation, a function call or an escaped literal", () => {
        expect(readPins('assertion.repository == "a/b" || true')).toEqual({ problem: expect.stringContaining("`||`") });
        for (const e of ['!(assertion.repository == "a/b")', 'assertion.repository.startsWith("a/")', 'assertion.repository == "a\\/b"', 'assertion.repository != "a/b"', '(assertion.repository == "a/b" || true) && x']) {
            const r = readPins(e);
            expect("pins" in r && r.pins.size).toBe(0);
        }
    });

    it("keeps every value a claim is compared with", () => {
        const r = readPins('assertion.repository == "a/b" && assertion.repository == "c/d"');
        expect("pins" in r && r.pins.get("assertion.repository")).toEqual(["a/b", "c/d"]);
    });
});

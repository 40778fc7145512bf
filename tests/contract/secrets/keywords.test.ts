/**
 * The scan's prefilter (contract/secrets/keywords.ts) must answer exactly what the case-insensitive
 * regex alternation it replaced answered, for every set, on any text: a keyword it missed would
 * hide a credential from every rule.
 */
import fc from "fast-check";
import { KeywordSets } from "../../../contract/secrets/keywords";
import { GENERATED_RULES } from "../../../contract/secrets/rules.generated";
import { NAME_KEYWORDS, SUPPLEMENT_RULES } from "../../../contract/secrets/supplement";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const RULE_KEYWORDS = [...new Set([...SUPPLEMENT_RULES, ...GENERATED_RULES].flatMap((r) => r.keywords))];
const SETS = [RULE_KEYWORDS, NAME_KEYWORDS];
const REGEXES = SETS.map((set) => new RegExp(set.map(escape).join("|"), "i"));
const sets = new KeywordSets(SETS);
const viaRegex = (text: string) => REGEXES.reduce((bits, re, i) => (re.test(text) ? bits | (1 << i) : bits), 0);

// Text made of keyword pieces, their case variants, characters near them and characters that fold
// to ASCII letters only under Unicode rules (Kelvin sign, long s, dotted I), so matches and near
// misses both occur often.
const pieces = [...RULE_KEYWORDS, ...NAME_KEYWORDS].flatMap((k) => [k, k.toUpperCase(), k.slice(0, -1), k.slice(1)]);
const text = fc
    .array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom("K", "ſ", "İ", "ı", "é", "\u0000", "\uffff", "😀", " ", "_", "-", "="), fc.string({ maxLength: 6 })), { maxLength: 12 })
    .map((parts) => parts.join(""));

test("finds each set exactly when the set's regex matches", () => {
    fc.assert(
        fc.property(text, (t) => {
            expect(sets.find(t)).toBe(viaRegex(t));
        }),
        { numRuns: 5000 },
    );
});

test("every keyword is found alone, in any case and anywhere in a text, and only its own set", () => {
    SETS.forEach((set, i) => {
        for (const k of set) {
            for (const t of [k, k.toUpperCase(), `xx ${k} yy`, `${"a".repeat(50)}${k}`]) expect([t, sets.find(t) & (1 << i)]).toEqual([t, 1 << i]);
        }
    });
    expect(sets.find("")).toBe(0);
    expect(sets.find("nothing to see in this plain sentence")).toBe(viaRegex("nothing to see in this plain sentence"));
});

test("stops at the sets asked for, and answers those right", () => {
    fc.assert(
        fc.property(text, (t) => {
            expect(sets.find(t, 1)).toBe(viaRegex(t) & 1);
            expect(sets.find(t, 2)).toBe(viaRegex(t) & 2);
        }),
        { numRuns: 1000 },
    );
});

test("refuses keywords it could not match as /i does", () => {
    expect(() => new KeywordSets([["ſecret"]])).toThrow(/not ASCII/);
    expect(() => new KeywordSets([[""]])).toThrow(/empty/);
});

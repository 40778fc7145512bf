/**
 * Properties of the offline getPolicyDocument over generated statements: it never throws on input
 * the provider accepts, `minifiedJson` is `json` without whitespace, and the provider's model reads
 * its own output back unchanged (a document passed as a source document renders the same text).
 * Principal types are unique per statement: two blocks of one type are appended in set order, which
 * the model re-sorts when it reads them back (the provider does the same).
 */
import fc from "fast-check";
import { getPolicyDocument } from "../../../cli/preview/dataSources/awsPolicyDocument";

const text = fc.string({ unit: fc.constantFrom("a", "Z", "0", ":", "*", "/", "&", "<", "$", "{", "}", " ", '"', "é", "\u2028"), maxLength: 12 });
const principal = (type: string) => fc.record({ type: fc.constant(type), identifiers: fc.array(text, { minLength: 1, maxLength: 3 }) });
const statement = fc.record(
    {
        sid: fc.stringMatching(/^[A-Za-z0-9]{0,6}$/),
        effect: fc.constantFrom("Allow", "Deny"),
        actions: fc.array(text, { maxLength: 4 }),
        notActions: fc.array(text, { maxLength: 2 }),
        resources: fc.array(text, { maxLength: 3 }),
        principals: fc.subarray(["AWS", "Service", "Federated", "*"]).chain((types) => fc.tuple(...types.map(principal))),
        conditions: fc.array(
            fc.record({ test: fc.constantFrom("StringEquals", "StringLike", "DateLessThan"), variable: fc.constantFrom("aws:CurrentTime", "aws:SourceAccount", "x:sub"), values: fc.array(text, { maxLength: 3 }) }),
            { maxLength: 3 },
        ),
    },
    { requiredKeys: ["actions"] },
);
const statements = fc.uniqueArray(statement, { selector: (s) => s.sid || Symbol(), maxLength: 4 }).map((l) => l.map((s) => ({ ...s })));

describe("getPolicyDocument properties", () => {
    it("renders, minifies consistently and reads its own output back unchanged", () => {
        fc.assert(
            fc.property(statements, fc.constantFrom("2012-10-17", "2008-10-17"), (stmts, version) => {
                // `&{` is an error under 2008-10-17, as in the provider: keep those inputs to the newer version.
                const v = JSON.stringify(stmts).includes("&{") ? "2012-10-17" : version;
                const r = getPolicyDocument({ version: v, statements: stmts });
                const json = r.json as string;
                expect(JSON.parse(r.minifiedJson as string)).toEqual(JSON.parse(json));
                expect(r.minifiedJson).toBe(JSON.stringify(JSON.parse(r.minifiedJson as string)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
                expect(json).not.toMatch(/[<>&\u2028\u2029]/);
                expect(getPolicyDocument({ version: v, sourcePolicyDocuments: [json] }).json).toBe(json);
                expect(JSON.parse(json).Statement?.length ?? 0).toBe(stmts.length);
            }),
            { numRuns: 300 },
        );
    });
});

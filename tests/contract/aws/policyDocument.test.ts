import fc from "fast-check";
import { unknownCheckingProxy } from "@pulumi/policy";
import { grantEntriesFromDocument } from "../../../contract/aws/actions";
import { MAX_DOCUMENT_CHARS, grantingStatements, parsePolicyDocument, statementTimeBound } from "../../../contract/aws/policyDocument";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const bound = (condition: unknown) => statementTimeBound(parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: condition } }).statements[0]);

describe("parsePolicyDocument: shapes users write", () => {
    it.each<[string, unknown]>([
        ["a JSON string", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] })],
        ["an object", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] }],
        ["Statement as one object", { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } }],
        ["lower-case effect and element names", { statement: { effect: "allow", action: "s3:GetObject", resource: "*" } }],
    ])("reads %s", (_why, input) => {
        const doc = parsePolicyDocument(input);
        expect(doc.problems).toEqual([]);
        expect(doc.statements).toHaveLength(1);
        expect(doc.statements[0]).toMatchObject({ effect: "Allow", actions: ["s3:GetObject"], resources: ["*"], label: "statement #1" });
    });

    it("reads every principal spelling", () => {
        const doc = parsePolicyDocument({
            Statement: [
                { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
                { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/a", "123456789012"], Service: "lambda.amazonaws.com", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "abc" }, Action: "sts:AssumeRole" },
            ],
        });
        expect(doc.problems).toEqual([]);
        expect(doc.statements.map((s) => s.principal?.anyone)).toEqual([true, true, false]);
        expect(doc.statements[2].principal).toEqual({ anyone: false, aws: ["arn:aws:iam::123456789012:role/a", "123456789012"], service: ["lambda.amazonaws.com"], federated: ["cognito-identity.amazonaws.com"], canonicalUser: ["abc"] });
    });

    it("reads condition operators with qualifiers, IfExists and value lists", () => {
        const [s] = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: { "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["a", "b"] }, NumericLessThan: { "s3:max-keys": 10 }, Bool: { "aws:SecureTransport": true } } } }).statements;
        expect(s.conditions).toEqual([
            { operator: "ForAnyValue:StringLikeIfExists", test: "stringlike", ifExists: true, qualifier: "ForAnyValue", key: "aws:TagKeys", values: ["a", "b"] },
            { operator: "NumericLessThan", test: "numericlessthan", ifExists: false, qualifier: undefined, key: "s3:max-keys", values: ["10"] },
            { operator: "Bool", test: "bool", ifExists: false, qualifier: undefined, key: "aws:SecureTransport", values: ["true"] },
        ]);
    });

    it("keeps statements with duplicate Sids apart", () => {
        const doc = parsePolicyDocument({ Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:GetObject" }, { Sid: "A", Effect: "Allow", Action: "iam:PassRole" }, { Sid: "B", Effect: "Allow", Action: "s3:ListBucket" }] });
        expect(doc.statements.map((s) => s.label)).toEqual(['statement "A" (#1)', 'statement "A" (#2)', 'statement "B"']);
        expect(grantEntriesFromDocument(doc).flatMap((e) => e.actions)).toEqual(["s3:GetObject", "iam:PassRole", "s3:ListBucket"]);
    });

    it("treats Deny as granting nothing and an unreadable Effect as granting (fail closed)", () => {
        const doc = parsePolicyDocument({ Statement: [{ Effect: "Deny", Action: "*" }, { Effect: "Permit", Action: "s3:GetObject" }, { Action: "s3:PutObject" }] });
        expect(grantingStatements(doc).map((s) => s.actions[0])).toEqual(["s3:GetObject", "s3:PutObject"]);
        expect(doc.problems).toHaveLength(2);
    });
});

describe("parsePolicyDocument: what it cannot read is a problem", () => {
    it.each<[string, unknown, RegExp]>([
        ["invalid JSON", "{not json", /not valid JSON/],
        ["an empty string", "  ", /empty/],
        ["a number", 42, /neither a JSON object/],
        ["null", null, /neither a JSON object/],
        ["an array", [], /neither a JSON object/],
        ["no Statement", { Version: "2012-10-17" }, /no `Statement`/],
        ["a statement that is a string", { Statement: ["x"] }, /statement #1 is not an object/],
        ["an action that is a number", { Statement: { Effect: "Allow", Action: 5 } }, /`Action` is neither a string nor a list/],
        ["an action list with an object", { Statement: { Effect: "Allow", Action: ["s3:GetObject", {}] } }, /`Action`\[1\] is not a string/],
        ["neither Action nor NotAction", { Statement: { Effect: "Allow", Resource: "*" } }, /neither `Action` nor `NotAction`/],
        ["a principal string that is not *", { Statement: { Effect: "Allow", Principal: "arn:aws:iam::1:root", Action: "sts:AssumeRole" } }, /`Principal` is the string/],
        ["an unknown principal type", { Statement: { Effect: "Allow", Principal: { Aws2: "x" }, Action: "sts:AssumeRole" } }, /unknown principal type/],
        ["a condition that is a list", { Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: [] } }, /not an object of operators/],
        ["a condition value that is an object", { Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: { StringEquals: { k: { a: 1 } } } } }, /not a string, number or boolean/],
        ["an over-long document", "x".repeat(MAX_DOCUMENT_CHARS + 1), /longer than/],
        ["too many statements", { Statement: Array.from({ length: 10_000 }, () => ({ Effect: "Allow", Action: "s3:GetObject" })) }, /more than 1000 statements/],
    ])("%s", (_why, input, problem) => {
        const doc = parsePolicyDocument(input);
        expect(doc.problems.some((p) => problem.test(p))).toBe(true);
    });

    it("reads a 1 MB document and 10,000 statements in bounded time", () => {
        const start = Date.now();
        parsePolicyDocument(JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "x".repeat(1_000_000) } }));
        parsePolicyDocument(JSON.stringify({ Statement: Array.from({ length: 10_000 }, () => ({ Effect: "Allow", Action: "s3:GetObject" })) }));
        parsePolicyDocument("[".repeat(100_000));
        expect(Date.now() - start).toBeLessThan(2000);
    });

    it("turns a throwing getter into a problem, but lets @pulumi/policy's unknown error through", () => {
        const hostile = { get Statement(): unknown { throw new Error("boom"); } };
        expect(parsePolicyDocument(hostile).problems).toEqual(["the document could not be read"]);
        const proxied = unknownCheckingProxy({ policy: { Statement: { Effect: "Allow", Action: UNKNOWN } } });
        expect(() => parsePolicyDocument(proxied.policy)).toThrow(/can't be known during preview/);
    });

    it("reads an unknown Resource at preview without giving up", () => {
        const proxied = unknownCheckingProxy({ policy: { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: [UNKNOWN], Condition: { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" } } } } });
        const doc = parsePolicyDocument(proxied.policy);
        expect(doc.problems).toEqual([]);
        expect(doc.statements[0].resources).toEqual(["(unknown at preview)"]);
    });

    it("never throws on arbitrary input", () => {
        fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withSet: true }), (v) => void parsePolicyDocument(v)));
        fc.assert(fc.property(fc.string(), (v) => void parsePolicyDocument(v)));
        fc.assert(fc.property(fc.json(), (v) => void parsePolicyDocument(v)));
        const statementish = fc.record({ Effect: fc.oneof(fc.constantFrom("Allow", "Deny", "allow"), fc.anything()), Action: fc.anything(), NotAction: fc.anything(), Principal: fc.anything(), Condition: fc.anything(), Sid: fc.anything() }, { requiredKeys: [] });
        fc.assert(fc.property(fc.array(statementish), (s) => void grantEntriesFromDocument(parsePolicyDocument({ Statement: s }))));
        fc.assert(fc.property(fc.array(statementish), (s) => void grantEntriesFromDocument(parsePolicyDocument(JSON.stringify({ Statement: s }) ?? ""))));
    });
});

describe("statementTimeBound", () => {
    it.each<[string, unknown, string | undefined]>([
        ["DateLessThan", { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" } }, "2027-03-31T00:00:00.000Z"],
        ["DateLessThanEquals", { DateLessThanEquals: { "aws:CurrentTime": "2027-03-31" } }, "2027-03-31T00:00:00.000Z"],
        ["IfExists", { DateLessThanIfExists: { "aws:CurrentTime": "2027-03-31T00:00:00Z" } }, "2027-03-31T00:00:00.000Z"],
        ["ForAnyValue", { "ForAnyValue:DateLessThan": { "aws:CurrentTime": "2027-03-31T00:00:00Z" } }, "2027-03-31T00:00:00.000Z"],
        ["key in another case", { DateLessThan: { "AWS:currenttime": "2027-03-31T00:00:00Z" } }, "2027-03-31T00:00:00.000Z"],
        ["an offset", { DateLessThan: { "aws:CurrentTime": "2027-03-31T02:00:00+02:00" } }, "2027-03-31T00:00:00.000Z"],
        ["several values: ORed, the latest", { DateLessThan: { "aws:CurrentTime": ["2027-01-01T00:00:00Z", "2027-03-31T00:00:00Z", "2027-02-01T00:00:00Z"] } }, "2027-03-31T00:00:00.000Z"],
        ["two clauses: ANDed, the earliest", { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" }, DateLessThanEquals: { "aws:CurrentTime": "2027-02-01T00:00:00Z" } }, "2027-02-01T00:00:00.000Z"],
        ["a valid clause and an unreadable one: the valid one still bounds", { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" }, DateLessThanEquals: { "aws:CurrentTime": "soon" } }, "2027-03-31T00:00:00.000Z"],
        ["no condition", undefined, undefined],
        ["DateGreaterThan only", { DateGreaterThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" } }, undefined],
        ["another key", { DateLessThan: { "aws:TokenIssueTime": "2027-03-31T00:00:00Z" } }, undefined],
        ["ForAllValues (passes when absent)", { "ForAllValues:DateLessThan": { "aws:CurrentTime": "2027-03-31T00:00:00Z" } }, undefined],
        ["an unparseable date", { DateLessThan: { "aws:CurrentTime": "2027-02-30T00:00:00Z" } }, undefined],
        ["one unparseable value among several", { DateLessThan: { "aws:CurrentTime": ["2027-03-31T00:00:00Z", "never"] } }, undefined],
        ["a local time", { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00" } }, undefined],
        ["an empty list", { DateLessThan: { "aws:CurrentTime": [] } }, undefined],
    ])("%s", (_why, condition, expected) => {
        expect(bound(condition).endsAt?.toISOString()).toBe(expected);
    });

    it("says why a date-like condition is no bound", () => {
        expect(bound({ DateLessThan: { "aws:CurrentTime": "never" } }).endProblem).toMatch(/does not parse/);
        expect(bound({ "ForAllValues:DateLessThan": { "aws:CurrentTime": "2027-03-31" } }).endProblem).toMatch(/passes when the key is absent/);
        expect(bound(undefined).endProblem).toBeUndefined();
    });
});

/**
 * The known part of a policy document at preview (`contract/aws/knownDocument.ts`): whatever
 * replaces an unknown may only remove a problem, never create one. Checked against completions:
 * for any values the unknowns turn out to have, every finding of the known part is a finding of
 * the completed document.
 */
import fc from "fast-check";
import { UNKNOWN_SENTINELS } from "../../../contract/facts";
import { knownDocument } from "../../../contract/aws/knownDocument";
import { parsePolicyDocument } from "../../../contract/aws/policyDocument";
import { grantEntriesFromDocument } from "../../../contract/aws/actions";
import { readTrustPolicy } from "../../../contract/aws/trustPolicy";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const H = "token.actions.githubusercontent.com";

/**
 * A finding as `rule item`, its item cut before the list of what it covers (`Resource::* for s3:*,
 * ...`, `NotAction::a,b`), which the known part and a completion list differently: the finding is
 * the same one.
 */
const key = (f: { rule: string; item: string }) => `${f.rule} ${f.item.startsWith("NotAction::") ? "NotAction" : f.item.split(/ for | \(/)[0]}`;
const findings = (doc: unknown) => new Set(grantEntriesFromDocument(parsePolicyDocument(doc)).flatMap((e) => e.findings.map(key)));

/** As the AWS reader applies it: escalation and exposure judged from unknown exclusions are dropped. */
function knownFindings(doc: unknown) {
    const k = knownDocument(doc, "grant", "policy");
    const parsed = parsePolicyDocument(k.document);
    const statements = parsed.statements.filter((s) => s.effect !== "Deny");
    const out = new Set<string>();
    grantEntriesFromDocument(parsed).forEach((e, i) => {
        const excluded = (k.byStatement.get(statements[i].index)?.excluded.length ?? 0) > 0;
        for (const f of e.findings) if (!excluded || f.rule === "not-action" || !f.item.startsWith("NotAction::")) out.add(key(f));
    });
    return out;
}

describe("knownDocument", () => {
    it("returns the raw document untouched when nothing is unknown", () => {
        const doc = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
        expect(knownDocument(doc, "grant", "policy")).toEqual({ document: doc, whole: false, unknown: [], byStatement: new Map() });
    });

    it("marks a wholly unknown document or statement list", () => {
        expect(knownDocument(U, "grant", "policy")).toMatchObject({ whole: true, unknown: ["policy"] });
        expect(knownDocument({ Version: "2012-10-17", Statement: U }, "trust", "assumeRolePolicy")).toMatchObject({ whole: true, unknown: ["assumeRolePolicy.Statement"] });
    });

    it("keeps statement numbers: an unknown statement becomes a Deny placeholder", () => {
        const k = knownDocument({ Statement: [U, { Effect: "Allow", Action: "iam:*", Resource: "*" }] }, "grant", "policy");
        const entries = grantEntriesFromDocument(parsePolicyDocument(k.document));
        expect(entries.map((e) => e.label)).toEqual(["statement #2"]);
        expect(k.unknown).toEqual(["policy.Statement[0]"]);
    });

    it("grant: an unknown condition value takes the end away, a known clause still bounds it", () => {
        const bounded = knownDocument({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": [U] }, DateLessThanEquals: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } } }] }, "grant", "policy");
        const [entry] = grantEntriesFromDocument(parsePolicyDocument(bounded.document));
        expect(entry.endsAt?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
        expect(bounded.byStatement.get(0)!.end).toEqual(["policy.Statement[0].Condition.DateLessThan.aws:CurrentTime"]);
    });

    it("trust: an unknown Federated principal next to GitHub conditions is GitHub's provider; without them the statement is set aside", () => {
        const withConditions = knownDocument({ Statement: [{ Effect: "Allow", Principal: { Federated: U }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { [`${H}:sub`]: "repo:acme/*" } } }] }, "trust", "assumeRolePolicy");
        expect(readTrustPolicy(withConditions.document).problems).toEqual(expect.arrayContaining([expect.stringMatching(/wildcard in the owner\/repository/)]));
        const without = knownDocument({ Statement: [{ Effect: "Allow", Principal: { Federated: U }, Action: "sts:AssumeRoleWithWebIdentity" }] }, "trust", "assumeRolePolicy");
        expect(readTrustPolicy(without.document).problems).toEqual([]);
        expect(without.unknown).toEqual(["assumeRolePolicy.Statement[0].Principal"]);
    });

    // ---- properties ---------------------------------------------------------------------------

    const ACTIONS = ["s3:GetObject", "s3:*", "iam:PassRole", "iam:*", "*", "sts:AssumeRole", "secretsmanager:GetSecretValue", "ec2:RunInstances"];
    const leaf = fc.oneof(fc.constantFrom(...ACTIONS), fc.constant(U));
    const statement = fc.record(
        {
            Sid: fc.oneof(fc.constantFrom("A", "B"), fc.constant(U)),
            Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), fc.constant(U)),
            Action: fc.oneof(leaf, fc.array(leaf, { maxLength: 4 })),
            NotAction: fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })),
            Resource: fc.oneof(fc.constant("*"), fc.constant(U), fc.array(fc.oneof(fc.constant("arn:aws:s3:::b/*"), fc.constant(U)), { maxLength: 3 })),
            Condition: fc.oneof(
                fc.constant(U),
                fc.record({ DateLessThan: fc.oneof(fc.constant(U), fc.record({ "aws:CurrentTime": fc.oneof(fc.constant("2027-01-01T00:00:00Z"), fc.constant(U), fc.array(fc.oneof(fc.constant("2027-01-01T00:00:00Z"), fc.constant(U)), { maxLength: 3 })) })) }),
            ),
        },
        { requiredKeys: ["Effect"] },
    );
    const document = fc.record({ Version: fc.constant("2012-10-17"), Statement: fc.oneof(statement, fc.array(fc.oneof(statement, fc.constant(U)), { maxLength: 4 })) });

    /** The document with every sentinel replaced by the next completion value. */
    function complete(v: unknown, values: string[], i = { n: 0 }): unknown {
        if (typeof v === "string" && UNKNOWN_SENTINELS.has(v)) return values[i.n++ % values.length];
        if (Array.isArray(v)) return v.map((x) => complete(x, values, i));
        if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, complete(x, values, i)]));
        return v;
    }

    it("never throws, for either role, on anything", () => {
        fc.assert(fc.property(fc.anything(), fc.constantFrom("grant" as const, "trust" as const), (d, role) => void knownDocument(d, role, "p")));
        fc.assert(fc.property(document, fc.constantFrom("grant" as const, "trust" as const), (d, role) => void knownDocument(d, role, "p")));
    });

    it("grant: every finding of the known part is a finding of the document, whatever the unknowns turn out to be", () => {
        const completion = fc.array(fc.oneof(fc.constantFrom(...ACTIONS, "Allow", "Deny", "arn:aws:s3:::b/*", "2026-01-01T00:00:00Z", "not-a-date"), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 6 });
        fc.assert(
            fc.property(document, completion, (d, values) => {
                const known = knownFindings(d);
                const full = findings(complete(d, values));
                for (const f of known) if (!full.has(f)) throw new Error(`finding ${f} comes from no completion value: ${JSON.stringify(d)}`);
            }),
            { numRuns: 400 },
        );
    });

    it("grant: a known wildcard action is found whatever else is unknown", () => {
        fc.assert(
            fc.property(document, (d) => {
                const doc = { ...d, Statement: [...(Array.isArray(d.Statement) ? d.Statement : [d.Statement]), { Effect: "Allow", Action: "iam:*", Resource: U }] };
                expect([...findings(knownDocument(doc, "grant", "policy").document)]).toContain("wildcard Action::iam:*");
            }),
            { numRuns: 200 },
        );
    });
});

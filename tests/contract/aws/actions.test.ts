import fc from "fast-check";
import { classifyAction, grantEntriesFromDocument, grantEntryFromManagedPolicy, isAdminPolicyArn, isWriteAction } from "../../../contract/aws/actions";
import { parsePolicyDocument } from "../../../contract/aws/policyDocument";

describe("classifyAction", () => {
    it.each(["*", "*:*", "s3:*", "s3:Get*", "S3:get?bject", "iam:Put*"])("%s is a wildcard", (a) => expect(classifyAction(a).wildcard).toBe(true));
    it.each(["s3:GetObject", "iam:PassRole"])("%s is not a wildcard", (a) => expect(classifyAction(a).wildcard).toBe(false));

    it.each(["s3:GetObject", "S3:GETOBJECT", "s3:ListBucket", "ec2:DescribeInstances", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "s3:Get*", "s3:list*", "cloudtrail:LookupEvents", "bedrock:InvokeModel"])("%s reads", (a) => expect(isWriteAction(a)).toBe(false));
    it.each(["s3:PutObject", "s3:DeleteObject", "iam:PassRole", "lambda:InvokeFunction", "s3:*", "*", "s3:G*", "s3:*Object", "*:GetObject", "s3:FrobnicateWidget", "notanaction", ":GetObject", "s3:"])("%s writes (unknown counts as write)", (a) => expect(isWriteAction(a)).toBe(true));

    it.each([
        ["iam:CreateAccessKey", true, true],
        ["IAM:createaccesskey", true, true],
        ["iam:PassRole", true, false],
        ["iam:Put*", true, false],
        ["iam:*", true, true],
        ["*", true, true],
        ["lambda:UpdateFunctionCode", true, false],
        ["sts:GetSessionToken", false, true],
        ["ecr:GetAuthorizationToken", false, true],
        ["sts:Get*", false, true],
        ["s3:GetObject", false, false],
        ["iam:GetRole", false, false],
    ])("%s: escalation %s, exposure %s", (a, escalation, exposure) => {
        const c = classifyAction(a);
        expect(c.escalation.length > 0).toBe(escalation);
        expect(c.exposure.length > 0).toBe(exposure);
    });
});

describe("admin policies", () => {
    it.each(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws-us-gov:iam::aws:policy/IAMFullAccess", "arn:aws-cn:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/administratoraccess"])("%s is admin", (arn) => {
        expect(isAdminPolicyArn(arn)).toBe(true);
        expect(grantEntryFromManagedPolicy(arn).findings).toEqual([{ rule: "admin-role", item: `Policy::${arn}` }]);
    });
    it.each(["arn:aws:iam::123456789012:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess-Amplify"])("%s is not admin", (arn) => expect(isAdminPolicyArn(arn)).toBe(false));
    it("counts AWS-managed policies as writes unless read-only by name; customer policies are judged by their own document", () => {
        expect(grantEntryFromManagedPolicy("arn:aws:iam::aws:policy/AmazonS3FullAccess").writes).toEqual(["arn:aws:iam::aws:policy/AmazonS3FullAccess"]);
        expect(grantEntryFromManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess").writes).toEqual([]);
        expect(grantEntryFromManagedPolicy("arn:aws:iam::123456789012:policy/mine").writes).toEqual([]);
    });
});

describe("grantEntryFromStatement", () => {
    const entries = (statement: object) => grantEntriesFromDocument(parsePolicyDocument({ Statement: statement }));

    it("reports cdk-nag style findings per action", () => {
        const [e] = entries({ Sid: "Docs", Effect: "Allow", Action: ["s3:GetObject", "iam:*", "sts:GetSessionToken"], Resource: "*" });
        expect(e.label).toBe('statement "Docs"');
        expect(e.findings).toEqual([
            { rule: "wildcard", item: "Action::iam:*" },
            { rule: "escalation", item: "Action::iam:*" },
            { rule: "exposure", item: "Action::iam:*" },
            { rule: "exposure", item: "Action::sts:GetSessionToken" },
        ]);
        expect(e.writes).toEqual(["iam:*"]);
    });

    it("reports NotAction allows, and the escalation they leave in", () => {
        const [e] = entries({ Effect: "Allow", NotAction: ["s3:DeleteBucket"], Resource: "*" });
        expect(e.notAction).toBe(true);
        expect(e.findings.map((f) => f.rule)).toEqual(["not-action", "escalation", "exposure"]);
        expect(e.writes).toEqual(["NotAction:s3:DeleteBucket"]);
        const [narrow] = entries({ Effect: "Allow", NotAction: ["iam:*", "sts:*", "lambda:*", "glue:*", "cloudformation:*", "codestar:*", "datapipeline:*", "sagemaker:*", "ssm:*", "*:Get*", "*:Create*", "*:Update*", "*:Connect", "*:Poll*", "*:Send*", "*:Reset*", "*:Rotate*", "*:Upload*", "*:Request*"] });
        expect(narrow.findings.map((f) => f.rule)).toEqual(["not-action"]);
    });

    it("ignores Deny statements", () => {
        expect(entries([{ Effect: "Deny", Action: "*" }])).toEqual([]);
    });
});

// ---- properties ------------------------------------------------------------------------------

const READ_ACTIONS = ["s3:GetObject", "s3:ListBucket", "dynamodb:Query", "ec2:DescribeInstances", "logs:GetLogEvents", "bedrock:InvokeModel"];
const FAR_FUTURE = "9999-12-31T23:59:59Z";

const date = fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z"));
const compliantStatement = fc.record({ actions: fc.uniqueArray(fc.constantFrom(...READ_ACTIONS), { minLength: 1, maxLength: 4 }), until: date, sid: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: undefined }) });
const compliantDoc = fc.array(compliantStatement, { minLength: 1, maxLength: 5 });
type Spec = { actions: string[]; until: string; sid?: string };

function build(specs: Spec[], rewrite: { single: boolean; upper: boolean; keyCase: boolean; effectCase: boolean; asString: boolean; reverse: boolean }) {
    const list = (xs: string[]) => (rewrite.single && xs.length === 1 ? xs[0] : xs);
    const statements = specs.map((s) => ({
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: rewrite.effectCase ? "allow" : "Allow",
        Action: list(s.actions.map((a) => (rewrite.upper ? a.toUpperCase() : a))),
        Resource: list(["*"]),
        Condition: { DateLessThan: { [rewrite.keyCase ? "AWS:CURRENTTIME" : "aws:CurrentTime"]: list([s.until]) } },
    }));
    if (rewrite.reverse) statements.reverse();
    const doc = { Version: "2012-10-17", Statement: rewrite.single && statements.length === 1 ? statements[0] : statements };
    return rewrite.asString ? JSON.stringify(doc) : doc;
}

const rewrites = fc.record({ single: fc.boolean(), upper: fc.boolean(), keyCase: fc.boolean(), effectCase: fc.boolean(), asString: fc.boolean(), reverse: fc.boolean() });
const plain = { single: false, upper: false, keyCase: false, effectCase: false, asString: false, reverse: false };

function compliant(input: unknown): boolean {
    const doc = parsePolicyDocument(input);
    const es = grantEntriesFromDocument(doc);
    return doc.problems.length === 0 && es.length > 0 && es.every((e) => e.endsAt !== undefined && e.findings.length === 0 && e.writes.length === 0);
}

function ends(input: unknown): number[] {
    return grantEntriesFromDocument(parsePolicyDocument(input)).map((e) => e.endsAt?.getTime() ?? Number.NaN).sort();
}

describe("properties", () => {
    it("semantics-preserving rewrites keep a compliant document compliant, with the same ends", () => {
        fc.assert(
            fc.property(compliantDoc, rewrites, (specs, rw) => {
                expect(compliant(build(specs, plain))).toBe(true);
                expect(compliant(build(specs, rw))).toBe(true);
                expect(ends(build(specs, rw))).toEqual(ends(build(specs, plain)));
            }),
        );
    });

    it("adding a wildcard or escalation action to a compliant grant always yields a finding", () => {
        const bad = fc.oneof(fc.constantFrom("*", "*:*", "s3:*", "s3:Get*", "iam:Put*", "iam:*Policy", "iam:PassRole", "IAM:CREATEACCESSKEY", "lambda:UpdateFunctionCode", "sts:GetSessionToken", "iam:CreatePolicyVersion", "iam:attachrolepolicy"), fc.stringMatching(/^[a-z0-9-]{1,12}:[A-Za-z]{0,6}\*$/));
        fc.assert(
            fc.property(compliantDoc, bad, fc.nat(), rewrites, (specs, action, at, rw) => {
                const i = at % specs.length;
                const mutated = specs.map((s, j) => (j === i ? { ...s, actions: [...s.actions, action] } : s));
                const es = grantEntriesFromDocument(parsePolicyDocument(build(mutated, rw)));
                expect(es.some((e) => e.findings.length > 0)).toBe(true);
            }),
        );
    });

    it("adding a far-future or unreadable date never makes an entry end earlier, and an unbounded entry stays unbounded", () => {
        const noise = fc.constantFrom<Record<string, Record<string, unknown>>>(
            { DateLessThan: { "aws:CurrentTime": "not-a-date" } },
            { "ForAllValues:DateLessThan": { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
            { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
            { DateLessThan: { "aws:EpochTime": "2026-01-01T00:00:00Z" } },
            { DateLessThan: { "aws:CurrentTime": [] } },
            { StringEquals: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
        );
        fc.assert(
            fc.property(date, noise, (until, extra) => {
                // Far-future value ORed into the clause: the bound becomes the far future.
                const widened = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: { DateLessThan: { "aws:CurrentTime": [until, FAR_FUTURE] } } } });
                expect(grantEntriesFromDocument(widened)[0].endsAt?.toISOString()).toBe("9999-12-31T23:59:59.000Z");
                // Noise on a statement without a bound never bounds it.
                const unbounded = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: extra } });
                expect(grantEntriesFromDocument(unbounded)[0].endsAt).toBeUndefined();
                // A missing date (unparseable value) ORed into a bounded clause removes the bound.
                const missing = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Condition: { DateLessThan: { "aws:CurrentTime": [until, ""] } } } });
                expect(grantEntriesFromDocument(missing)[0].endsAt).toBeUndefined();
            }),
        );
    });
});

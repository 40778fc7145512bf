/**
 * Privilege judged from the clouds' own data, through real AnalyzeStack requests: AWS-managed
 * policies by what their documents grant, wildcards expanded against AWS's action list, escalation
 * methods that need actions from several documents, and credential actions by the resources they
 * reach. Every violating case has its compliant twin.
 */
import { UNKNOWN } from "../../cli/analyzer/protocol";
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { advisory, loadPack, mandatory, of, pinClock, type PackHarness } from "../helpers/pack";
import { ACCOUNT, GOOD_TAGS, NOW, attachment, managedPolicy, role, rolePolicy } from "./estate";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

const LP = "nhi-least-privilege";
const DA = "nhi-declared-access";
const UNTIL = { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } };
const RUNNER = `arn:aws:iam::${ACCOUNT}:role/function-runner`;

async function stack(policy: string, inputs: AnalyzerInput[]) {
    const ds = of(await pack.analyzeStack(inputs), policy);
    return { mandatory: mandatory(ds).map((d) => [d.urn, d.message] as const), advisory: advisory(ds).map((d) => [d.urn, d.message] as const) };
}

/** A dated statement on the given resources, as a program would write it with `aws.iam.getPolicyDocument`. */
function doc(...statements: { sid: string; actions: string[]; resources: string[] }[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: statements.map((s) => ({ Sid: s.sid, Effect: "Allow", Action: s.actions, Resource: s.resources, Condition: UNTIL })),
    });
}

const awsManaged = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe("AWS-managed policies attached to an AI tool's role are judged by what they grant", () => {
    test.each([
        ["IAMFullAccess", /Policy::arn:aws:iam::aws:policy\/IAMFullAccess in managed policy .*administrator/],
        ["PowerUserAccess", /Policy::arn:aws:iam::aws:policy\/PowerUserAccess in managed policy .*administrator/],
        ["SecretsManagerReadWrite", /Policy::arn:aws:iam::aws:policy\/SecretsManagerReadWrite \(grants secretsmanager:BatchGetSecretValue, secretsmanager:GetSecretValue on every resource\).*credential-exposure/],
        ["AWSLambda_FullAccess", /Policy::arn:aws:iam::aws:policy\/AWSLambda_FullAccess \(grants lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration, iam:PassRole\).*privilege-escalation/],
    ])("%s is a violation", async (name, expected) => {
        const r = role("reviewer");
        const a = attachment("managed", "reviewer", awsManaged(name), { to: r });
        const out = await stack(LP, [r, a]);
        expect(out.mandatory).toEqual(expect.arrayContaining([[a.urn, expect.stringMatching(expected)]]));
    });

    test("read-only managed policies pass least privilege, and a read identity may hold one", async () => {
        const r = role("reviewer");
        const ro = attachment("s3-ro", "reviewer", awsManaged("AmazonS3ReadOnlyAccess"), { to: r });
        expect((await stack(LP, [r, ro])).mandatory).toEqual([]);
        expect((await stack(DA, [r, ro])).mandatory).toEqual([]);
    });

    test("a read identity holding a managed policy that writes is told which of its actions write", async () => {
        const r = role("reviewer"); // GOOD_TAGS declare access=read
        const full = attachment("s3-full", "reviewer", awsManaged("AmazonS3FullAccess"), { to: r });
        expect((await stack(DA, [r, full])).mandatory).toEqual([[full.urn, expect.stringMatching(/declared `access=read`, write access through managed policy arn:aws:iam::aws:policy\/AmazonS3FullAccess: `s3:\*`/)]]);
    });

    test("a managed policy ARN unknown at preview is not a violation", async () => {
        const r = role("reviewer");
        const a = attachment("later", "reviewer", UNKNOWN, { to: r });
        expect((await stack(LP, [r, a])).mandatory).toEqual([]);
    });
});

describe("customer-managed policies attached by ARN are resolved in the stack", () => {
    test("a wildcard that expands to write actions, attached by ARN (no dependency), is write for a read tool", async () => {
        const r = role("reviewer");
        const p = managedPolicy("tune-iam", doc({ sid: "Tune", actions: ["iam:Get*", "iam:Put*"], resources: [`arn:aws:iam::${ACCOUNT}:role/reviewer`] }));
        const a = attachment("tune", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/tune-iam`);
        const declared = await stack(DA, [r, p, a]);
        expect(declared.mandatory).toEqual([[a.urn, expect.stringMatching(/write access through statement "Tune" of IAM managed policy "tune-iam": `iam:Put\*`/)]]);
        const lp = await stack(LP, [r, p, a]);
        expect(lp.mandatory.map(([, m]) => m)).toEqual(expect.arrayContaining([expect.stringMatching(/Action::iam:Put\* in statement "Tune" of IAM managed policy "tune-iam": a wildcard/), expect.stringMatching(/Action::iam:Put\* .*privilege-escalation/)]));
    });

    test("its compliant twin: the read verbs only", async () => {
        const r = role("reviewer");
        const p = managedPolicy("read-iam", doc({ sid: "Read", actions: ["iam:GetRole", "iam:ListRoles"], resources: ["*"] }));
        const a = attachment("read", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/read-iam`, { to: r, policy: p });
        expect((await stack(DA, [r, p, a])).mandatory).toEqual([]);
        expect((await stack(LP, [r, p, a])).mandatory).toEqual([]);
    });
});

describe("escalation methods that need several actions, granted from several documents", () => {
    const pass = (r: AnalyzerInput) => rolePolicy("pass-runner", "reviewer", doc({ sid: "Pass", actions: ["iam:PassRole"], resources: [RUNNER] }), { to: r });
    const functions = (r: AnalyzerInput, actions: string[]) => rolePolicy("functions", "reviewer", doc({ sid: "Functions", actions, resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:review-*`] }), { to: r });

    test("iam:PassRole on one named role with lambda:CreateFunction and lambda:InvokeFunction escalates to that role", async () => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": "write" } });
        const out = await stack(LP, [r, pass(r), functions(r, ["lambda:CreateFunction", "lambda:InvokeFunction"])]);
        expect(out.mandatory).toEqual([
            [r.urn, expect.stringMatching(/^IAM role "reviewer" can escalate its privileges through PassExistingRoleToNewLambdaThenInvoke: together its grants \(IAM role inline policy "pass-runner", IAM role inline policy "functions"\) allow iam:PassRole \+ lambda:CreateFunction \+ lambda:InvokeFunction/)],
        ]);
    });

    test("its compliant twin: passing the role without creating functions, or invoking without passing", async () => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": "write" } });
        expect((await stack(LP, [r, pass(r), functions(r, ["lambda:InvokeFunction"])])).mandatory).toEqual([]);
        expect((await stack(LP, [r, functions(r, ["lambda:CreateFunction", "lambda:InvokeFunction"])])).mandatory).toEqual([]);
    });

    test("CloudFormation change sets and AgentCore code interpreters are paths too", async () => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": "write" } });
        const cfn = rolePolicy("cfn", "reviewer", doc({ sid: "Cfn", actions: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], resources: [`arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/review/*`] }), { to: r });
        const out = await stack(LP, [r, pass(r), cfn]);
        expect(out.mandatory.map(([, m]) => m)).toEqual([expect.stringMatching(/through PassExistingRoleToCloudFormationChangeSet/)]);
    });
});

describe("credential actions: one named resource is the grant's point, every resource is a violation", () => {
    test.each([
        ["sts:AssumeRole", [`arn:aws:iam::${ACCOUNT}:role/deployer`], false],
        ["sts:AssumeRole", ["*"], true],
        ["sts:AssumeRole", [`arn:aws:iam::${ACCOUNT}:role/*`], true],
        ["secretsmanager:GetSecretValue", [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:reviewer-token-*`], false],
        ["secretsmanager:GetSecretValue", ["*"], true],
        ["codeartifact:GetAuthorizationToken", [`arn:aws:codeartifact:eu-west-1:${ACCOUNT}:domain/acme`], false],
        ["ecr:GetAuthorizationToken", ["*"], true],
    ])("%s on %j: violation %s", async (action, resources, violating) => {
        const r = role("reviewer");
        const rp = rolePolicy("creds", "reviewer", doc({ sid: "Creds", actions: [action], resources }), { to: r });
        const out = await stack(LP, [r, rp]);
        expect(out.mandatory).toEqual(violating ? [[rp.urn, expect.stringMatching(new RegExp(`Action::${action.replace(/[.*]/g, "\\$&")} in statement "Creds": a credential-exposure action`))]] : []);
    });

    test("NotResource in an Allow, and a write on Resource * that AWS lets you scope, are reported", async () => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": "write" } });
        const notResource = rolePolicy(
            "not-resource",
            "reviewer",
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Docs", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::payroll/*", Condition: UNTIL }] }),
            { to: r },
        );
        const star = rolePolicy("star", "reviewer", doc({ sid: "Put", actions: ["s3:PutObject"], resources: ["*"] }), { to: r });
        const scoped = rolePolicy("scoped", "reviewer", doc({ sid: "Put", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::review-notes/*"] }), { to: r });
        const out = await stack(LP, [r, notResource, star, scoped]);
        expect(out.mandatory).toEqual([
            [notResource.urn, expect.stringMatching(/NotResource::arn:aws:s3:::payroll\/\* in statement "Docs": an Allow with NotResource/)],
            [star.urn, expect.stringMatching(/Resource::\* for s3:PutObject in statement "Put": these actions can be limited to named resources/)],
        ]);
    });
});

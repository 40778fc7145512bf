/**
 * Construction errors: every bad declaration fails before any child exists, with one line per
 * problem naming the argument and the fix, all problems at once, and no stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockEstate } from "../../helpers/mocks";
import { EXPIRES, OIDC_PROVIDER_ARN, prReviewer, ROTATION_LAMBDA_ARN } from "./fixtures";
import type { AwsAiToolIdentityArgs as AiToolIdentityArgs } from "../../../components/aws/aiToolIdentity";

type Module = typeof import("../../../components/aws/aiToolIdentity");
let AiToolIdentity: Module["AwsAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    ({ AwsAiToolIdentity: AiToolIdentity } = require("../../../components/aws/aiToolIdentity") as Module);
});

let counter = 0;
/** The problem lines of a construction that must fail. */
function problemsOf(args: unknown): string[] {
    const name = `bad-${counter++}`;
    try {
        new AiToolIdentity(name, args as AiToolIdentityArgs);
    } catch (err: any) {
        expect(err.name).toBe("InvalidArgumentsError");
        expect(pulumi.ResourceError.isInstance(err)).toBe(true);
        expect(err.hideStack).toBe(true);
        expect(err.message).toBe(`invalid declaration for "${name}":\n${err.problems.map((p: string) => `  - ${p}`).join("\n")}`);
        return err.problems;
    }
    throw new Error(`expected ${name} to be refused`);
}

const service = { trust: { service: "bedrock-agentcore.amazonaws.com" }, githubOidcProviderArn: undefined };
const OIDC_EXAMPLE = "`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`";

describe("AiToolIdentity arguments", () => {
    it("accepts the compliant fixture (so every refusal below is caused by its one change)", async () => {
        expect(() => new AiToolIdentity("good", prReviewer())).not.toThrow();
        await estate.settled();
    });

    it("creates no child for a refused declaration", async () => {
        problemsOf(prReviewer({ owner: "" }));
        const name = `bad-${counter - 1}`;
        await estate.settled();
        expect(estate.childrenOf(name)).toEqual([]);
    });

    it("refuses missing arguments", () => {
        expect(problemsOf(undefined)).toEqual(["`args`: is required; pass the tool's declaration (`tool`, `owner`, `purpose`, `expiresAt`, `access`, `trust`)"]);
    });

    it("refuses an unknown argument name", () => {
        expect(problemsOf({ ...prReviewer(), maxSessionDuration: 7200 })).toEqual(["`maxSessionDuration`: is not an argument of this component; remove it or check its spelling"]);
    });

    describe("trust", () => {
        it("requires the GitHub OIDC provider for GitHub trust", () => {
            expect(problemsOf(prReviewer({ githubOidcProviderArn: undefined }))).toEqual([
                `\`githubOidcProviderArn\`: is required with \`trust.githubActions\`; pass your account's GitHub OIDC provider, ${OIDC_EXAMPLE}`,
            ]);
        });

        it("refuses another OIDC provider", () => {
            const arn = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
            expect(problemsOf(prReviewer({ githubOidcProviderArn: arn }))).toEqual([`\`githubOidcProviderArn\` "${arn}" is not a GitHub OIDC provider ARN; use ${OIDC_EXAMPLE}`]);
        });

        it("refuses a provider ARN unknown until deployment", () => {
            expect(problemsOf(prReviewer({ githubOidcProviderArn: pulumi.output(OIDC_PROVIDER_ARN) as any }))).toEqual([
                `\`githubOidcProviderArn\`: must be a plain string, known at preview, so the trust can be verified; write the ARN out, ${OIDC_EXAMPLE}`,
            ]);
        });

        it("refuses the GitHub provider with another kind of trust", () => {
            expect(problemsOf(prReviewer({ trust: { service: "lambda.amazonaws.com" } }))).toEqual(["`githubOidcProviderArn`: is only used with `trust.githubActions`; remove it"]);
        });

        it("refuses a service principal of another cloud", () => {
            expect(problemsOf(prReviewer({ ...service, trust: { service: "run.googleapis.com" } }))).toEqual([
                '`trust.service` "run.googleapis.com" is not an AWS service principal; name one such as `bedrock-agentcore.amazonaws.com`',
            ]);
        });

        it("refuses an account root or a user as the trusted identity", () => {
            const line = (arn: string) => `\`trust.identity\` "${arn}" is not an IAM role ARN; name exactly one role, \`arn:aws:iam::<account>:role/<name>\` (an account or a user is not one workload)`;
            for (const arn of ["arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/alice", "123456789012"]) {
                expect(problemsOf(prReviewer({ trust: { identity: arn }, githubOidcProviderArn: undefined }))).toEqual([line(arn)]);
            }
        });

        it("refuses two subjects at once", () => {
            expect(problemsOf(prReviewer({ trust: { service: "lambda.amazonaws.com", identity: "arn:aws:iam::123456789012:role/x" }, githubOidcProviderArn: undefined }))).toEqual([
                "`trust`: name exactly one of `githubActions`, `service` or `identity` (got service, identity)",
            ]);
        });

        it("checks the source account of a service trust", () => {
            expect(problemsOf(prReviewer({ ...service, serviceSourceAccount: "12345" }))).toEqual([
                '`serviceSourceAccount` "12345" is not an AWS account ID; use the 12 digits of the account whose resources call the service',
            ]);
            expect(problemsOf(prReviewer({ serviceSourceAccount: "123456789012" }))).toEqual(["`serviceSourceAccount`: is only used with `trust.service`; remove it"]);
        });

        it("gives an AgentCore workload identity only to an AgentCore agent", () => {
            expect(problemsOf(prReviewer({ agentCoreWorkloadIdentity: true }))).toEqual([
                "`agentCoreWorkloadIdentity`: needs `trust.service` `bedrock-agentcore.amazonaws.com` (the workload identity belongs to an AgentCore agent); set the trust or remove it",
            ]);
        });
    });

    describe("grants", () => {
        const grant = (g: Record<string, unknown>) => prReviewer({ grants: [g as any] });

        it("requires actions and resources on AWS", () => {
            expect(problemsOf(grant({ name: "empty" }))).toEqual([
                "`grants[0].actions`: is required on AWS; list the IAM actions the tool needs, e.g. `s3:GetObject`",
                "`grants[0].resources`: is required on AWS; list the ARNs the actions apply to (`*` only for actions that take no resource)",
            ]);
            expect(problemsOf(grant({ actions: [], resources: ["arn:aws:s3:::a"] }))).toEqual([
                "`grants[0].actions`: is required on AWS; list the IAM actions the tool needs, e.g. `s3:GetObject`",
            ]);
        });

        it("refuses GCP and Azure grant fields", () => {
            expect(problemsOf(grant({ role: "roles/viewer", scope: "projects/p", actions: ["s3:GetObject"], resources: ["*"] }))).toEqual([
                "`grants[0].role`: is for GCP and Azure; AWS grants use `actions` and `resources`",
                "`grants[0].scope`: is for GCP and Azure; AWS grants use `actions` and `resources`",
            ]);
        });

        it.each(["*", "s3:*", "s3:Get*", "s3:GetObj?ct"])("refuses the wildcard action %s", (action) => {
            expect(problemsOf(prReviewer({ access: "write", grants: [{ actions: [action], resources: ["*"] }] }))).toEqual([
                `\`grants[0].actions[0]\` ${JSON.stringify(action)} is a wildcard; list the exact actions the tool needs`,
            ]);
        });

        it("refuses an action that is not service:Action", () => {
            expect(problemsOf(grant({ actions: ["GetObject"], resources: ["*"] }))).toEqual([
                '`grants[0].actions[0]` "GetObject" is not an IAM action; write `service:Action`, e.g. `s3:GetObject`',
            ]);
        });

        it("refuses write actions for a read-only tool, and only those", () => {
            expect(problemsOf(grant({ actions: ["s3:GetObject", "s3:PutObject", "dynamodb:DeleteItem", "bedrock:InvokeModel"], resources: ["*"] }))).toEqual([
                '`grants[0].actions[1]` "s3:PutObject" writes, but `access` is `read`; remove the action or declare `access: "write"`',
                '`grants[0].actions[2]` "dynamodb:DeleteItem" writes, but `access` is `read`; remove the action or declare `access: "write"`',
            ]);
            expect(() => new AiToolIdentity("writer", prReviewer({ access: "write", grants: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::a/*"] }] }))).not.toThrow();
        });

        it("refuses escalation and credential-issuing actions, whatever the access level", () => {
            expect(problemsOf(prReviewer({ access: "admin", grants: [{ actions: ["iam:PassRole", "sts:AssumeRole", "iam:CreateAccessKey"], resources: ["*"] }] }))).toEqual([
                '`grants[0].actions[0]` "iam:PassRole" lets the tool escalate its privileges; remove it and have a human make that change',
                '`grants[0].actions[1]` "sts:AssumeRole" hands out credentials; remove it (the tool gets its own short-lived session through `trust`)',
                '`grants[0].actions[2]` "iam:CreateAccessKey" lets the tool escalate its privileges and mint credentials; remove it',
            ]);
        });

        it("refuses a resource that is not an ARN", () => {
            expect(problemsOf(grant({ actions: ["s3:GetObject"], resources: ["acme-docs"] }))).toEqual([
                '`grants[0].resources[0]` "acme-docs" is not an ARN; write the resource\'s ARN, e.g. `arn:aws:s3:::bucket/prefix/*`',
            ]);
        });

        it("refuses two grants with the same name", () => {
            const g = { name: "docs", actions: ["s3:GetObject"], resources: ["*"] };
            expect(problemsOf(prReviewer({ grants: [g, g] }))).toEqual(['`grants[1].name` "docs" is also the name of `grants[0]`; give each grant its own name']);
        });
    });

    describe("managed policies", () => {
        it("refuses customer-managed policies (they cannot be dated here; write them as grants)", () => {
            const arn = "arn:aws:iam::123456789012:policy/team-policy";
            expect(problemsOf(prReviewer({ managedPolicyArns: [arn] }))).toEqual([
                `\`managedPolicyArns[0]\` "${arn}" is not an AWS-managed policy ARN; attach only \`arn:aws:iam::aws:policy/...\` here and write your own statements as \`grants\`, which end by themselves`,
            ]);
        });

        it("refuses admin policies", () => {
            const arn = "arn:aws:iam::aws:policy/AdministratorAccess";
            expect(problemsOf(prReviewer({ access: "admin", managedPolicyArns: [arn] }))).toEqual([
                `\`managedPolicyArns[0]\` "${arn}" administers the account; grant the exact actions the tool needs instead`,
            ]);
        });

        it("refuses a policy that may write for a read-only tool", () => {
            const arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
            expect(problemsOf(prReviewer({ managedPolicyArns: [arn] }))).toEqual([
                `\`managedPolicyArns[0]\` "${arn}" may write, but \`access\` is \`read\`; use a read-only managed policy or declare \`access: "write"\``,
            ]);
        });
    });

    describe("secrets", () => {
        const agent = (overrides: Partial<AiToolIdentityArgs>) => prReviewer({ ...service, ...overrides });

        it("requires a rotation function for secrets", () => {
            expect(problemsOf(agent({ secrets: [{ name: "vendor-key" }] }))).toEqual([
                "`secretRotationLambdaArn`: is required when `secrets` is set; pass the ARN of the Lambda function that rotates them (Secrets Manager calls it every `rotationDays`)",
            ]);
        });

        it("refuses a rotation function without secrets", () => {
            expect(problemsOf(agent({ secretRotationLambdaArn: ROTATION_LAMBDA_ARN }))).toEqual(["`secretRotationLambdaArn`: is only used with `secrets`; remove it"]);
        });

        it("refuses a rotation function ARN that is not a Lambda function", () => {
            expect(problemsOf(agent({ secrets: [{ name: "vendor-key" }], secretRotationLambdaArn: "rotate-vendor-key" }))).toEqual([
                '`secretRotationLambdaArn` "rotate-vendor-key" is not a Lambda function ARN; use `arn:aws:lambda:<region>:<account>:function:<name>`',
            ]);
        });

        it("accepts a rotation function ARN that is an Output", () => {
            expect(() => new AiToolIdentity("lambda-output", agent({ secrets: [{ name: "vendor-key" }], secretRotationLambdaArn: pulumi.output(ROTATION_LAMBDA_ARN) }))).not.toThrow();
        });

        it("refuses two secrets with the same name", () => {
            expect(problemsOf(agent({ secrets: [{ name: "k" }, { name: "k", rotationDays: 7 }], secretRotationLambdaArn: ROTATION_LAMBDA_ARN }))).toEqual([
                '`secrets[1].name` "k" repeats `secrets[0].name`; give each secret its own name',
            ]);
        });
    });

    describe("role and tags", () => {
        it("refuses an invalid role name and path", () => {
            expect(problemsOf(prReviewer({ roleName: "ai tool", path: "ai-tools" }))).toEqual([
                '`roleName` "ai tool" is not an IAM role name; use 1 to 64 letters, digits or `+=,.@_-`, or leave it out for a generated name',
                '`path` "ai-tools" is not an IAM path; use `/` or `/segment/.../` (starting and ending with `/`)',
            ]);
        });

        it("refuses tags that would override annotations, use AWS's prefix or hold refused characters", () => {
            expect(problemsOf(prReviewer({ tags: { "nhi:owner": "someone-else", "NHI:reviewed": "yes", "aws:team": "x", team: "a, b" } }))).toEqual([
                '`tags["nhi:owner"]`: cannot be set here; the declaration sets it, change the declaration instead',
                '`tags["NHI:reviewed"]`: cannot be set here; the `nhi:` prefix is reserved for governance annotations',
                '`tags["aws:team"]`: the `aws:` prefix is reserved by AWS; rename the key',
                '`tags["team"]`: is not a valid AWS tag value; use a string of up to 256 letters, digits, spaces and `_ . : / = + - @`',
            ]);
        });

        it("refuses a purpose AWS cannot store as a tag", () => {
            expect(problemsOf(prReviewer({ purpose: "Reviews PRs, and (sometimes) docs" }))).toEqual([
                '`purpose`: AWS tags refuse "," "(" ")"; use letters, digits, spaces and `_ . : / = + - @` only',
            ]);
        });
    });

    describe("stack config", () => {
        afterEach(() => pulumi.runtime.setConfig("nhi-guard:maxLifetimeDays", ""));

        it("enforces nhi-guard:maxLifetimeDays from the stack config", () => {
            pulumi.runtime.setConfig("nhi-guard:maxLifetimeDays", "30");
            expect(problemsOf(prReviewer())).toEqual([
                `\`expiresAt\` ${EXPIRES} is more than 30 days away; set an earlier date and renew it when the tool still needs access`,
            ]);
        });

        it("refuses a malformed nhi-guard:maxLifetimeDays instead of falling back to the default", () => {
            pulumi.runtime.setConfig("nhi-guard:maxLifetimeDays", "a year");
            expect(problemsOf(prReviewer())).toEqual([
                '`nhi-guard:maxLifetimeDays` "a year" is not a whole number of days between 1 and 3650; set it with `pulumi config set nhi-guard:maxLifetimeDays 365`',
            ]);
        });
    });

    it("reports every problem at once, shared and AWS, in one round", () => {
        expect(
            problemsOf({
                tool: "Claude Code",
                owner: "tbd",
                purpose: "Reviews PRs",
                expiresAt: "2020-01-01",
                access: "read",
                trust: { githubActions: { repository: "acme/*", environment: "ai-review" } },
                grants: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::a/*"] }],
                extra: true,
            }),
        ).toEqual([
            "`extra`: is not an argument of this component; remove it or check its spelling",
            "`tool`: use lower case letters, digits, `.`, `_` or `-` (at most 64), e.g. `claude-code`",
            "`trust.githubActions.repository`: use `owner/repo` with no wildcard, e.g. `acme/app`",
            '`owner`: owner "tbd" names nobody; name the accountable team slug (`platform-team`) or an e-mail address',
            "`expiresAt` 2020-01-01 is in the past; set a future date within 365 days",
            `\`githubOidcProviderArn\`: is required with \`trust.githubActions\`; pass your account's GitHub OIDC provider, ${OIDC_EXAMPLE}`,
            '`grants[0].actions[0]` "s3:*" is a wildcard; list the exact actions the tool needs',
        ]);
    });

});

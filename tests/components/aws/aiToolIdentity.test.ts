import { formatInstant, parseContractDate } from "../../../contract/dates";
import { installMocks, known, MockEstate, MOCK_ACCOUNT } from "../../helpers/mocks";
import { EARLY, EXPIRES, LATE, OIDC_PROVIDER_ARN, prReviewer, ROTATION_LAMBDA_ARN } from "./fixtures";

type Module = typeof import("../../../components/aws/aiToolIdentity");
let AiToolIdentity: Module["AwsAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: false });
    ({ AwsAiToolIdentity: AiToolIdentity } = require("../../../components/aws/aiToolIdentity") as Module);
});

const instant = (date: string) => formatInstant(parseContractDate(date)!);
const untilExpiry = { DateLessThan: { "aws:CurrentTime": instant(EXPIRES) } };
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("AiToolIdentity (update)", () => {
    it("creates a role annotated with the declaration, trusted by exactly one GitHub environment until the expiry", async () => {
        const identity = new AiToolIdentity("reviewer", prReviewer({ tags: { "cost-center": "eng-42" } }));
        await estate.settled();

        const role = estate.get(ROLE, "reviewer-role");
        expect(role.parent).toBe("reviewer");
        expect(role.inputs.tags).toEqual({
            "cost-center": "eng-42",
            "nhi:owner": "platform-team",
            "nhi:expires-at": EXPIRES,
            "nhi:purpose": "Reviews pull requests and comments on them",
            "nhi:tool": "claude-code",
            "nhi:access": "read",
        });
        expect(role.inputs.assumeRolePolicy).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "GithubActionsEnvironment",
                    Effect: "Allow",
                    Principal: { Federated: OIDC_PROVIDER_ARN },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                            "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:ai-review",
                        },
                        ...untilExpiry,
                    },
                },
            ],
        });
        expect(role.inputs.maxSessionDuration).toBe(3600);
        expect(role.inputs).not.toHaveProperty("permissionsBoundary");
        expect(role.inputs).not.toHaveProperty("managedPolicyArns");
        expect(role.inputs).not.toHaveProperty("inlinePolicies");

        const grant = estate.get(ROLE_POLICY, "reviewer-grant-read-docs");
        expect(grant.parent).toBe("reviewer");
        expect(grant.inputs).toEqual({
            role: "reviewer-role-1a2b3c4",
            name: "read-docs",
            policy: {
                Version: "2012-10-17",
                Statement: [{ Sid: "ReadDocs", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::acme-docs/*"], Condition: untilExpiry }],
            },
        });
        // The attachment is traceable to the role through property dependencies (how the pack finds shadow grants).
        expect(grant.propertyDependencies.role).toEqual(["reviewer-role"]);

        expect(await known(identity.roleArn)).toBe(`arn:aws:iam::${MOCK_ACCOUNT}:role/reviewer-role-1a2b3c4`);
        expect(await known(identity.roleName)).toBe("reviewer-role-1a2b3c4");
        expect(await known(identity.secretArns)).toEqual([]);
        expect(await known(identity.workloadIdentityArn)).toBeUndefined();
        expect(identity.expiresAt).toBe(EXPIRES);
        expect(identity.declaration).toEqual({
            tool: "claude-code",
            owner: "platform-team",
            purpose: "Reviews pull requests and comments on them",
            expiresAt: EXPIRES,
            access: "read",
            trust: { githubActions: { repository: "acme/app", environment: "ai-review" } },
            grants: [{ name: "read-docs", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-docs/*"] }],
            secrets: [],
            maxSessionSeconds: 3600,
        });
        expect(estate.childrenOf("reviewer").map((r) => r.type).sort()).toEqual([ROLE, ROLE_POLICY]);
    });

    it("ends each grant at its own until or at the expiry, whichever is first, one inline policy per grant", async () => {
        new AiToolIdentity("dated", prReviewer({
            grants: [
                { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a/*"] },
                { name: "short", actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::a"], until: EARLY },
                { name: "past-expiry", actions: ["dynamodb:Query"], resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/t"], until: LATE },
                { name: "to-the-second", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], until: `${EARLY}T12:30:00Z` },
            ],
        }));
        await estate.settled();

        const ends = (name: string) => estate.get(ROLE_POLICY, name).inputs.policy.Statement[0].Condition;
        expect(estate.get(ROLE_POLICY, "dated-grant-0").inputs.name).toBe("grant-0");
        expect(ends("dated-grant-0")).toEqual(untilExpiry);
        expect(ends("dated-grant-short")).toEqual({ DateLessThan: { "aws:CurrentTime": `${EARLY}T00:00:00Z` } });
        expect(ends("dated-grant-past-expiry")).toEqual(untilExpiry);
        expect(ends("dated-grant-to-the-second")).toEqual({ DateLessThan: { "aws:CurrentTime": `${EARLY}T12:30:00Z` } });
        expect(estate.childrenOf("dated").filter((r) => r.type === ROLE_POLICY)).toHaveLength(4);
    });

    it("trusts one AWS service, stores rotated secrets the role alone reads, and adds an AgentCore workload identity", async () => {
        const identity = new AiToolIdentity("agent", {
            tool: "support-agent",
            owner: "support-eng@example.com",
            purpose: "Answers customer tickets from the knowledge base",
            expiresAt: EXPIRES,
            access: "read",
            trust: { service: "bedrock-agentcore.amazonaws.com" },
            serviceSourceAccount: "123456789012",
            secrets: [{ name: "zendesk-token", description: "Zendesk API token" }, { name: "slack-token", rotationDays: 7 }],
            secretRotationLambdaArn: ROTATION_LAMBDA_ARN,
            agentCoreWorkloadIdentity: true,
            maxSessionSeconds: 900,
        });
        await estate.settled();

        const role = estate.get(ROLE, "agent-role");
        expect(role.inputs.assumeRolePolicy.Statement).toEqual([
            {
                Sid: "Service",
                Effect: "Allow",
                Principal: { Service: "bedrock-agentcore.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ...untilExpiry },
            },
        ]);
        expect(role.inputs.maxSessionDuration).toBe(900);

        const tags = role.inputs.tags;
        const zendesk = estate.get("aws:secretsmanager/secret:Secret", "agent-secret-zendesk-token");
        expect(zendesk.inputs).toEqual({ description: "Zendesk API token", tags });
        expect(estate.get("aws:secretsmanager/secret:Secret", "agent-secret-slack-token").inputs).toEqual({ tags });
        const zendeskArn = `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:agent-secret-zendesk-token-1a2b3c4-AbCdEf`;
        const slackArn = `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:agent-secret-slack-token-1a2b3c4-AbCdEf`;
        expect(estate.get("aws:secretsmanager/secretRotation:SecretRotation", "agent-secret-zendesk-token-rotation").inputs).toEqual({
            secretId: zendeskArn,
            rotationLambdaArn: ROTATION_LAMBDA_ARN,
            rotationRules: { automaticallyAfterDays: 30 },
        });
        const slackRotation = estate.get("aws:secretsmanager/secretRotation:SecretRotation", "agent-secret-slack-token-rotation");
        expect(slackRotation.inputs.rotationRules).toEqual({ automaticallyAfterDays: 7 });
        expect(slackRotation.propertyDependencies.secretId).toEqual(["agent-secret-slack-token"]);

        expect(estate.get(ROLE_POLICY, "agent-secrets-read").inputs).toEqual({
            role: "agent-role-1a2b3c4",
            name: "read-own-secrets",
            policy: {
                Version: "2012-10-17",
                Statement: [{
                    Sid: "ReadOwnSecrets",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [zendeskArn, slackArn],
                    Condition: untilExpiry,
                }],
            },
        });
        const workload = estate.get("aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity", "agent-workload-identity");
        expect(workload.parent).toBe("agent");

        expect(await known(identity.secretArns)).toEqual([zendeskArn, slackArn]);
        expect(await known(identity.workloadIdentityArn)).toMatch(/workload-identity\/agent-workload-identity-1a2b3c4$/);
    });

    it("trusts exactly one other role when the subject is an identity", async () => {
        const caller = "arn:aws:iam::123456789012:role/orchestrator";
        new AiToolIdentity("delegate", prReviewer({ trust: { identity: caller }, githubOidcProviderArn: undefined, roleName: "ai-delegate", path: "/ai-tools/" }));
        await estate.settled();

        const role = estate.get(ROLE, "delegate-role");
        expect(role.inputs.name).toBe("ai-delegate");
        expect(role.inputs.path).toBe("/ai-tools/");
        expect(role.inputs.assumeRolePolicy.Statement).toEqual([
            { Sid: "Identity", Effect: "Allow", Principal: { AWS: caller }, Action: "sts:AssumeRole", Condition: untilExpiry },
        ]);
    });

    it("attaches AWS-managed policies only under a permissions boundary that ends at the expiry", async () => {
        const managed = "arn:aws:iam::aws:policy/AmazonBedrockReadOnly";
        new AiToolIdentity("bounded", prReviewer({ managedPolicyArns: [managed] }));
        await estate.settled();

        const boundary = estate.get("aws:iam/policy:Policy", "bounded-boundary");
        expect(boundary.parent).toBe("bounded");
        expect(boundary.inputs.policy).toEqual({
            Version: "2012-10-17",
            Statement: [{ Sid: "UntilExpiry", Effect: "Allow", Action: "*", Resource: "*", Condition: untilExpiry }],
        });
        expect(boundary.inputs.tags["nhi:expires-at"]).toBe(EXPIRES);
        const role = estate.get(ROLE, "bounded-role");
        expect(role.inputs.permissionsBoundary).toBe(`arn:aws:iam::${MOCK_ACCOUNT}:policy/bounded-boundary-1a2b3c4`);
        expect(role.propertyDependencies.permissionsBoundary).toEqual(["bounded-boundary"]);
        expect(estate.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "bounded-managed-AmazonBedrockReadOnly").inputs).toEqual({
            role: "bounded-role-1a2b3c4",
            policyArn: managed,
        });
    });

    it("never creates a long-lived credential", async () => {
        await estate.settled();
        const types = new Set(estate.registrations.map((r) => r.type));
        for (const forbidden of ["aws:iam/accessKey:AccessKey", "aws:iam/userLoginProfile:UserLoginProfile", "aws:iam/user:User", "aws:iam/serviceSpecificCredential:ServiceSpecificCredential", "aws:secretsmanager/secretVersion:SecretVersion"]) {
            expect(types.has(forbidden)).toBe(false);
        }
        // Sanity: the suite did create identities, so the absence above means something.
        expect(estate.ofType("nhi-guard:index:AwsAiToolIdentity").length).toBeGreaterThanOrEqual(5);
    });
});

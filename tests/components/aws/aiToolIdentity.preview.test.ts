/**
 * Preview mode: provider-computed outputs (ARNs, generated names) are unknown, as in a real
 * `pulumi preview`. What the policy pack checks as mandatory (annotations, trust, date conditions)
 * must still be known; only what the cloud assigns may be unknown.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatInstant, parseContractDate } from "../../../contract/dates";
import { installMocks, MockEstate, peek, UNKNOWN } from "../../helpers/mocks";
import { EXPIRES, prReviewer, ROTATION_LAMBDA_ARN } from "./fixtures";

type Module = typeof import("../../../components/aws/aiToolIdentity");
let AiToolIdentity: Module["AwsAiToolIdentity"];
let estate: MockEstate;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    ({ AwsAiToolIdentity: AiToolIdentity } = require("../../../components/aws/aiToolIdentity") as Module);
});

const untilExpiry = { DateLessThan: { "aws:CurrentTime": formatInstant(parseContractDate(EXPIRES)!) } };

describe("AiToolIdentity (preview)", () => {
    it("runs as a dry run", () => {
        expect(pulumi.runtime.isDryRun()).toBe(true);
    });

    it("keeps annotations, trust and grant dates known while the role's ARN and name are not", async () => {
        const identity = new AiToolIdentity("reviewer", prReviewer());
        await estate.settled();

        const role = estate.get("aws:iam/role:Role", "reviewer-role");
        expect(role.inputs.tags["nhi:owner"]).toBe("platform-team");
        expect(role.inputs.tags["nhi:expires-at"]).toBe(EXPIRES);
        expect(role.inputs.assumeRolePolicy.Statement[0].Condition.DateLessThan).toEqual(untilExpiry.DateLessThan);
        expect(JSON.stringify(role.inputs)).not.toContain(UNKNOWN);

        const grant = estate.get("aws:iam/rolePolicy:RolePolicy", "reviewer-grant-read-docs");
        expect(grant.inputs.role).toBe(UNKNOWN);
        expect(grant.propertyDependencies.role).toEqual(["reviewer-role"]);
        expect(grant.inputs.policy.Statement[0].Condition).toEqual(untilExpiry);
        expect(JSON.stringify(grant.inputs.policy)).not.toContain(UNKNOWN);

        expect((await peek(identity.roleArn)).known).toBe(false);
        expect((await peek(identity.roleName)).known).toBe(false);
        expect(await peek(identity.secretArns)).toEqual({ known: true, secret: false, value: [] });
        expect(identity.expiresAt).toBe(EXPIRES);
    });

    it("leaves only the secret ARNs unknown in the secret-read grant, so its end date is still checked", async () => {
        const identity = new AiToolIdentity("agent", {
            tool: "support-agent",
            owner: "support-eng",
            purpose: "Answers customer tickets",
            expiresAt: EXPIRES,
            access: "read",
            trust: { service: "bedrock-agentcore.amazonaws.com" },
            secrets: [{ name: "vendor-key" }],
            secretRotationLambdaArn: ROTATION_LAMBDA_ARN,
        });
        await estate.settled();

        const read = estate.get("aws:iam/rolePolicy:RolePolicy", "agent-secrets-read");
        const statement = read.inputs.policy.Statement[0];
        expect(statement.Resource).toEqual([UNKNOWN]);
        expect(statement.Condition).toEqual(untilExpiry);
        expect(statement.Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);

        const rotation = estate.get("aws:secretsmanager/secretRotation:SecretRotation", "agent-secret-vendor-key-rotation");
        expect(rotation.inputs.secretId).toBe(UNKNOWN);
        expect(rotation.inputs.rotationRules).toEqual({ automaticallyAfterDays: 30 });
        expect(rotation.propertyDependencies.secretId).toEqual(["agent-secret-vendor-key"]);

        expect((await peek(identity.secretArns)).known).toBe(false);
        // apply never runs on an unknown at preview: awaiting through it would hang the suite.
        let ran = false;
        identity.roleArn.apply(() => (ran = true));
        await estate.settled();
        expect(ran).toBe(false);
    });
});

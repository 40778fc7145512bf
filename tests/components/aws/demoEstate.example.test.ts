/**
 * The demo estate `npm start` gates must stay compliant: checked here with the contract's own
 * readers (the ones the policy pack uses), so a change that breaks it fails before the gate runs.
 */
import * as path from "path";
import * as yaml from "js-yaml";
import * as fs from "fs";
import { readTags, ownerProblem, ANNOTATION_FIELDS, parseExpiry } from "../../../contract/annotations";
import { DAY_MS } from "../../../contract/dates";
import { parsePolicyDocument } from "../../../contract/aws/policyDocument";
import { grantEntriesFromDocument } from "../../../contract/aws/actions";
import { MockEstate, UNKNOWN } from "../../helpers/mocks";
import { REPO, runExample } from "./exampleRunner";

let estate: MockEstate;
beforeAll(async () => {
    estate = await runExample(REPO, "Pulumi.dev.yaml");
});

const COMPONENT = "nhi-guard:index:AwsAiToolIdentity";
const isGovernedComponent = (type: string) => type.startsWith("nhi-guard:");

describe("the demo estate", () => {
    it("is the top-level project the gate runs", () => {
        const project = yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as any;
        expect(project).toMatchObject({ name: "nhi-guard-demo", runtime: "nodejs", main: "examples/demo-estate/index.ts" });
    });

    it("declares three AI tools as governed identities", () => {
        expect(estate.ofType(COMPONENT).map((c) => c.name).sort()).toEqual(["data-assistant", "pr-reviewer", "support-agent"]);
    });

    it("annotates every role with a valid owner and an expiry within the configured lifetime", () => {
        const roles = estate.ofType("aws:iam/role:Role");
        expect(roles).toHaveLength(3);
        const now = Date.now();
        for (const role of roles) {
            const reading = readTags(role.inputs.tags);
            expect(reading.problems).toEqual([]);
            expect(Object.keys(reading.values).sort()).toEqual([...ANNOTATION_FIELDS].sort());
            expect(ownerProblem(reading.values.owner)).toBeUndefined();
            const expiry = parseExpiry(reading.values.expiresAt)!.getTime();
            expect(expiry).toBeGreaterThan(now);
            expect(expiry - now).toBeLessThanOrEqual(180 * DAY_MS); // nhi-guard:maxLifetimeDays in Pulumi.dev.yaml
            expect(role.inputs.maxSessionDuration).toBeLessThanOrEqual(3600);
        }
    });

    it("grants only dated, exact, read actions that end by their identity's expiry", () => {
        const grants = estate.ofType("aws:iam/rolePolicy:RolePolicy");
        expect(grants.length).toBe(8);
        for (const grant of grants) {
            const identity = estate.get(COMPONENT, grant.parent!);
            const expiry = parseExpiry(estate.get("aws:iam/role:Role", `${identity.name}-role`).inputs.tags["nhi:expires-at"])!;
            const doc = parsePolicyDocument(grant.inputs.policy);
            expect(doc.problems).toEqual([]);
            for (const entry of grantEntriesFromDocument(doc)) {
                expect(entry.findings).toEqual([]);
                expect(entry.writes).toEqual([]);
                expect(entry.endsAt).toBeDefined();
                expect(entry.endsAt!.getTime()).toBeLessThanOrEqual(expiry.getTime());
            }
        }
    });

    it("ends the data assistant's grants at three different dates", () => {
        const ends = estate.childrenOf("data-assistant")
            .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")
            .map((r) => r.inputs.policy.Statement[0].Condition.DateLessThan["aws:CurrentTime"]);
        expect(new Set(ends).size).toBe(3);
    });

    it("gives the support agent a weekly-rotated secret and an AgentCore workload identity, and trusts AgentCore for this account only", () => {
        const rotation = estate.get("aws:secretsmanager/secretRotation:SecretRotation", "support-agent-secret-zendesk-token-rotation");
        expect(rotation.inputs.rotationRules).toEqual({ automaticallyAfterDays: 7 });
        expect(rotation.inputs.rotationLambdaArn).toBe("arn:aws:lambda:us-east-1:123456789012:function:vendor-key-rotator");
        expect(estate.get("aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity", "support-agent-workload-identity").parent).toBe("support-agent");
        const trust = estate.get("aws:iam/role:Role", "support-agent-role").inputs.assumeRolePolicy.Statement[0];
        expect(trust.Principal).toEqual({ Service: "bedrock-agentcore.amazonaws.com" });
        expect(trust.Condition.StringEquals).toEqual({ "aws:SourceAccount": "123456789012" });
        // Only the ARNs the cloud assigns are unknown at preview.
        expect(estate.get("aws:iam/rolePolicy:RolePolicy", "support-agent-secrets-read").inputs.policy.Statement[0].Resource).toEqual([UNKNOWN]);
    });

    it("runs the PR reviewer only from a human-approved GitHub environment whose trust the role takes", () => {
        const environment = estate.get("github:index/repositoryEnvironment:RepositoryEnvironment", "pr-reviewer-ci-environment");
        expect(environment.inputs).toMatchObject({ repository: "storefront", environment: "ai-review", preventSelfReview: true, canAdminsBypass: false });
        const trust = estate.get("aws:iam/role:Role", "pr-reviewer-role").inputs.assumeRolePolicy.Statement[0];
        expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/storefront:environment:ai-review");
    });

    it("holds no long-lived credential and nothing outside the components", () => {
        const components = estate.registrations.filter((r) => isGovernedComponent(r.type)).map((c) => c.name);
        const outside = estate.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && !components.includes(r.parent!));
        expect(outside).toEqual([]);
        expect(estate.ofType("aws:iam/accessKey:AccessKey")).toEqual([]);
        expect(estate.ofType("aws:iam/user:User")).toEqual([]);
    });
});

import fc from "fast-check";
import { unknownCheckingProxy } from "@pulumi/policy";
import { catalogueTokens, lookup, readFacts } from "../../../contract/catalogue";
import { rotationScheduleDays } from "../../../contract/clouds/aws";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const TRUST = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:ai-review" } } }],
});
const DOC = JSON.stringify({ Statement: { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2027-03-31T00:00:00Z" } } } });
/** Reads facts as a policy would: behind @pulumi/policy's unknown-checking proxy. */
const read = (type: string, props: Record<string, unknown>) => readFacts(type, unknownCheckingProxy(props) as Record<string, any>)!;

describe("the AWS catalogue", () => {
    it("pins the tokens it reads", () => {
        expect(catalogueTokens().filter((t) => t.cloud === "aws").map((t) => `${t.kind} ${t.token}`).sort()).toEqual([
            "credential aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider",
            "credential aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider",
            "credential aws:iam/accessKey:AccessKey",
            "credential aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
            "credential aws:iam/signingCertificate:SigningCertificate",
            "credential aws:iam/sshKey:SshKey",
            "credential aws:iam/userLoginProfile:UserLoginProfile",
            "grant aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
            "grant aws:iam/policy:Policy",
            "grant aws:iam/policyAttachment:PolicyAttachment",
            "grant aws:iam/rolePolicy:RolePolicy",
            "grant aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "grant aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
            "grant aws:iam/userPolicy:UserPolicy",
            "grant aws:iam/userPolicyAttachment:UserPolicyAttachment",
            "identity aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime",
            "identity aws:bedrock/agentcoreGateway:AgentcoreGateway",
            "identity aws:bedrock/agentcoreHarness:AgentcoreHarness",
            "identity aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity",
            "identity aws:iam/role:Role",
            "identity aws:iam/serviceLinkedRole:ServiceLinkedRole",
            "identity aws:iam/user:User",
            "rotation aws:secretsmanager/secretRotation:SecretRotation",
            "secret aws:secretsmanager/secret:Secret",
            "secret aws:ssm/parameter:Parameter",
            "trust aws:iam/instanceProfile:InstanceProfile",
            "trust aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            "trust aws:rolesanywhere/profile:Profile",
            "trust aws:rolesanywhere/trustAnchor:TrustAnchor",
        ]);
    });

    it("every reader's kind and label match its entry, and readers do not throw on empty or hostile props", () => {
        for (const { token, kind, label } of catalogueTokens().filter((t) => t.cloud === "aws")) {
            const facts = readFacts(token, {})!;
            expect(facts).toMatchObject({ cloud: "aws", kind, label });
            fc.assert(fc.property(fc.dictionary(fc.string(), fc.anything()), (props) => void readFacts(token, props)), { numRuns: 30 });
        }
        expect(lookup("AWS:IAM/ROLE:ROLE")?.label).toBe("IAM role");
    });
});

describe("aws:iam/role:Role", () => {
    it("reads annotations, session, trust, inline grants, boundary and handles", () => {
        const f = read("aws:iam/role:Role", {
            name: "tool",
            arn: "arn:aws:iam::123456789012:role/tool",
            assumeRolePolicy: TRUST,
            maxSessionDuration: 7200,
            tags: { "nhi:owner": "platform-team", "nhi:expires-at": "2027-03-31" },
            inlinePolicies: [{ name: "docs", policy: DOC }],
            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            permissionsBoundary: "arn:aws:iam::123456789012:policy/dated",
        });
        expect(f.annotations?.values).toEqual({ owner: "platform-team", expiresAt: "2027-03-31" });
        expect(f.identity?.handles).toEqual(["tool", "arn:aws:iam::123456789012:role/tool"]);
        expect(f.identity?.sessionSeconds).toBe(7200);
        expect(f.identity?.trust?.subjects).toEqual(["repo:acme/app:environment:ai-review"]);
        expect(f.identity?.boundary).toEqual({ property: "permissionsBoundary", value: "arn:aws:iam::123456789012:policy/dated" });
        const entries = f.identity?.inlineGrants?.entries ?? [];
        expect(entries.map((e) => e.label)).toEqual(['inline policy "docs" statement "Read"', "managed policy arn:aws:iam::aws:policy/AdministratorAccess"]);
        expect(entries[0].endsAt?.toISOString()).toBe("2027-03-31T00:00:00.000Z");
        expect(entries[1].findings).toEqual([{ rule: "admin-role", item: "Policy::arn:aws:iam::aws:policy/AdministratorAccess" }]);
        expect(f.identity?.inlineGrants?.attaches).toEqual([{ property: "managedPolicyArns", value: "arn:aws:iam::aws:policy/AdministratorAccess" }]);
    });

    it("defaults the session to 3600 seconds", () => {
        expect(read("aws:iam/role:Role", { assumeRolePolicy: TRUST }).identity?.sessionSeconds).toBe(3600);
    });

    it("at preview: unknown handles, non-annotation tags and managed policy ARNs do not make checks advisory", () => {
        const f = read("aws:iam/role:Role", { name: UNKNOWN, arn: UNKNOWN, assumeRolePolicy: TRUST, tags: { "nhi:owner": "platform-team", Name: UNKNOWN }, managedPolicyArns: [UNKNOWN] });
        expect(f.identity?.handles).toEqual([]);
        expect(f.annotations?.values.owner).toBe("platform-team");
        expect(f.identity?.inlineGrants?.attaches).toEqual([{ property: "managedPolicyArns", value: undefined }]);
    });

    it("at preview: an unknown value a check needs marks that part unknown (unverified), never a silent pass, and the rest is read", () => {
        const trust = read("aws:iam/role:Role", { assumeRolePolicy: UNKNOWN, maxSessionDuration: 7200 });
        expect(trust.unknown).toEqual([{ part: "trust", path: "assumeRolePolicy" }]);
        expect(trust.identity?.trust).toBeUndefined();
        expect(trust.identity?.sessionSeconds).toBe(7200);
        const owner = read("aws:iam/role:Role", { assumeRolePolicy: TRUST, tags: { "nhi:owner": UNKNOWN, "nhi:expires-at": "2027-03-31" } });
        expect(owner.unknown).toEqual([{ part: "owner", path: "tags.nhi:owner" }]);
        expect(owner.annotations?.values).toEqual({ expiresAt: "2027-03-31" });
        const session = read("aws:iam/role:Role", { assumeRolePolicy: TRUST, maxSessionDuration: UNKNOWN });
        expect(session.unknown).toEqual([{ part: "session", path: "maxSessionDuration" }]);
        expect(session.identity && "sessionSeconds" in session.identity).toBe(false);
        const inline = read("aws:iam/role:Role", { assumeRolePolicy: TRUST, inlinePolicies: [{ name: "x", policy: UNKNOWN }] });
        expect(inline.identity?.inlineGrants).toMatchObject({ entries: [], unknown: ["inlinePolicies[0].policy"] });
    });

    it("takes annotations from tagsAll (provider default tags) when tags lack them", () => {
        const f = read("aws:iam/role:Role", { assumeRolePolicy: TRUST, tags: { "nhi:tool": "claude-code" }, tagsAll: { "nhi:owner": "platform-team", "NHI:TOOL": "other", x: UNKNOWN } });
        expect(f.annotations?.values).toEqual({ owner: "platform-team", tool: "claude-code" });
    });

    it("marks an unreadable inline policy (fail closed)", () => {
        const f = read("aws:iam/role:Role", { assumeRolePolicy: TRUST, inlinePolicies: [{ name: "bad", policy: "{" }] });
        expect(f.identity?.inlineGrants?.unreadable).toMatch(/inline policy "bad": the document is not valid JSON/);
    });
});

describe("grants", () => {
    it("RolePolicy targets its role and reads its document", () => {
        const f = read("aws:iam/rolePolicy:RolePolicy", { role: UNKNOWN, policy: DOC });
        expect(f.grant?.targets).toEqual([{ property: "role", value: undefined }]);
        expect(f.grant?.entries[0].endsAt?.toISOString()).toBe("2027-03-31T00:00:00.000Z");
    });

    it("Policy has no target and is reachable through its handles", () => {
        const f = read("aws:iam/policy:Policy", { arn: "arn:aws:iam::1:policy/p", name: "p", policy: DOC, tags: { "nhi:owner": "platform-team" } });
        expect(f.grant).toMatchObject({ targets: [], handles: ["arn:aws:iam::1:policy/p", "p"] });
    });

    it("attachments point at the policy through policyArn", () => {
        const f = read("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "tool", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" });
        expect(f.grant?.targets).toEqual([{ property: "role", value: "tool" }]);
        expect(f.grant?.attaches).toEqual([{ property: "policyArn", value: "arn:aws:iam::aws:policy/IAMFullAccess" }]);
        expect(f.grant?.entries[0].findings[0].rule).toBe("admin-role");
        const all = read("aws:iam/policyAttachment:PolicyAttachment", { policyArn: UNKNOWN, roles: ["a", UNKNOWN], users: ["u"] });
        expect(all.grant?.targets).toEqual([{ property: "roles", value: "a" }, { property: "roles", value: undefined }, { property: "users", value: "u" }]);
        expect(all.grant?.entries).toEqual([]);
    });
});

describe("credentials, secrets and rotation", () => {
    it.each<[string, Record<string, unknown>, object]>([
        ["aws:iam/accessKey:AccessKey", { user: "bot" }, { longLived: true, targets: [{ property: "user", value: "bot" }] }],
        ["aws:iam/userLoginProfile:UserLoginProfile", { user: "bot" }, { longLived: true }],
        ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { userName: "bot", serviceName: "bedrock.amazonaws.com" }, { longLived: true }],
        ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { userName: "bot", serviceName: "bedrock.amazonaws.com", credentialAgeDays: 30 }, { longLived: false, lifetimeDays: 30 }],
        ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { userName: "bot", serviceName: "bedrock.amazonaws.com", credentialAgeDays: "soon" }, { longLived: true, problem: expect.stringMatching(/`credentialAgeDays`/) }],
        // credentialAgeDays only applies to Bedrock: a CodeCommit credential never expires whatever it says.
        ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { userName: "bot", serviceName: "codecommit.amazonaws.com", credentialAgeDays: 30 }, { longLived: true }],
        ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", { userName: "bot", serviceName: UNKNOWN, credentialAgeDays: 30 }, { longLived: false }],
        ["aws:iam/sshKey:SshKey", { username: "bot", encoding: "SSH", publicKey: "ssh-rsa AAAA" }, { longLived: true, targets: [{ property: "username", value: "bot" }] }],
        ["aws:iam/signingCertificate:SigningCertificate", { userName: "bot", certificateBody: "-----BEGIN CERTIFICATE-----" }, { longLived: true, targets: [{ property: "userName", value: "bot" }] }],
        ["aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider", { apiKey: "sk-secret" }, { longLived: true }],
        ["aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider", { apiKeySecretSource: "EXTERNAL", apiKeySecretConfig: { secretId: "s", jsonKey: "k" } }, { longLived: false }],
        ["aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider", { oauth2ProviderConfig: { githubOauth2ProviderConfig: { clientId: "x", clientSecret: "y" } } }, { longLived: true }],
        ["aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider", { oauth2ProviderConfig: { githubOauth2ProviderConfig: { clientSecretSource: "EXTERNAL" } } }, { longLived: false }],
    ])("%s %j", (type, props, expected) => {
        expect(read(type, props).credential).toMatchObject(expected);
    });

    it("never puts a secret value in facts", () => {
        const f = read("aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider", { apiKey: "sk-ant-SECRET-VALUE" });
        expect(JSON.stringify(f)).not.toContain("SECRET-VALUE");
    });

    it.each<[Record<string, unknown>, object]>([
        [{ secretId: "s", rotationRules: { automaticallyAfterDays: 30 } }, { rotationDays: 30, enabled: true }],
        [{ secretId: "s", rotationRules: { scheduleExpression: "rate(10 days)" } }, { rotationDays: 10 }],
        [{ secretId: "s", rotationRules: { scheduleExpression: "rate(12 hours)" } }, { rotationDays: 0.5 }],
        [{ secretId: "s", rotationEnabled: false, rotationRules: { automaticallyAfterDays: 7 } }, { enabled: false }],
        [{ secretId: "s" }, { problem: expect.stringMatching(/no rotation schedule/) }],
        [{ secretId: "s", rotationRules: { scheduleExpression: "cron(0 8 1-7 */2 ? *)" } }, { problem: expect.stringMatching(/cannot be read/) }],
        [{ secretId: "s", rotationRules: { automaticallyAfterDays: 5, scheduleExpression: "rate(5 days)" } }, { problem: expect.stringMatching(/set one/) }],
    ])("SecretRotation %j", (props, expected) => {
        const f = read("aws:secretsmanager/secretRotation:SecretRotation", props);
        expect(f.rotation).toMatchObject({ secret: { property: "secretId", value: "s" }, ...expected });
    });

    it.each<[string, number | undefined]>([
        ["cron(0 8 * * ? *)", 1],
        ["cron(0 8 ? * MON *)", 7],
        ["cron(0 8 ? * MON-FRI *)", 7],
        ["cron(0 8 15 * ? *)", 31],
        ["cron(0 8 31 * ? *)", undefined],
        ["cron(0 8 L * ? *)", undefined],
        ["cron(0 8 1 1 ? *)", undefined],
        ["cron(0 8 * *)", undefined],
        ["rate(0 days)", undefined],
        ["every day", undefined],
    ])("rotationScheduleDays(%j) = %j", (expression, days) => {
        expect(rotationScheduleDays(expression).days).toBe(days);
    });

    it("SSM parameters expose insecureValue as a plaintext field; secrets carry handles", () => {
        expect(read("aws:ssm/parameter:Parameter", { type: "String", insecureValue: "x" }).plaintextFields).toContain("insecureValue");
        expect(read("aws:secretsmanager/secret:Secret", { name: "tool-key", arn: UNKNOWN }).secret?.handles).toEqual(["tool-key"]);
    });
});

describe("other identities and trust anchors", () => {
    it("AgentCore workload identity has no annotations; runtime env vars are plaintext", () => {
        const wi = read("aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity", { name: "wi" });
        expect(wi).toMatchObject({ kind: "identity", identity: { handles: ["wi"] } });
        expect(wi.annotations).toBeUndefined();
        expect(read("aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime", {}).plaintextFields).toContain("environmentVariables");
        expect(read("aws:bedrock/agentcoreHarness:AgentcoreHarness", {}).plaintextFields).not.toContain("environmentVariables");
    });

    it("service-linked roles are cloud-managed", () => {
        expect(read("aws:iam/serviceLinkedRole:ServiceLinkedRole", { awsServiceName: "x.amazonaws.com" }).identity?.cloudManaged).toBe(true);
    });

    it("Roles Anywhere profiles bound sessions (default 3600) and point at their roles", () => {
        expect(read("aws:rolesanywhere/profile:Profile", { roleArns: ["arn:aws:iam::1:role/a"], durationSeconds: 43200 })).toMatchObject({ sessionSeconds: 43200, trust: { targets: [{ property: "roleArns", value: "arn:aws:iam::1:role/a" }] } });
        expect(read("aws:rolesanywhere/profile:Profile", {}).sessionSeconds).toBe(3600);
    });

    it("instance profiles point at their role", () => {
        expect(read("aws:iam/instanceProfile:InstanceProfile", { role: "tool" }).trust?.targets).toEqual([{ property: "role", value: "tool" }]);
    });
});

/**
 * The deployment's view of a program's own resources: outputs shaped as each provider returns them
 * (compared with the providers' documented formats), deterministic per URN, and unknown where the
 * provider would need an unknown input or would mint a credential.
 */
import { DeploymentContext, autoname, deployedResource } from "../../cli/preview/deployedOutputs";
import { accountContext } from "../../cli/preview/dataSources/accountContext";
import { modelledDependencies } from "../../cli/preview/index";
import { ModelledResource } from "../../cli/preview/engineModel";

const ctx: DeploymentContext = {
    ...accountContext({ "aws:region": "eu-west-1", "aws:allowedAccountIds": '["210987654321"]', "gcp:project": "acme-data", "azure-native:subscriptionId": "6f1c2b0e-3a4d-4c5e-8f90-1a2b3c4d5e6f" }),
    github: { owner: "acme" },
};
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const make = (type: string, name: string, inputs: Record<string, unknown> = {}, c = ctx) => deployedResource(type, name, urn(type, name), inputs, c);
// What the SDK hands the mock for an input that is unknown at preview.
const UNKNOWN_INPUT = Symbol("unknown");

describe("AWS outputs", () => {
    it("an IAM role: autonamed `name-<7 hex>`, its ARN in the stack's account and partition, id = name", () => {
        const r = make("aws:iam/role:Role", "deployer", { assumeRolePolicy: "{}" });
        const name = r.state.name as string;
        expect(name).toMatch(/^deployer-[0-9a-f]{7}$/);
        expect(r.state.arn).toBe(`arn:aws:iam::210987654321:role/${name}`);
        expect(r.id).toBe(name);
        expect(r.state).not.toHaveProperty("uniqueId");
        expect(r.state.assumeRolePolicy).toBe("{}");
        expect(r.state.maxSessionDuration).toBe(3600);
    });

    it("echoes a given name and path into the ARN, and a name prefix gets the provider's 26-digit suffix", () => {
        expect(make("aws:iam/role:Role", "r", { name: "ci", path: "/tools/" }).state.arn).toBe("arn:aws:iam::210987654321:role/tools/ci");
        expect(make("aws:iam/user:User", "u", { name: "bot" }).state.arn).toBe("arn:aws:iam::210987654321:user/bot");
        expect(make("aws:iam/role:Role", "r", { namePrefix: "ci-" }).state.name).toMatch(/^ci-\d{26}$/);
    });

    it("an OIDC provider's ARN names the issuer without its scheme; a policy's id is its ARN", () => {
        const oidc = make("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github", { url: "https://token.actions.githubusercontent.com" });
        expect(oidc.state.arn).toBe("arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com");
        expect(oidc.id).toBe(oidc.state.arn);
        const policy = make("aws:iam/policy:Policy", "p", { name: "deploy", policy: "{}" });
        expect(policy.id).toBe("arn:aws:iam::210987654321:policy/deploy");
    });

    it("uses the region's partition (aws-cn, aws-us-gov)", () => {
        const cn: DeploymentContext = { ...accountContext({ "aws:region": "cn-north-1" }), github: { owner: "acme" } };
        expect(make("aws:iam/role:Role", "r", { name: "x" }, cn).state.arn).toBe("arn:aws-cn:iam::123456789012:role/x");
        expect(make("aws:lambda/function:Function", "f", { name: "fn" }, cn).state.arn).toBe("arn:aws-cn:lambda:cn-north-1:123456789012:function:fn");
    });

    it("other services: S3 has no region or account, Lambda/SNS/Secrets Manager as documented, the rest by the token's module", () => {
        expect(make("aws:s3/bucket:Bucket", "b", { bucket: "acme-docs" }).state.arn).toBe("arn:aws:s3:::acme-docs");
        expect(make("aws:sns/topic:Topic", "t", { name: "alerts" }).state.arn).toBe("arn:aws:sns:eu-west-1:210987654321:alerts");
        expect(make("aws:secretsmanager/secret:Secret", "s", { name: "token" }).state.arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:210987654321:secret:token-[A-Z2-7]{6}$/);
        expect(make("aws:dynamodb/table:Table", "t", { name: "jobs" }).state.arn).toBe("arn:aws:dynamodb:eu-west-1:210987654321:table/jobs");
        expect(make("aws:ssm/parameter:Parameter", "p", { name: "/app/key" }).state.arn).toBe("arn:aws:ssm:eu-west-1:210987654321:parameter/app/key");
        expect(make("aws:cloudwatch/logGroup:LogGroup", "l", { name: "/aws/lambda/x" }).state.arn).toBe("arn:aws:logs:eu-west-1:210987654321:log-group:/aws/lambda/x");
    });

    it("an output that needs an unknown input stays unknown (absent), never a guess", () => {
        const r = make("aws:iam/role:Role", "r", { name: UNKNOWN_INPUT });
        expect(r.state).not.toHaveProperty("arn");
        expect(r.id).toBe("");
        const oidc = make("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "o", { url: UNKNOWN_INPUT });
        expect(oidc.state).not.toHaveProperty("arn");
    });

    it("`tagsAll` merges the provider's default tags under the resource's; an unknown tag leaves it unknown", () => {
        const withDefaults: DeploymentContext = { ...ctx, awsDefaultTags: { "nhi:owner": "platform-team", env: "dev" } };
        expect(make("aws:iam/role:Role", "r", { tags: { env: "prod" } }, withDefaults).state.tagsAll).toEqual({ "nhi:owner": "platform-team", env: "prod" });
        expect(make("aws:iam/role:Role", "r", {}, withDefaults).state.tagsAll).toEqual({ "nhi:owner": "platform-team", env: "dev" });
        expect(make("aws:iam/role:Role", "r", { tags: { "nhi:owner": UNKNOWN_INPUT } }, withDefaults).state).not.toHaveProperty("tagsAll");
        expect(make("aws:iam/role:Role", "r", {}).state).not.toHaveProperty("tagsAll");
    });

    it("never mints a credential: an access key's id and secret stay unknown", () => {
        const key = make("aws:iam/accessKey:AccessKey", "k", { user: "bot" });
        expect(key.id).toBe("");
        expect(key.state).not.toHaveProperty("secret");
        expect(JSON.stringify(key.state)).not.toMatch(/AKIA/);
    });
});

describe("GCP outputs", () => {
    it("a service account: email, member, name and a 21-digit unique id", () => {
        const sa = make("gcp:serviceaccount/account:Account", "agent", { accountId: "data-agent" });
        expect(sa.state.email).toBe("data-agent@acme-data.iam.gserviceaccount.com");
        expect(sa.state.member).toBe("serviceAccount:data-agent@acme-data.iam.gserviceaccount.com");
        expect(sa.state.name).toBe("projects/acme-data/serviceAccounts/data-agent@acme-data.iam.gserviceaccount.com");
        expect(sa.id).toBe(sa.state.name);
        expect(sa.state.uniqueId).toMatch(/^[1-9]\d{20}$/);
        expect(make("gcp:serviceaccount/account:Account", "a", { accountId: "x", project: "other" }).state.email).toBe("x@other.iam.gserviceaccount.com");
    });

    it("a workload identity pool and provider: `name` with the project number, id with the project id", () => {
        const pool = make("gcp:iam/workloadIdentityPool:WorkloadIdentityPool", "p", { workloadIdentityPoolId: "github" });
        expect(pool.state.name).toBe(`projects/${ctx.gcp.projectNumber}/locations/global/workloadIdentityPools/github`);
        expect(pool.id).toBe("projects/acme-data/locations/global/workloadIdentityPools/github");
        const provider = make("gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", "p", { workloadIdentityPoolId: "github", workloadIdentityPoolProviderId: "actions" });
        expect(provider.state.name).toBe(`projects/${ctx.gcp.projectNumber}/locations/global/workloadIdentityPools/github/providers/actions`);
    });

    it("a service account key's private key stays unknown", () => {
        const key = make("gcp:serviceaccount/key:Key", "k", { serviceAccountId: "projects/acme-data/serviceAccounts/a@acme-data.iam.gserviceaccount.com" });
        expect(key.state).not.toHaveProperty("privateKey");
    });
});

describe("Azure and Entra outputs", () => {
    it("a user-assigned identity: the ARM id, principal and client ids as GUIDs, the tenant from the context", () => {
        const id = make("azure-native:managedidentity:UserAssignedIdentity", "agent", { resourceGroupName: "rg-support", resourceName: "support-agent" });
        expect(id.id).toBe("/subscriptions/6f1c2b0e-3a4d-4c5e-8f90-1a2b3c4d5e6f/resourceGroups/rg-support/providers/Microsoft.ManagedIdentity/userAssignedIdentities/support-agent");
        expect(id.state.principalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(id.state.clientId).not.toBe(id.state.principalId);
        expect(id.state.tenantId).toBe(ctx.azure.tenantId);
        expect(make("azure-native:managedidentity:UserAssignedIdentity", "agent", { resourceGroupName: "rg" }).state.name).toBe(autoname("agent", urn("azure-native:managedidentity:UserAssignedIdentity", "agent")));
    });

    it("a federated credential is named by its own input, not its parent identity's `resourceName`", () => {
        const type = "azure-native:managedidentity:FederatedIdentityCredential";
        const given = make(type, "fic", { resourceGroupName: "rg", resourceName: "agent", federatedIdentityCredentialResourceName: "github" });
        expect(given.id).toBe("/subscriptions/6f1c2b0e-3a4d-4c5e-8f90-1a2b3c4d5e6f/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agent/federatedIdentityCredentials/github");
        expect(make(type, "fic", { resourceGroupName: "rg", resourceName: "agent" }).state.name).toMatch(/^fic-[0-9a-f]{7}$/);
    });

    it("a resource group and a role assignment", () => {
        expect(make("azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-a", location: "westeurope" }).id).toBe("/subscriptions/6f1c2b0e-3a4d-4c5e-8f90-1a2b3c4d5e6f/resourceGroups/rg-a");
        const ra = make("azure-native:authorization:RoleAssignment", "ra", { scope: "/subscriptions/s/resourceGroups/rg", principalId: "p", roleDefinitionId: "r" });
        expect(ra.id).toMatch(/^\/subscriptions\/s\/resourceGroups\/rg\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}$/);
    });

    it("an Entra application password's value stays unknown", () => {
        const pw = make("azuread:index/applicationPassword:ApplicationPassword", "pw", { applicationId: "/applications/x" });
        expect(pw.state).not.toHaveProperty("value");
    });
});

describe("GitHub outputs", () => {
    it("a repository: full name under the stack's owner, numeric id, node id", () => {
        const repo = make("github:index/repository:Repository", "billing", { name: "billing" });
        expect(repo.state.fullName).toBe("acme/billing");
        expect(repo.id).toBe("billing");
        expect(typeof repo.state.repoId).toBe("number");
        expect(repo.state.nodeId).toMatch(/^R_kgDO/);
        expect(make("github:index/repositoryEnvironment:RepositoryEnvironment", "e", { repository: "billing", environment: "prod" }).id).toBe("billing:prod");
    });
});

describe("determinism", () => {
    it("the same URN gives the same values, another URN other values", () => {
        const a = make("aws:iam/role:Role", "deployer");
        expect(make("aws:iam/role:Role", "deployer")).toEqual(a);
        const b = deployedResource("aws:iam/role:Role", "deployer", "urn:pulumi:prod::proj::aws:iam/role:Role::deployer", {}, ctx);
        expect(b.state.name).not.toBe(a.state.name);
    });

    it("a provider gets a UUID id; a package the gate does not model keeps its inputs and gets an id", () => {
        expect(make("pulumi:providers:aws", "default").id).toMatch(/^[0-9a-f-]{36}$/);
        const other = make("random:index/randomPet:RandomPet", "pet", { length: 2 });
        expect(other.state).toEqual({ length: 2 });
        expect(other.id).toMatch(/^pet-[0-9a-f]{10}$/);
    });
});

describe("which findings rest on modelled outputs", () => {
    const res = (name: string, props: Record<string, unknown>, extra: Partial<ModelledResource> = {}): ModelledResource => ({
        type: "aws:iam/role:Role",
        urn: `urn:pulumi:dev::p::aws:iam/role:Role::${name}`,
        name,
        custom: true,
        props,
        dependencies: [],
        propertyDependencies: {},
        options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] },
        ...extra,
    });
    const oidc = res("github", { url: "https://token.actions.githubusercontent.com" }, { deployed: { id: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com", outputs: { arn: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" } } });
    const named = res("named", { name: "ci-role" }, { deployed: { id: "ci-role", outputs: { arn: "arn:aws:iam::1:role/ci-role" } } });

    it("a property carrying a modelled value rests on it; a dependency whose echoed input is used does not", () => {
        const trust = res("trust", { assumeRolePolicy: '{"Principal":{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}}' }, { propertyDependencies: { assumeRolePolicy: [oidc.urn] } });
        const byName = res("policy", { role: "ci-role" }, { propertyDependencies: { role: [named.urn] } });
        const byArn = res("attach", { role: "arn:aws:iam::1:role/ci-role" }, { dependencies: [named.urn] });
        expect(modelledDependencies([oidc, named, trust, byName, byArn])).toEqual({ [trust.urn]: [oidc.urn], [byArn.urn]: [named.urn] });
    });

    it("nothing rests on modelled outputs in the literal view (no resource has any)", () => {
        const literal = { ...oidc, deployed: undefined };
        const trust = res("trust", { assumeRolePolicy: "x" }, { propertyDependencies: { assumeRolePolicy: [literal.urn] } });
        expect(modelledDependencies([literal, trust])).toEqual({});
    });
});

/**
 * `construct` in-process, as the Pulumi CLI drives it for a Python, Go, .NET, Java or YAML program:
 * inputs arrive as wire values (plain JSON, secrets and Outputs as markers), the host deserialises
 * them and runs the same constructor a TypeScript program runs. Each component built this way must
 * make exactly the children the TypeScript suites pin, and refuse a bad declaration with exactly
 * the TypeScript error.
 */
import * as pulumi from "@pulumi/pulumi";
import { pinClock } from "../helpers/clock";
import type { PackagedComponentProvider } from "../../provider/host";
import { awsComputedOutputs, installMocks, known, type MockEstate } from "../helpers/mocks";
import { OIDC_PROVIDER_ARN, ROTATION_LAMBDA_ARN, prReviewer } from "../components/aws/fixtures";
import { dataAgent, gcpComputedOutputs } from "../components/gcp/fixtures";
import { azureComputedOutputs, OWNER_OBJECT_ID, supportAgent } from "../components/azure/fixtures";
import { childrenOf, constructFromWire, hostedProvider, outputMarker, secretMarker } from "./wire";

type Aws = typeof import("../../components/aws/aiToolIdentity");
type Gcp = typeof import("../../components/gcp/aiToolIdentity");
type Azure = typeof import("../../components/azure/aiToolIdentity");
type Github = typeof import("../../components/github/aiToolEnvironment");

let estate: MockEstate;
let provider: PackagedComponentProvider;
let aws: Aws;
let gcp: Gcp;
let azure: Azure;
let github: Github;

beforeAll(async () => {
    // Components derive some dates from the clock (GCP's first rotation notice): freeze it, so a
    // wire construction and a TypeScript one a second apart make the same children. Only Date is
    // faked; the mocks' promises and timers run as usual.
    pinClock(new Date());
    estate = await installMocks({ preview: false, outputs: (args) => awsComputedOutputs(args) ?? gcpComputedOutputs(args) ?? azureComputedOutputs(args) });
    aws = require("../../components/aws/aiToolIdentity");
    gcp = require("../../components/gcp/aiToolIdentity");
    azure = require("../../components/azure/aiToolIdentity");
    github = require("../../components/github/aiToolEnvironment");
    provider = hostedProvider();
});

afterAll(() => jest.useRealTimers());

const TOKEN = {
    aws: "nhi-guard:index:AwsAiToolIdentity",
    gcp: "nhi-guard:index:GcpAiToolIdentity",
    azure: "nhi-guard:index:AzureAiToolIdentity",
    github: "nhi-guard:index:GithubAiToolEnvironment",
};

/** The problems a TypeScript program gets for `args`, one line each. */
function typescriptProblems(build: () => unknown): string[] {
    try {
        build();
    } catch (err: any) {
        if (Array.isArray(err.problems)) return err.problems;
        throw err;
    }
    throw new Error("expected the TypeScript constructor to refuse the arguments");
}

async function wireProblems(type: string, name: string, wire: Record<string, unknown>): Promise<string[]> {
    try {
        await constructFromWire(provider, type, name, wire);
    } catch (err: any) {
        expect(err.name).toBe("InvalidArgumentsError");
        expect(err.message.split("\n")[0]).toBe(`invalid declaration for "${name}":`);
        return err.problems;
    }
    throw new Error("expected construct to refuse the arguments");
}

describe("construct: the type tokens the package serves are the components' own", () => {
    it("registers each component under nhi-guard:index:<ClassName>, the token TypeScript programs register", () => {
        expect(aws.AwsAiToolIdentity.TYPE).toBe(TOKEN.aws);
        expect(gcp.GcpAiToolIdentity.TYPE).toBe(TOKEN.gcp);
        expect(azure.AzureAiToolIdentity.TYPE).toBe(TOKEN.azure);
        expect(github.GithubAiToolEnvironment.TYPE).toBe(TOKEN.github);
    });

    it("refuses a token the schema does not list (the earlier per-cloud tokens are aliases, not constructible)", async () => {
        await expect(constructFromWire(provider, "nhi-guard:aws:AiToolIdentity", "old", {})).rejects.toThrow("unknown resource type `nhi-guard:aws:AiToolIdentity`: this package serves nhi-guard:index:AwsAiToolIdentity");
    });
});

describe("construct (AWS) with inputs from another language", () => {
    it("makes the same children as the TypeScript constructor, and returns the outputs", async () => {
        const args = prReviewer({ secrets: [{ name: "vendor-key", rotationDays: 14 }], secretRotationLambdaArn: ROTATION_LAMBDA_ARN, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] });
        const ts = new aws.AwsAiToolIdentity("ts-aws", args);
        const { urn, state } = await constructFromWire(provider, TOKEN.aws, "wire-aws", {
            ...args,
            // A Python `lambda_.arn`: an Output of another resource in the program.
            secretRotationLambdaArn: outputMarker({ value: ROTATION_LAMBDA_ARN, dependencies: ["urn:pulumi:test::nhi-guard-test::aws:lambda/function:Function::rotate"] }),
        });
        await estate.settled();
        expect(await known(pulumi.output(urn))).toContain(`${TOKEN.aws}::wire-aws`);
        expect(estate.get(TOKEN.aws, "wire-aws").custom).toBe(false);

        const wire = childrenOf(estate.registrations, "wire-aws");
        const tsChildren = childrenOf(estate.registrations, "ts-aws");
        expect(wire.map((c) => c.type)).toEqual([
            "aws:iam/policy:Policy",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:secretsmanager/secret:Secret",
            "aws:secretsmanager/secretRotation:SecretRotation",
        ]);
        // The rotation's Lambda ARN came from another resource: only its dependency differs.
        const rotation = (views: typeof wire) => views.find((c) => c.type === "aws:secretsmanager/secretRotation:SecretRotation")!;
        expect(rotation(wire).propertyDependencies.rotationLambdaArn).toEqual(["urn:pulumi:test::nhi-guard-test::aws:lambda/function:Function::rotate"]);
        expect(rotation(tsChildren).propertyDependencies.rotationLambdaArn).toEqual([]);
        const withoutRotationDependencies = (views: typeof wire) =>
            views.map((c) => (c === rotation(views) ? { ...c, dependencies: [], propertyDependencies: { ...c.propertyDependencies, rotationLambdaArn: [] } } : c));
        expect(withoutRotationDependencies(wire)).toEqual(withoutRotationDependencies(tsChildren));

        expect(await known(state.roleArn)).toMatch(/^arn:aws:iam::123456789012:role\/wire-aws-role-/);
        expect(state.declaration).toEqual(ts.declaration);
        expect(state.declaration).toMatchObject({ tool: "claude-code", owner: "platform-team", access: "read", maxSessionSeconds: 3600, secrets: [{ name: "vendor-key", rotationDays: 14 }] });
        expect(state.expiresAt).toBe(args.expiresAt);
        expect(await known(state.secretArns)).toHaveLength(1);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a wildcard action, an expiry in the past and a misspelt argument", { grants: [{ actions: ["s3:*"], resources: ["*"] }], expiresAt: "2020-01-01", rolename: "x" }],
        ["an access level outside the enumeration", { access: "readonly" }],
        ["two trust subjects", { trust: { githubActions: { repository: "acme/app", environment: "ai" }, service: "lambda.amazonaws.com" } }],
        ["a write action for a read tool", { grants: [{ name: "put", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::a/*"] }] }],
        ["a missing owner", { owner: undefined }],
    ])("refuses %s with the TypeScript errors", async (_, overrides) => {
        const args = { ...prReviewer(), ...overrides } as any;
        const expected = typescriptProblems(() => new aws.AwsAiToolIdentity("ts-aws-bad", args));
        expect(expected.length).toBeGreaterThan(0);
        expect(await wireProblems(TOKEN.aws, "wire-aws-bad", args)).toEqual(expected);
    });

    it("refuses a governed value sent as a secret, as TypeScript refuses an Output there", async () => {
        const expected = typescriptProblems(() => new aws.AwsAiToolIdentity("ts-aws-secret", prReviewer({ githubOidcProviderArn: pulumi.secret(OIDC_PROVIDER_ARN) as any })));
        expect(expected).toEqual([expect.stringMatching(/^`githubOidcProviderArn`: must be a plain string, known at preview/)]);
        expect(await wireProblems(TOKEN.aws, "wire-aws-secret", { ...prReviewer(), githubOidcProviderArn: secretMarker(OIDC_PROVIDER_ARN) })).toEqual(expected);
        expect(await wireProblems(TOKEN.aws, "wire-aws-secret2", { ...prReviewer(), githubOidcProviderArn: outputMarker({ value: OIDC_PROVIDER_ARN, secret: true }) })).toEqual(expected);
    });
});

describe("construct (GCP) with inputs from another language", () => {
    it("makes the same children as the TypeScript constructor", async () => {
        const args = dataAgent({ secrets: [{ name: "vendor-key", description: "Vendor API key" }] });
        const ts = new gcp.GcpAiToolIdentity("ts-gcp", args);
        const { state } = await constructFromWire(provider, TOKEN.gcp, "wire-gcp", { ...args });
        await estate.settled();
        const wire = childrenOf(estate.registrations, "wire-gcp");
        expect(wire.length).toBe(10);
        expect(wire).toEqual(childrenOf(estate.registrations, "ts-gcp"));
        expect(await known(state.serviceAccountEmail)).toBe(await known(ts.serviceAccountEmail));
        expect(await known(state.workloadIdentityProviderName)).toMatch(/\/providers\/github$/);
        expect(state.declaration).toEqual(ts.declaration);
    });

    it.each<[string, Record<string, unknown>]>([
        ["an e-mail owner, a basic role and a Pub/Sub scope", { owner: "a@b.com", grants: [{ role: "roles/editor", scope: "projects/acme-data-prod" }, { role: "roles/pubsub.viewer", scope: "projects/acme-data-prod/topics/t" }] }],
        ["a service trust", { trust: { service: "run.googleapis.com" } }],
        ["a missing project number", { projectNumber: undefined }],
    ])("refuses %s with the TypeScript errors", async (_, overrides) => {
        const args = { ...dataAgent(), ...overrides } as any;
        const expected = typescriptProblems(() => new gcp.GcpAiToolIdentity("ts-gcp-bad", args));
        expect(await wireProblems(TOKEN.gcp, "wire-gcp-bad", args)).toEqual(expected);
    });
});

describe("construct (Azure) with inputs from another language", () => {
    it("makes the same children as the TypeScript constructor, with secret values from the program kept secret", async () => {
        const shared = {
            secrets: [{ name: "vendor-key", rotationDays: 14 }],
            keyVault: { vaultName: "kv-ai", resourceGroupName: "rg-vault" },
            keys: [{ name: "signing", rotationDays: 60 }],
            eligibleGrants: ["read-docs"],
        };
        new azure.AzureAiToolIdentity("ts-azure", supportAgent({ ...shared, secretValues: { "vendor-key": pulumi.secret("sk-test") } }));
        await constructFromWire(provider, TOKEN.azure, "wire-azure", {
            ...supportAgent(shared as any),
            // Python: `secret_values={"vendor-key": config.require_secret("vendorKey")}`.
            secretValues: { "vendor-key": outputMarker({ value: "sk-test", secret: true }) },
        });
        await estate.settled();
        const wire = childrenOf(estate.registrations, "wire-azure");
        expect(wire.map((c) => c.type)).toEqual([
            "azure-native:authorization:PimRoleEligibilitySchedule",
            "azure-native:keyvault:Key",
            "azure-native:keyvault:Secret",
            "azure-native:managedidentity:FederatedIdentityCredential",
            "azure-native:managedidentity:UserAssignedIdentity",
        ]);
        expect(wire).toEqual(childrenOf(estate.registrations, "ts-azure"));
        expect(wire.find((c) => c.type === "azure-native:keyvault:Secret")!.secretInputs).toEqual(["properties"]);
    });

    it("makes an Entra application with a bounded password, as in TypeScript", async () => {
        const args = supportAgent({ resourceGroupName: undefined, entraApplication: { ownerObjectIds: [OWNER_OBJECT_ID], credentialDays: 60 } });
        new azure.AzureAiToolIdentity("ts-entra", args);
        await constructFromWire(provider, TOKEN.azure, "wire-entra", JSON.parse(JSON.stringify(args)));
        await estate.settled();
        const wire = childrenOf(estate.registrations, "wire-entra");
        expect(wire.map((c) => c.type)).toContain("azuread:index/applicationPassword:ApplicationPassword");
        expect(wire).toEqual(childrenOf(estate.registrations, "ts-entra"));
    });

    it.each<[string, Record<string, unknown>]>([
        ["Owner at subscription scope and a missing resource group", { grants: [{ role: "Owner", scope: "/subscriptions/00000000-0000-0000-0000-0000000000aa" }], resourceGroupName: undefined }],
        ["a secret without its value", { secrets: [{ name: "vendor-key" }], keyVault: { vaultName: "kv" } }],
    ])("refuses %s with the TypeScript errors", async (_, overrides) => {
        const args = { ...supportAgent(), ...overrides } as any;
        const expected = typescriptProblems(() => new azure.AzureAiToolIdentity("ts-azure-bad", args));
        expect(await wireProblems(TOKEN.azure, "wire-azure-bad", args)).toEqual(expected);
    });
});

describe("construct (GitHub) with inputs from another language", () => {
    const today = new Date().toISOString().slice(0, 10);
    const base = { tool: "claude-code", owner: "platform-team", repository: "acme/app", environment: "ai-review", reviewerTeamIds: [4242], toolAppId: 777 };

    it("makes the same children as the TypeScript constructor; the vendor key stays secret", async () => {
        const ts = new github.GithubAiToolEnvironment("ts-gh", { ...base, secrets: [{ name: "ANTHROPIC_API_KEY", value: pulumi.secret("sk-ant"), rotatedAt: today }] });
        const { state } = await constructFromWire(provider, TOKEN.github, "wire-gh", {
            ...base,
            secrets: [{ name: "ANTHROPIC_API_KEY", value: outputMarker({ value: "sk-ant", secret: true }), rotatedAt: today }],
        });
        await estate.settled();
        const wire = childrenOf(estate.registrations, "wire-gh");
        expect(wire.map((c) => c.type)).toEqual([
            "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
            "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
            "github:index/repositoryEnvironment:RepositoryEnvironment",
            "github:index/repositoryRuleset:RepositoryRuleset",
            "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions",
        ]);
        expect(wire).toEqual(childrenOf(estate.registrations, "ts-gh"));
        expect(wire[0].secretInputs).toEqual(["value"]);
        expect(state.trust).toEqual(ts.trust);
        expect(await known(state.subject)).toBe("repo:acme/app:environment:ai-review");
        expect(state.secretNames).toEqual(["ANTHROPIC_API_KEY"]);
    });

    it("refuses a vendor key sent as plain text, as TypeScript does", async () => {
        const args = { ...base, secrets: [{ name: "KEY", value: "sk-plain", rotatedAt: today }] };
        const expected = typescriptProblems(() => new github.GithubAiToolEnvironment("ts-gh-plain", args));
        expect(await wireProblems(TOKEN.github, "wire-gh-plain", args)).toEqual(expected);
    });

    it("refuses `secrets` whose secretness arrives on the whole list (the older wire form), as TypeScript refuses `pulumi.secret([...])`", async () => {
        const expected = typescriptProblems(() => new github.GithubAiToolEnvironment("ts-gh-list", { ...base, secrets: pulumi.secret([{ name: "KEY", value: "sk", rotatedAt: today }]) as any }));
        expect(expected).toEqual(["`secrets`: use a list of `{ name, value, rotatedAt }`, or leave it out"]);
        expect(await wireProblems(TOKEN.github, "wire-gh-list", { ...base, secrets: [{ name: "KEY", value: secretMarker("sk"), rotatedAt: today }] })).toEqual(expected);
    });

    it("refuses a ruleset bypass by the tool and no human reviewer, with the TypeScript errors", async () => {
        const args = { ...base, reviewerTeamIds: undefined, bypassActors: [{ actorType: "Integration", actorId: 777, bypassMode: "always" }] };
        const expected = typescriptProblems(() => new github.GithubAiToolEnvironment("ts-gh-bad", args as any));
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(await wireProblems(TOKEN.github, "wire-gh-bad", args)).toEqual(expected);
    });
});

/**
 * `construct` at preview with inputs from another language: values the program cannot know yet
 * arrive as unknowns. Where an argument may be an Output (a Lambda ARN, a resource group) the
 * component builds its children with the value unknown, as in TypeScript; where it is governed
 * (owner, expiry, trust), an unknown is refused, because the policy pack could only report it as
 * advisory: the same errors a TypeScript program gets for an Output there.
 */
import * as pulumi from "@pulumi/pulumi";
import { pinClock } from "../helpers/clock";
import type { PackagedComponentProvider } from "../../provider/host";
import { installMocks, peek, UNKNOWN, type MockEstate } from "../helpers/mocks";
import { prReviewer, ROTATION_LAMBDA_ARN } from "../components/aws/fixtures";
import { supportAgent } from "../components/azure/fixtures";
import { NOT_PLAIN } from "../../contract/declaration";
import { childrenOf, constructFromWire, hostedProvider, outputMarker } from "./wire";

let estate: MockEstate;
let provider: PackagedComponentProvider;
let aws: typeof import("../../components/aws/aiToolIdentity");
let azure: typeof import("../../components/azure/aiToolIdentity");

beforeAll(async () => {
    // Components derive some dates from the clock (GCP's first rotation notice): freeze it, so two
    // constructions a second apart make the same children. Only Date is faked.
    pinClock(new Date());
    estate = await installMocks({ preview: true });
    aws = require("../../components/aws/aiToolIdentity");
    azure = require("../../components/azure/aiToolIdentity");
    provider = hostedProvider();
});

const LAMBDA_URN = "urn:pulumi:test::nhi-guard-test::aws:lambda/function:Function::rotate";
const RG_URN = "urn:pulumi:test::nhi-guard-test::azure-native:resources:ResourceGroup::rg";

function problems(build: () => unknown): string[] {
    try {
        build();
    } catch (err: any) {
        if (Array.isArray(err.problems)) return err.problems;
        throw err;
    }
    throw new Error("expected the arguments to be refused");
}

async function wireProblems(type: string, name: string, wire: Record<string, unknown>, deps: Record<string, string[]> = {}): Promise<string[]> {
    try {
        await constructFromWire(provider, type, name, wire, deps);
    } catch (err: any) {
        if (Array.isArray(err.problems)) return err.problems;
        throw err;
    }
    throw new Error("expected construct to refuse the arguments");
}

describe("construct at preview", () => {
    it("AWS: a rotation Lambda unknown until the update leaves only that input unknown; the governed tags and dates stay known", async () => {
        const args = prReviewer({ secrets: [{ name: "vendor-key" }] });
        const { state } = await constructFromWire(provider, aws.AwsAiToolIdentity.TYPE, "pv-aws", {
            ...args,
            secretRotationLambdaArn: outputMarker({ dependencies: [LAMBDA_URN] }),
        });
        await estate.settled();
        const rotation = estate.get("aws:secretsmanager/secretRotation:SecretRotation", "pv-aws-secret-vendor-key-rotation");
        expect(rotation.inputs.rotationLambdaArn).toBe(UNKNOWN);
        expect(rotation.propertyDependencies.rotationLambdaArn).toEqual([LAMBDA_URN]);
        const role = estate.get("aws:iam/role:Role", "pv-aws-role");
        expect(role.inputs.tags).toMatchObject({ "nhi:owner": "platform-team", "nhi:expires-at": args.expiresAt, "nhi:tool": "claude-code", "nhi:access": "read" });
        expect(JSON.stringify(role.inputs.assumeRolePolicy)).not.toContain(UNKNOWN);
        expect(state.expiresAt).toBe(args.expiresAt);
        expect((await peek(state.roleArn)).known).toBe(false);

        // The same program in TypeScript makes the same children.
        new aws.AwsAiToolIdentity("pv-aws-ts", { ...args, secretRotationLambdaArn: pulumi.output(ROTATION_LAMBDA_ARN) });
        await estate.settled();
        const strip = (views: ReturnType<typeof childrenOf>) => views.map((v) => ({ type: v.type, name: v.name }));
        expect(strip(childrenOf(estate.registrations, "pv-aws"))).toEqual(strip(childrenOf(estate.registrations, "pv-aws-ts")));
    });

    it("Azure: a resource group and a vault unknown at preview are passed through, with their dependencies", async () => {
        await constructFromWire(
            provider,
            azure.AzureAiToolIdentity.TYPE,
            "pv-azure",
            {
                ...supportAgent(),
                resourceGroupName: UNKNOWN,
                secrets: [{ name: "vendor-key" }],
                keyVault: { vaultName: outputMarker({ dependencies: [RG_URN] }) },
                secretValues: { "vendor-key": outputMarker({ secret: true }) },
            },
            { resourceGroupName: [RG_URN] },
        );
        await estate.settled();
        const identity = estate.get("azure-native:managedidentity:UserAssignedIdentity", "pv-azure-identity");
        expect(identity.inputs.resourceGroupName).toBe(UNKNOWN);
        expect(identity.propertyDependencies.resourceGroupName).toEqual([RG_URN]);
        expect(identity.inputs.tags).toMatchObject({ "nhi:owner": "support-platform", "nhi:tool": "claude-code" });
        const secret = estate.get("azure-native:keyvault:Secret", "pv-azure-secret-vendor-key");
        expect(secret.inputs.vaultName).toBe(UNKNOWN);
        expect(secret.secretInputs).toContain("properties");
    });

    it.each<[string, string, Record<string, unknown>]>([
        ["an expiry unknown at preview", "expiresAt", { expiresAt: UNKNOWN }],
        ["an owner that is an Output of another resource", "owner", { owner: outputMarker({ dependencies: [RG_URN] }) }],
        ["a trust whose repository is unknown", "trust.githubActions.repository", { trust: { githubActions: { repository: UNKNOWN, environment: "ai-review" } } }],
    ])("refuses %s, as TypeScript refuses an Output there", async (_, path, overrides) => {
        const field = path.split(".")[0];
        const wire = await wireProblems(aws.AwsAiToolIdentity.TYPE, `pv-bad-${field}`, { ...prReviewer(), ...overrides });
        expect(wire).toEqual([`\`${path}\`: ${NOT_PLAIN}`]);
        const outputInTypescript = field === "trust" ? { trust: { githubActions: { repository: pulumi.output("acme/app"), environment: "ai-review" } } } : { [field]: pulumi.output("x") };
        expect(problems(() => new aws.AwsAiToolIdentity(`pv-ts-${field}`, { ...prReviewer(), ...(outputInTypescript as any) }))).toEqual(wire);
    });
});

afterAll(() => jest.useRealTimers());

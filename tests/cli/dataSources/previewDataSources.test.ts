/**
 * The data-source model as the SDK sees it: the gate's `call` installed in `setMocks` (preview),
 * then the SDK's own getX()/getXOutput() functions, so the wire round trip (serializeProperties,
 * the unknown sentinel, the Output's known-ness) is the SDK's, not a copy of it.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { AnalysisError } from "../../../cli/errors";
import { PreviewDataSources, unknownDataSourcesNote } from "../../../cli/preview/dataSources";
import { UNKNOWN } from "../../../cli/preview/dataSources/unknownResult";

const ROOT = path.resolve(__dirname, "../../..");
const dataSources = new PreviewDataSources(
    { "aws:region": "eu-west-2", "aws:allowedAccountIds": '["111122223333"]', "azure-native:subscriptionId": "5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11" },
    { "aws:ec2/getSubnet:getSubnet": { cidrBlock: "10.1.0.0/24" } },
    ROOT,
);
let aws: typeof import("@pulumi/aws");
let authorization: typeof import("@pulumi/azure-native/authorization");

beforeAll(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: undefined, state: a.inputs }), call: dataSources.call }, "p", "dev", true);
    aws = require("@pulumi/aws");
    authorization = require("@pulumi/azure-native/authorization");
});

const known = (o: pulumi.Output<unknown>): Promise<boolean> => (o as any).isKnown;
const value = <T>(o: pulumi.Output<T>): Promise<T> => (o as any).promise();

describe("modelled data sources through the SDK", () => {
    it("computes getPolicyDocumentOutput's json, known, around an output", async () => {
        const doc = aws.iam.getPolicyDocumentOutput({
            statements: [{ actions: ["s3:GetObject"], resources: [pulumi.output("arn:aws:s3:::reports/*")] }],
        });
        expect(await known(doc.json)).toBe(true);
        expect(JSON.parse(await value(doc.json))).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }] });
    });

    it("answers the account context from stack config, in both forms", async () => {
        const caller = await aws.getCallerIdentity();
        expect(caller).toMatchObject({ accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/nhi-guard-preview" });
        expect(await value(aws.getRegionOutput().region)).toBe("eu-west-2");
        expect((await aws.getAvailabilityZones()).names[0]).toBe("eu-west-2a");
        expect((await authorization.getClientConfig()).subscriptionId).toBe("5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11");
    });

    it("answers in an explicit provider's region and, through its assumed role, its account", async () => {
        const west = new aws.Provider("west", { region: "us-west-2", assumeRoles: [{ roleArn: "arn:aws:iam::444455556666:role/platform/deploy", sessionName: "ci" }] });
        const caller = await aws.getCallerIdentity({}, { provider: west });
        expect(caller).toMatchObject({ accountId: "444455556666", arn: "arn:aws:sts::444455556666:assumed-role/deploy/ci", userId: "AROANHIGUARDPREVIEW00:ci" });
        expect((await aws.getRegion({}, { provider: west })).region).toBe("us-west-2");
        expect((await aws.getAvailabilityZones({}, { provider: west })).zoneIds[0]).toBe("usw2-az1");
        const tagged = new aws.Provider("tagged", { defaultTags: { tags: { "nhi:owner": "platform-team" } } });
        expect((await aws.getDefaultTags({}, { provider: tagged })).tags).toEqual({ "nhi:owner": "platform-team" });
        // The stack's own provider is untouched.
        expect((await aws.getCallerIdentity()).accountId).toBe("111122223333");
    });

    it("fails the invoke with the provider's message when the arguments are wrong", async () => {
        await expect(aws.iam.getPolicyDocument({ statements: [{ sid: "not-alphanumeric", actions: ["s3:*"] }] })).rejects.toThrow(
            "invocation of aws:iam/getPolicyDocument:getPolicyDocument returned an error: `statements[0].sid` must only include alphanumeric characters",
        );
    });
});

describe("unmodelled data sources", () => {
    it("makes the Output form unknown as a whole, never its arguments", async () => {
        const vpc = aws.ec2.getVpcOutput({ default: true });
        expect(await known(vpc.id)).toBe(false);
        expect(await known(vpc.cidrBlock)).toBe(false);
    });

    it("gives the promise form unknown fields, which the program can pass on but not dereference", async () => {
        const vpc = await aws.ec2.getVpc({ default: true });
        expect(pulumi.isUnknown(vpc.id)).toBe(true);
        expect(pulumi.isUnknown(vpc.cidrBlock)).toBe(true);
        expect((vpc as any).default).not.toBe(true);
    });

    it("lays an override over the unknown fields: given ones known, the rest still unknown", async () => {
        const subnet = await aws.ec2.getSubnet({ id: "subnet-1" });
        expect(subnet.cidrBlock).toBe("10.1.0.0/24");
        expect(pulumi.isUnknown(subnet.vpcId)).toBe(true);
    });

    it("records each unknown token once, in first-invoke order, and not the overridden one", () => {
        expect(dataSources.unknownTokens).toEqual(["aws:ec2/getVpc:getVpc"]);
        expect(unknownDataSourcesNote(dataSources.unknownTokens)).toMatch(/^data source `aws:ec2\/getVpc:getVpc` needs the cloud and was unknown offline: /);
    });
});

describe("the program failed", () => {
    it("is an analysis failure naming the data source when the failure is a missing value", () => {
        const e = dataSources.failure(new TypeError("Cannot read properties of undefined (reading '0')"));
        expect(e).toBeInstanceOf(AnalysisError);
        expect(e!.message).toBe(
            "the program could not run without the result of `aws:ec2/getVpc:getVpc`, which only the cloud has (Cannot read properties of undefined (reading '0')): " +
                "give it with `--data-source aws:ec2/getVpc:getVpc=FILE.json` (a JSON object of its result fields)",
        );
    });

    it("stays the program's own error otherwise, or when no data source was unknown", () => {
        expect(dataSources.failure(new Error("`owner` is required: set owner"))).toBeUndefined();
        expect(new PreviewDataSources({}).failure(new TypeError("x is undefined"))).toBeUndefined();
    });

    it("answers the raw mock call with the sentinel for every field of the SDK's result type", () => {
        const r = new PreviewDataSources({}, {}, ROOT).call({ token: "aws:ec2/getVpc:getVpc", inputs: { default: true } });
        expect(Object.keys(r)).toEqual(expect.arrayContaining(["arn", "cidrBlock", "id", "ownerId", "tags"]));
        expect(new Set(Object.values(r))).toEqual(new Set([UNKNOWN]));
        expect(Object.keys(new PreviewDataSources({}, {}, ROOT).call({ token: "nosuch:index/getThing:getThing", inputs: {} }))).toEqual(["__unknownResult"]);
    });
});

import { accountContext, awsPartitionOf, providerConfig } from "../../../cli/preview/dataSources/accountContext";

describe("accountContext", () => {
    it("uses the documented defaults when config says nothing", () => {
        const c = accountContext({});
        expect(c.aws).toEqual({
            accountId: "123456789012",
            partition: "aws",
            region: "us-east-1",
            dnsSuffix: "amazonaws.com",
            reverseDnsPrefix: "com.amazonaws",
            availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
            zoneIds: ["use1-az1", "use1-az2", "use1-az3"],
            callerArn: "arn:aws:iam::123456789012:user/nhi-guard-preview",
            userId: "AIDANHIGUARDPREVIEW00",
        });
        expect(c.azure.subscriptionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(c.gcp).toEqual({
            project: "nhi-guard-preview",
            projectNumber: "123456789012",
            region: "us-central1",
            zone: "us-central1-a",
            clientEmail: "nhi-guard-preview@nhi-guard-preview.iam.gserviceaccount.com",
        });
    });

    it("takes the account, region, subscription and project from stack config", () => {
        const c = accountContext({
            "aws:region": "cn-north-1",
            "aws:allowedAccountIds": '["111122223333","444455556666"]',
            "azure-native:subscriptionId": "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa",
            "azure-native:tenantId": "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb",
            "gcp:project": "acme-prod",
            "gcp:region": "europe-west4",
        });
        expect(c.aws.accountId).toBe("111122223333");
        expect(c.aws.partition).toBe("aws-cn");
        expect(c.aws.dnsSuffix).toBe("amazonaws.com.cn");
        expect(c.aws.callerArn).toBe("arn:aws-cn:iam::111122223333:user/nhi-guard-preview");
        expect(c.aws.zoneIds[0]).toBe("cnn1-az1");
        expect(c.azure.subscriptionId).toBe("aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa");
        expect(c.azure.tenantId).toBe("bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb");
        expect(c.gcp).toMatchObject({ project: "acme-prod", region: "europe-west4", zone: "europe-west4-a" });
    });

    it("lets an override of the data source win over config, so resources and data sources agree", () => {
        const c = accountContext(
            { "aws:allowedAccountIds": '["111122223333"]', "aws:region": "eu-west-1" },
            {
                "aws:index/getCallerIdentity:getCallerIdentity": { arn: "arn:aws:sts::999988887777:assumed-role/ci/run" },
                "aws:index/getRegion:getRegion": { region: "ap-northeast-2" },
                "gcp:organizations/getProject:getProject": { projectId: "p1", number: "000011112222" },
            },
        );
        expect(c.aws.accountId).toBe("999988887777");
        expect(c.aws.region).toBe("ap-northeast-2");
        expect(c.aws.zoneIds[1]).toBe("apne2-az2");
        expect(c.gcp).toMatchObject({ project: "p1", projectNumber: "000011112222" });
    });

    it("acts in the account of the role the provider assumes, as getCallerIdentity would answer", () => {
        const c = accountContext({ "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::222233334444:role/org/ci-deploy" }]), "aws:allowedAccountIds": '["222233334444"]' });
        expect(c.aws).toMatchObject({ accountId: "222233334444", callerArn: "arn:aws:sts::222233334444:assumed-role/ci-deploy/nhi-guard-preview" });
        expect(accountContext({ "aws:assumeRole": JSON.stringify({ roleArn: "arn:aws:iam::333344445555:role/x", sessionName: "s1" }) }).aws.userId).toBe("AROANHIGUARDPREVIEW00:s1");
    });

    it("reads an explicit provider's inputs over the stack's keys of its package", () => {
        const config = providerConfig({ "aws:region": "eu-west-1", "gcp:project": "p" }, "aws", { region: "ap-south-1", skipCredentialsValidation: true, version: "7.0.0" });
        expect(config).toEqual({ "aws:region": "ap-south-1", "aws:skipCredentialsValidation": "true", "gcp:project": "p" });
    });

    it("derives the partition the provider derives from the region", () => {
        expect(awsPartitionOf("us-gov-west-1").partition).toBe("aws-us-gov");
        expect(awsPartitionOf("us-iso-east-1")).toEqual({ partition: "aws-iso", dnsSuffix: "c2s.ic.gov", reverseDnsPrefix: "gov.ic.c2s" });
        expect(awsPartitionOf("us-isob-east-1").partition).toBe("aws-iso-b");
        expect(awsPartitionOf("eu-central-1").partition).toBe("aws");
    });
});

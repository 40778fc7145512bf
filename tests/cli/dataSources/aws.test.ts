/**
 * The AWS data sources answered offline, against the values the provider documents for them
 * (the field docs of @pulumi/aws getServicePrincipal, getArn, getRegion, getPartition).
 */
import { accountContext } from "../../../cli/preview/dataSources/accountContext";
import * as aws from "../../../cli/preview/dataSources/aws";

const ctx = accountContext({ "aws:region": "us-east-1" });

describe("getServicePrincipal", () => {
    it("is `<service>.amazonaws.com` with the region in its id, as documented for AWS Commercial", () => {
        expect(aws.getServicePrincipal({ serviceName: "logs" }, ctx)).toEqual({
            id: "logs.us-east-1.amazonaws.com",
            name: "logs.amazonaws.com",
            region: "us-east-1",
            serviceName: "logs",
            suffix: "amazonaws.com",
        });
    });

    it("uses the partition's suffix only for the services that need it (documented: logs in AWS China)", () => {
        expect(aws.getServicePrincipal({ serviceName: "logs", region: "cn-north-1" }, ctx)).toMatchObject({ id: "logs.cn-north-1.amazonaws.com.cn", name: "logs.amazonaws.com.cn" });
        expect(aws.getServicePrincipal({ serviceName: "lambda", region: "cn-north-1" }, ctx).name).toBe("lambda.amazonaws.com");
        expect(aws.getServicePrincipal({ serviceName: "s3", region: "us-iso-east-1" }, ctx).name).toBe("s3.amazonaws.com");
        expect(aws.getServicePrincipal({ serviceName: "config", region: "us-iso-east-1" }, ctx).name).toBe("config.c2s.ic.gov");
    });
});

describe("getArn", () => {
    it("parses the documented example, the resource keeping its colons", () => {
        expect(aws.getArn({ arn: "arn:aws:rds:eu-west-1:123456789012:db:mysql-db" })).toEqual({
            account: "123456789012",
            arn: "arn:aws:rds:eu-west-1:123456789012:db:mysql-db",
            id: "arn:aws:rds:eu-west-1:123456789012:db:mysql-db",
            partition: "aws",
            region: "eu-west-1",
            resource: "db:mysql-db",
            service: "rds",
        });
    });

    it("fails as arn.Parse does", () => {
        expect(() => aws.getArn({ arn: "rds:eu-west-1" })).toThrow("arn: invalid prefix");
        expect(() => aws.getArn({ arn: "arn:aws:s3" })).toThrow("arn: not enough sections");
    });
});

describe("account context data sources", () => {
    it("getRegion names the region both ways (v7: `region`, deprecated `name`), or the one asked for", () => {
        expect(aws.getRegion({}, ctx)).toEqual({ description: "US East (N. Virginia)", endpoint: "ec2.us-east-1.amazonaws.com", id: "us-east-1", name: "us-east-1", region: "us-east-1" });
        expect(aws.getRegion({ region: "cn-northwest-1" }, ctx)).toMatchObject({ endpoint: "ec2.cn-northwest-1.amazonaws.com.cn", region: "cn-northwest-1" });
    });

    it("getPartition and getCallerIdentity agree with the context", () => {
        expect(aws.getPartition({}, ctx)).toEqual({ dnsSuffix: "amazonaws.com", id: "aws", partition: "aws", reverseDnsPrefix: "com.amazonaws" });
        expect(aws.getCallerIdentity({}, ctx)).toEqual({ accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/nhi-guard-preview", id: "123456789012", userId: "AIDANHIGUARDPREVIEW00" });
    });

    it("getAvailabilityZones applies its exclusions and serves another region", () => {
        expect(aws.getAvailabilityZones({ excludeNames: ["us-east-1b"], excludeZoneIds: ["use1-az3"] }, ctx)).toMatchObject({ names: ["us-east-1a"], zoneIds: ["use1-az1"], groupNames: ["us-east-1"], id: "us-east-1" });
        expect(aws.getAvailabilityZones({ region: "ap-southeast-2" }, ctx)).toMatchObject({ names: ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"], zoneIds: ["apse2-az1", "apse2-az2", "apse2-az3"] });
    });

    it("getDefaultTags returns the provider's default tags without aws: and ignored keys", () => {
        const config = {
            "aws:defaultTags": JSON.stringify({ tags: { "nhi:owner": "platform-team", "aws:cloudformation:stack": "x", team: "a", "tmp-build": "1" } }),
            "aws:ignoreTags": JSON.stringify({ keys: ["team"], keyPrefixes: ["tmp-"] }),
        };
        expect(aws.getDefaultTags({}, ctx, config)).toEqual({ id: "aws", tags: { "nhi:owner": "platform-team" } });
        expect(aws.getDefaultTags({}, ctx, {})).toEqual({ id: "aws", tags: {} });
    });
});

describe("lookups by name", () => {
    it("getOpenIdConnectProvider: the ARN IAM gives a provider of that URL in the account, the URL as AWS returns it", () => {
        expect(aws.getOpenIdConnectProvider({ url: "https://token.actions.githubusercontent.com" }, ctx)).toEqual({
            arn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
            id: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
            tags: {},
            url: "token.actions.githubusercontent.com",
        });
        expect(aws.getOpenIdConnectProvider({ arn: "arn:aws:iam::999999999999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" }, ctx)).toMatchObject({
            arn: "arn:aws:iam::999999999999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            url: "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        });
        expect(aws.getOpenIdConnectProvider({ tags: { team: "x" } }, ctx)).toBeUndefined();
    });

    it("getBucket: the bucket's ARN and domain names, in the partition of its region", () => {
        expect(aws.getBucket({ bucket: "acme-docs" }, ctx)).toEqual({
            arn: "arn:aws:s3:::acme-docs",
            bucket: "acme-docs",
            bucketDomainName: "acme-docs.s3.amazonaws.com",
            bucketRegion: "us-east-1",
            bucketRegionalDomainName: "acme-docs.s3.us-east-1.amazonaws.com",
            id: "acme-docs",
            region: "us-east-1",
        });
        expect(aws.getBucket({ bucket: "b", region: "cn-north-1" }, ctx)).toMatchObject({ arn: "arn:aws-cn:s3:::b", bucketDomainName: "b.s3.amazonaws.com.cn" });
    });
});

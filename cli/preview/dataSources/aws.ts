/**
 * AWS data sources the preview answers without a cloud call: the account context (caller
 * identity, region, availability zones, partition; values from ./accountContext.ts) and `getArn`,
 * which the provider computes by parsing its argument (aws-sdk-go-v2 `arn.Parse`).
 */
import { AccountContext, awsPartitionOf, zoneIdPrefix } from "./accountContext";
import { DataSourceInputError } from "./awsPolicyDocument";

/** Region descriptions as the provider's endpoint data names them (`getRegion().description`). */
const REGION_DESCRIPTIONS: Record<string, string> = {
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "cn-north-1": "China (Beijing)",
    "cn-northwest-1": "China (Ningxia)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "sa-east-1": "South America (Sao Paulo)",
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-gov-east-1": "AWS GovCloud (US-East)",
    "us-gov-west-1": "AWS GovCloud (US-West)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
};

function regionOf(args: Record<string, any>, ctx: AccountContext): string {
    const asked = [args.region, args.name].find((v) => typeof v === "string" && v);
    if (asked) return asked;
    const endpoint = typeof args.endpoint === "string" ? /^ec2\.([a-z0-9-]+)\./.exec(args.endpoint)?.[1] : undefined;
    return endpoint ?? ctx.aws.region;
}

export function getCallerIdentity(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    return { accountId: ctx.aws.accountId, arn: ctx.aws.callerArn, id: ctx.aws.accountId, userId: ctx.aws.userId };
}

export function getPartition(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const { partition, dnsSuffix, reverseDnsPrefix } = ctx.aws;
    return { dnsSuffix, id: partition, partition, reverseDnsPrefix };
}

/** v7 names the region both `region` and (deprecated) `name`; another region than the provider's may be asked for. */
export function getRegion(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const region = regionOf(args, ctx);
    const { dnsSuffix } = awsPartitionOf(region);
    return {
        description: REGION_DESCRIPTIONS[region] ?? region,
        endpoint: `ec2.${region}.${dnsSuffix}`,
        id: region,
        name: region,
        region,
    };
}

export function getAvailabilityZones(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const region = typeof args.region === "string" && args.region ? args.region : ctx.aws.region;
    let names = ctx.aws.availabilityZones;
    let zoneIds = ctx.aws.zoneIds;
    if (region !== ctx.aws.region) {
        // Another region than the provider's: as many zones as the context has, named the same way.
        names = names.map((n) => region + n.slice(ctx.aws.region.length));
        zoneIds = names.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`);
    }
    const excludeNames = new Set<string>(Array.isArray(args.excludeNames) ? args.excludeNames : []);
    const excludeIds = new Set<string>(Array.isArray(args.excludeZoneIds) ? args.excludeZoneIds : []);
    const keep = names.map((n, i) => !excludeNames.has(n) && !excludeIds.has(zoneIds[i]));
    return {
        ...args,
        groupNames: keep.some(Boolean) ? [region] : [],
        id: region,
        names: names.filter((_, i) => keep[i]),
        region,
        zoneIds: zoneIds.filter((_, i) => keep[i]),
    };
}

/** arn.Parse: `arn:partition:service:region:account:resource`, the resource keeping any further colons. */
export function getArn(args: Record<string, any>): Record<string, unknown> {
    const arn = args.arn;
    if (typeof arn !== "string") throw new DataSourceInputError("`arn` is required");
    if (!arn.startsWith("arn:")) throw new DataSourceInputError(`\`arn\` (${arn}): arn: invalid prefix`);
    const sections = arn.split(":");
    if (sections.length < 6) throw new DataSourceInputError(`\`arn\` (${arn}): arn: not enough sections`);
    const [, partition, service, region, account] = sections;
    return { account, arn, id: arn, partition, region, resource: sections.slice(5).join(":"), service };
}

/**
 * The suffix of a service principal (`lambda.amazonaws.com`): `amazonaws.com` everywhere but for a
 * few services in the China and ISO partitions, which use the partition's DNS suffix
 * (terraform-provider-aws service_principal_data_source.go, after aws-cdk's region-info).
 */
const PARTITION_SUFFIX_SERVICES: Record<string, string[]> = {
    "aws-iso": ["cloudhsm", "config", "logs", "workspaces"],
    "aws-iso-b": ["dms", "logs"],
    "aws-cn": ["codedeploy", "elasticmapreduce", "logs"],
};

export function getServicePrincipal(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const serviceName = args.serviceName;
    if (typeof serviceName !== "string" || !serviceName) throw new DataSourceInputError("`serviceName` is required");
    const region = typeof args.region === "string" && args.region ? args.region : ctx.aws.region;
    const { partition, dnsSuffix } = awsPartitionOf(region);
    const suffix = PARTITION_SUFFIX_SERVICES[partition]?.includes(serviceName) ? dnsSuffix : "amazonaws.com";
    return { id: `${serviceName}.${region}.${suffix}`, name: `${serviceName}.${suffix}`, region, serviceName, suffix };
}

/**
 * The provider's `defaultTags` (stack config `aws:defaultTags`, `{"tags": {...}}`), without `aws:`
 * keys and the ones `aws:ignoreTags` names, as terraform-provider-aws default_tags_data_source.go.
 */
export function getDefaultTags(_args: Record<string, any>, ctx: AccountContext, config: Readonly<Record<string, string>> = {}): Record<string, unknown> {
    const parse = (key: string): any => {
        try {
            return config[key] ? JSON.parse(config[key]) : undefined;
        } catch {
            return undefined;
        }
    };
    const tags: Record<string, unknown> = parse("aws:defaultTags")?.tags ?? {};
    const ignore = parse("aws:ignoreTags") ?? {};
    const keys = new Set<string>(Array.isArray(ignore.keys) ? ignore.keys : []);
    const prefixes: string[] = Array.isArray(ignore.keyPrefixes) ? ignore.keyPrefixes : [];
    const kept = Object.entries(tags).filter(([k]) => !k.startsWith("aws:") && !keys.has(k) && !prefixes.some((p) => k.startsWith(p)));
    return { id: ctx.aws.partition, tags: Object.fromEntries(kept.map(([k, v]) => [k, String(v)])) };
}

/**
 * Lookups by name whose identifiers follow from the name and the account: the deployment would
 * find the account's resource of that name, and its ARN can only be this one. Fields the name does
 * not determine are left out rather than unknown, since one unknown field makes the whole Output
 * form unknown and would hide the ARN a trust or grant is built from.
 */

/** `aws_iam_openid_connect_provider` by `arn` or `url` (matched without `https://`; AWS returns the URL without it). */
export function getOpenIdConnectProvider(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> | undefined {
    const given = typeof args.arn === "string" && args.arn ? args.arn : undefined;
    const url = typeof args.url === "string" && args.url ? args.url : undefined;
    if (!given && !url) return undefined;
    const hostPath = given ? given.split("/").slice(1).join("/") : url!.replace(/^https:\/\//, "");
    const arn = given ?? `arn:${ctx.aws.partition}:iam::${ctx.aws.accountId}:oidc-provider/${hostPath}`;
    return { arn, id: arn, tags: args.tags ?? {}, url: hostPath };
}

/** `aws_s3_bucket` by name: its ARN and domain names, in the region asked for or the provider's. */
export function getBucket(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> | undefined {
    const bucket = args.bucket;
    if (typeof bucket !== "string" || !bucket) return undefined;
    const region = typeof args.region === "string" && args.region ? args.region : ctx.aws.region;
    const { partition, dnsSuffix } = awsPartitionOf(region);
    return {
        arn: `arn:${partition}:s3:::${bucket}`,
        bucket,
        bucketDomainName: `${bucket}.s3.${dnsSuffix}`,
        bucketRegion: region,
        bucketRegionalDomainName: `${bucket}.s3.${region}.${dnsSuffix}`,
        id: bucket,
        region,
    };
}
